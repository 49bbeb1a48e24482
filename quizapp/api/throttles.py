"""Rates are in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] under `auth`, `writes` and
`starts`. The pages use the same classes (quizapp.web.limits), so a page and its endpoint
share one rule and one count."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class AuthRateThrottle(SimpleRateThrottle):
    """Registering and asking for a token, counted per client address: guessing passwords
    is slow whoever is logged in."""

    scope = "auth"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class WriteRateThrottle(UserRateThrottle):
    """Changes (POST, PUT, PATCH, DELETE), counted per user; reads such as polling are free."""

    scope = "writes"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class AttemptStartThrottle(UserRateThrottle):
    """Starting attempts, counted per user: each start writes a row per part (41 for the
    whole exam), so a script starting hundreds a minute costs everyone."""

    scope = "starts"
