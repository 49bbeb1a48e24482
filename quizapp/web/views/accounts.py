"""Sign up and log in. Failed log-ins lock the account for a while (quizapp/logins.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from quizapp.api.throttles import AuthRateThrottle
from quizapp.logins import USERNAME_MAX_LENGTH, LoginForm
from quizapp.web.forms import SignupForm
from quizapp.web.limits import page_throttled

TOO_LONG = f"A username has at most {USERNAME_MAX_LENGTH} characters."


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
    # django-axes refuses a locked-out account inside authenticate() and its middleware
    # answers with quizapp.logins.locked_out.
    if len(request.POST.get("username", "")) > USERNAME_MAX_LENGTH:
        form = LoginForm(request)
        form.errors["username"] = form.error_class([TOO_LONG])
        context = {"form": form, "next": _next_url(request)}
        return render(request, "registration/login.html", context, status=400)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        return redirect(_next_url(request))
    return render(request, "registration/login.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
@page_throttled(AuthRateThrottle)
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


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Changing the password also revokes every API token (quizapp/signals.py)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this browser stays logged in
        messages.success(request, "Your password has been changed.")
        return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})
