"""The OpenAPI schema documents the errors each endpoint can answer, not only its successes:
clients (and schemathesis) can rely on every status code being listed."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny

from quizapp.api.throttles import AuthRateThrottle, WriteRateThrottle


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a student can read.")


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='The body is malformed: `{"field": ["message", ...]}` for each field at fault, '
    'or `{"detail": "..."}`.',
)


class TokenScheme(KnoxTokenScheme):
    """quizapp.tokens checks knox's tokens: the schema declares the same `Token` header."""

    target_class = "quizapp.tokens.TokenAuthentication"


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorOut, description=description)


class QuizAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._possible_errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _possible_errors(self) -> dict[str, OpenApiResponse]:
        errors = {}
        if self.method in ("POST", "PUT", "PATCH") or self.get_override_parameters():
            errors["400"] = FIELD_ERRORS
        elif "{" in self.path:
            errors["400"] = error("A NUL character in the path (quizapp.middleware).")
        if not any(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            errors["401"] = error("No valid `Authorization: Token ...` header or session.")
            errors["403"] = error("Not allowed for this user, or a session without CSRF token.")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            errors["404"] = error("No such object for this user (or no such page).")
        throttles = getattr(self.view, "throttle_classes", [])
        if AuthRateThrottle in throttles or (
            WriteRateThrottle in throttles and self.method not in SAFE_METHODS
        ):
            errors["429"] = error("Too many requests; retry after the `Retry-After` seconds.")
        # Every endpoint reads the database: while PostgreSQL restarts (quizapp/outage.py).
        errors["503"] = error("The database is unavailable; retry after `Retry-After` seconds.")
        return errors
