from django.contrib import admin
from django.urls import include, path

from quizapp.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("quizapp.api.urls")),
    path("", include("quizapp.web.urls")),
]
