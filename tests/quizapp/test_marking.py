"""Grading a response (what the Celery task runs): idempotent, bounded in tries, and never
mixing a student's own marking with automatic or instructor points."""

from decimal import Decimal

import pytest
from django.conf import settings

from quizapp.models import Attempt, Part, Response
from quizapp.services import (
    AttemptClosed,
    InvalidInput,
    NotAllowed,
    answer_save,
    attempt_start,
    attempt_submit,
    response_check,
    response_grade,
    response_review,
    response_self_mark,
)
from quizapp.tasks import grade_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(exam, student) -> Attempt:
    return attempt_start(student=student, exam=exam, mode=Attempt.Mode.PRACTICE)


def _part(number: int, kind: str) -> Part:
    return Part.objects.filter(question__number=number, kind=kind).first()


def _correct_option(part: Part) -> str:
    return str(part.options.get(correct=True).pk)


def _pending(attempt: Attempt, part: Part, answer: str) -> Response:
    response = answer_save(attempt=attempt, part_id=part.pk, answer=answer)
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.PENDING, queued_revision=response.revision
    )
    return Response.objects.get(pk=response.pk)


def test_a_right_choice_gets_the_parts_points(practice, django_capture_on_commit_callbacks):
    part = _part(10, "choice")
    answer_save(attempt=practice, part_id=part.pk, answer=_correct_option(part))
    with django_capture_on_commit_callbacks(execute=True):
        response_check(attempt=practice, part=part)
    response = Response.objects.get(attempt=practice, part=part)
    assert (response.status, response.correct, response.auto_score) == ("graded", True, 2)


def test_grading_twice_yields_one_verdict(practice):
    part = _part(10, "choice")
    response = _pending(practice, part, _correct_option(part))
    assert response_grade(response_id=response.pk, revision=response.revision) == "graded"
    first = Response.objects.get(pk=response.pk)
    assert response_grade(response_id=response.pk, revision=response.revision).startswith("skipped")
    again = Response.objects.get(pk=response.pk)
    assert (again.graded_at, again.grading_tries) == (first.graded_at, first.grading_tries)


def test_a_task_for_an_answer_changed_since_is_skipped(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM)
    part = _part(10, "choice")
    response = _pending(attempt, part, _correct_option(part))
    wrong = str(part.options.filter(correct=False).first().pk)
    answer_save(attempt=attempt, part_id=part.pk, answer=wrong)
    assert grade_response.run(response.pk, response.revision).startswith("skipped")
    assert Response.objects.get(pk=response.pk).auto_score is None


def test_a_poison_answer_is_given_up_after_the_maximum_tries(practice):
    part = _part(10, "choice")
    response = _pending(practice, part, _correct_option(part))
    Response.objects.filter(pk=response.pk).update(grading_tries=settings.GRADING_MAX_TRIES)
    assert response_grade(response_id=response.pk, revision=response.revision) == "gave up"
    response.refresh_from_db()
    assert response.status == Response.Status.ERROR
    assert "could not be graded automatically" in response.feedback
    assert "Traceback" not in response.feedback


def test_an_equivalent_expression_is_graded_right_with_the_engine_version(practice):
    part = _part(34, "expression")
    response = _pending(practice, part, "sigma(cz)(1 + cz(1 - sigma(cz)))")
    response_grade(response_id=response.pk, revision=response.revision)
    response.refresh_from_db()
    assert (response.correct, response.auto_score) == (True, Decimal(1))
    assert response.engine_version


def test_a_known_mistake_gets_its_own_feedback(practice):
    part = _part(34, "expression")
    response = _pending(practice, part, "sigma(c z) + z sigma(c z)(1 - sigma(c z))")
    response_grade(response_id=response.pk, revision=response.revision)
    response.refresh_from_db()
    mistake = part.answer["mistakes"][0]["feedback"]
    assert (response.correct, response.auto_score, response.feedback) == (False, 0, mistake)


def test_an_unreadable_expression_is_refused_with_the_engines_message(practice):
    with pytest.raises(InvalidInput):
        answer_save(attempt=practice, part_id=_part(34, "expression").pk, answer="sigma(cz")


def test_self_marking_needs_the_solution_shown_first(practice):
    part = _part(40, "text")
    answer_save(attempt=practice, part_id=part.pk, answer="The marginal is intractable.")
    response = Response.objects.get(attempt=practice, part=part)
    with pytest.raises(AttemptClosed):
        response_self_mark(response=response, score=Decimal(1))
    response_check(attempt=practice, part=part)
    response.refresh_from_db()
    assert response.status == Response.Status.NEEDS_REVIEW
    response_self_mark(response=response, score=Decimal(1))
    response.refresh_from_db()
    assert (response.self_score, response.auto_score, response.score) == (1, None, None)


@pytest.mark.parametrize("score", [Decimal("-0.5"), Decimal("1.5")])
def test_self_marking_is_bounded_by_the_parts_points(practice, score):
    part = _part(40, "text")
    answer_save(attempt=practice, part_id=part.pk, answer="Because.")
    response_check(attempt=practice, part=part)
    with pytest.raises(InvalidInput):
        response_self_mark(response=Response.objects.get(attempt=practice, part=part), score=score)


def test_a_choice_part_cannot_be_self_marked(practice, django_capture_on_commit_callbacks):
    part = _part(10, "choice")
    answer_save(attempt=practice, part_id=part.pk, answer=_correct_option(part))
    with pytest.raises(NotAllowed):
        response_self_mark(response=Response.objects.get(attempt=practice, part=part), score=2)


def test_an_instructor_review_counts_over_the_automatic_grade(
    exam, student, instructor, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM)
    part = _part(41, "text")
    answer_save(attempt=attempt, part_id=part.pk, answer="Expand the square, use the tower rule.")
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt, part=part)
    response_review(response=response, reviewer=instructor, score=Decimal("2.5"), feedback="Good")
    response.refresh_from_db()
    assert (response.status, response.score) == (Response.Status.GRADED, Decimal("2.5"))
    with pytest.raises(InvalidInput):
        response_review(response=response, reviewer=instructor, score=Decimal(4), feedback="")
