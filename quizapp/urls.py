from django.contrib import admin
from django.urls import include, path

from quizapp.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("quizapp.api.urls")),
    path("", include("quizapp.web.urls")),
]

# PostgreSQL out of reach: 503 with Retry-After; anything else Django's 500 page.
handler500 = "quizapp.web.views.errors.server_error"
