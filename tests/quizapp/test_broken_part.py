"""A part whose answer spec is broken: students are told it cannot be graded now, never the
engine's message, which quotes the reference answer."""

import logging

import pytest

from quizapp.models import Part
from quizapp.services import InvalidInput, answer_read, answer_save, attempt_start
from quizapp.services.answers import PART_BROKEN
from tests.factories import ExamFactory, PartFactory, QuestionFactory

pytestmark = pytest.mark.django_db

REFERENCE = "x^^2"


@pytest.fixture
def broken_part() -> Part:
    question = QuestionFactory(exam=ExamFactory(slug="broken"))
    # Saved without Part.clean(), as a bank edited by hand or an older engine could leave it.
    return PartFactory(
        question=question,
        kind=Part.Kind.EXPRESSION,
        answer={"expected": REFERENCE, "variables": ["x"]},
    )


def test_reading_an_answer_to_a_broken_part_does_not_quote_the_reference(broken_part, caplog):
    with caplog.at_level(logging.ERROR, logger="quizapp.services.answers"):
        reading = answer_read(part=broken_part, text="x^2")
    assert reading.error == PART_BROKEN
    assert REFERENCE in caplog.text  # the detail goes to the instructors' log


def test_saving_an_answer_to_a_broken_part_is_refused_without_the_reference(broken_part, student):
    attempt = attempt_start(student=student, exam=broken_part.question.exam, mode="exam")
    with pytest.raises(InvalidInput) as refused:
        answer_save(attempt=attempt, part_id=broken_part.pk, answer="x^2")
    assert refused.value.message == PART_BROKEN
    assert REFERENCE not in refused.value.message


def test_the_validate_endpoint_does_not_quote_the_reference(broken_part, student):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(student)
    body = api.post("/api/validate/", {"part_id": broken_part.pk, "answer": "x"}).json()
    assert body["error"] == PART_BROKEN
    assert REFERENCE not in str(body)
