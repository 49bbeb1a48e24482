"""Accounts for API clients: registering (when the site allows it), getting a token and
revoking it. Tokens are django-rest-knox's: stored hashed, expiring after API_TOKEN_HOURS,
all revoked when the password changes (quizapp/signals.py)."""

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator
from rest_framework.views import APIView

from quizapp.accounts import validate_username_not_look_alike
from quizapp.api.base import QuizApi
from quizapp.api.schema import error
from quizapp.api.throttles import AuthRateThrottle
from quizapp.tokens import token_issue

REGISTRATION_CLOSED = "Registration is closed on this site; ask an instructor for an account."


class UsernameField(serializers.CharField):
    """A username as Django will store it (NFKC: "ｂｏｂ" is "bob"), so that the uniqueness
    check sees the name that would be saved."""

    def to_internal_value(self, data: object) -> str:
        return User.normalize_username(super().to_internal_value(data))


class RegisterIn(serializers.Serializer):
    username = UsernameField(
        max_length=150,
        validators=[
            UnicodeUsernameValidator(),
            validate_username_not_look_alike,
            UniqueValidator(User.objects.all(), lookup="iexact", message="This username is taken."),
        ],
    )
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        try:
            password_validation.validate_password(
                attrs["password"], User(username=attrs["username"])
            )
        except DjangoValidationError as problem:
            raise serializers.ValidationError({"password": list(problem.messages)}) from problem
        return attrs


class RegisterOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        # The Django request, which django-axes marks when the account is locked out.
        request = self.context["request"]._request
        user = authenticate(request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError("These username and password do not match.")
        return {"user": user}


class TokenOut(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class Register(QuizApi, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        request=RegisterIn,
        responses={201: RegisterOut, 403: error("Registration is switched off on this site.")},
    )
    def post(self, request: Request) -> Response:
        if not settings.ALLOW_REGISTRATION:
            raise PermissionDenied(REGISTRATION_CLOSED)
        data = RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    data.validated_data["username"], password=data.validated_data["password"]
                )
                instance, token = token_issue(user=user)
        except IntegrityError as taken:  # the same name registered a moment earlier
            raise serializers.ValidationError({"username": ["This username is taken."]}) from taken
        return Response(
            RegisterOut(
                {
                    "id": user.pk,
                    "username": user.username,
                    "token": token,
                    "expiry": instance.expiry,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ObtainToken(QuizApi, APIView):
    """Failed log-ins lock the account (quizapp/logins.py), whatever the address: no
    per-address limit here, so a hall behind one NAT address can log in at once."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        request=TokenIn,
        responses={
            200: TokenOut,
            429: error("Too many failed log-ins for this account: paused, see `Retry-After`."),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        instance, token = token_issue(user=data.validated_data["user"])
        return Response(TokenOut({"token": token, "expiry": instance.expiry}).data)


class Logout(QuizApi, APIView):
    """Revoke the token this request was sent with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAll(QuizApi, APIView):
    """Revoke every token of this account (a lost laptop)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        AuthToken.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
