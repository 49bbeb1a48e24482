"""Sign up and log in. Log-in failures are counted so that passwords cannot be guessed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from quizapp.web import throttle
from quizapp.web.forms import SignupForm

TOO_MANY = (
    "Too many failed log-ins for this username. For your account's safety, wait "
    "{minutes} minutes and try again."
)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        username = request.POST.get("username", "")
        if throttle.login_blocked(request, username):
            form = AuthenticationForm(request, initial={"username": username})
            messages.error(request, TOO_MANY.format(minutes=throttle.WINDOW_SECONDS // 60))
            response = render(
                request,
                "registration/login.html",
                {"form": form, "next": _next_url(request)},
                status=429,
            )
            response["Retry-After"] = str(throttle.WINDOW_SECONDS)
            return response
        if form.is_valid():
            throttle.login_succeeded(request, username)
            auth_login(request, form.get_user())
            return redirect(_next_url(request))
        throttle.login_failed(request, username)
    return render(request, "registration/login.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.ALLOW_REGISTRATION:
        raise Http404("Sign-up is closed.")
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}! Pick an exam to practise.")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})
