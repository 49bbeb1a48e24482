"""One lock-out policy for every way in: the log-in page, the admin's and the API token.

django-axes counts failed log-ins (never successful ones) in the cache, keyed on the account
as Django would find it: NFKC-normalised and case-folded, so that `ｂob`, `𝐛ob` and `Bob`
all count against bob. After `LOGIN_FAILURE_LIMIT` failures the account is locked for
`LOGIN_COOLOFF_MINUTES`, counted from the lock-out (further guesses do not extend it), so
the owner gets back in. Settings in quizapp/settings.py; see docs/security.md.
"""

import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# A username longer than the field cannot be an account: refused before any work.
USERNAME_MAX_LENGTH = 150

LOCKED = (
    "Too many failed log-ins for this account. For its safety, log-ins are paused for "
    "{minutes} minutes; then try again."
)


class BoundedUsername:
    """AuthenticationForm sets the username's max_length after the field is built, so the
    length is not checked: a 2 MB username reached authenticate(). Here it is refused
    before."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX_LENGTH))


class LoginForm(BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    pass


def account_key(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a log-in is for, as axes counts it (AXES_USERNAME_CALLABLE)."""
    if credentials:
        raw = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        raw = data.get("username")
    if not isinstance(raw, str) or not raw.strip():
        return None
    # Bounded: the caller refused anything longer than the field before authenticating.
    folded = unicodedata.normalize("NFKC", raw).strip().casefold()
    return unicodedata.normalize("NFKC", folded)[:USERNAME_MAX_LENGTH]


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The answer to a locked-out log-in (AXES_LOCKOUT_CALLABLE): JSON under /api/, the
    log-in page otherwise (the admin's included), with Retry-After."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    message = LOCKED.format(minutes=minutes)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        messages.error(request, message)
        username = request.POST.get("username", "")[:USERNAME_MAX_LENGTH]
        form = LoginForm(request, initial={"username": username})
        response = render(request, "registration/login.html", {"form": form}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
