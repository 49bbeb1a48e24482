"""API clients authenticated by token, a small exam, and throttles counted per test."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from knox.models import AuthToken
from rest_framework.test import APIClient

from quizapp.models import Exam
from tests.factories import exam_of_every_kind as build_small_exam


@pytest.fixture
def client_for(db) -> Callable[[User | None], APIClient]:
    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, token = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def api(client_for, student) -> APIClient:
    """The student alice's client."""
    return client_for(student)


@pytest.fixture
def small_exam(db) -> Exam:
    return build_small_exam(slug="small")
