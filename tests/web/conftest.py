"""The pages' tests: a small exam, a logged-in client per user, attempts ready to answer."""

import pytest
from django.test import Client

from quizapp.models import Attempt, Exam, Part
from quizapp.services import attempt_start
from tests.factories import exam_with_key_markers as build_small_exam


@pytest.fixture
def small_exam(db) -> Exam:
    return build_small_exam(slug="small")


@pytest.fixture
def alice(client: Client, student) -> Client:
    """The student alice, logged in."""
    client.force_login(student)
    return client


@pytest.fixture
def bob(student, outsider) -> Client:
    """Another student, bob, logged in on his own client."""
    other = Client()
    other.force_login(outsider)
    return other


@pytest.fixture
def practice(student, small_exam) -> Attempt:
    return attempt_start(student=student, exam=small_exam, mode="practice")


@pytest.fixture
def exam_attempt(student, small_exam) -> Attempt:
    return attempt_start(student=student, exam=small_exam, mode="exam")


def part_of(attempt: Attempt, kind: str) -> Part:
    return attempt.responses.get(part__kind=kind).part


HTMX = {"HTTP_HX_REQUEST": "true"}
