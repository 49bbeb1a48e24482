"""API tokens (django-rest-knox's): issued here, and checked on every API request in one
query. Knox's own check also reads every other token of the account, on every request, to
delete the expired ones; here that sweep happens once, when a token is issued."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.signals import token_expired


def token_issue(*, user: AbstractBaseUser, now: datetime | None = None) -> tuple[AuthToken, str]:
    """A new token for `user` (the instance and the secret, shown once); the account's expired
    tokens are deleted on the way."""
    AuthToken.objects.filter(user=user, expiry__lt=now or timezone.now()).delete()
    return AuthToken.objects.create(user=user)


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's check, with only the presented token's expiry looked at: one query (the token
    and its user) instead of two."""

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True
