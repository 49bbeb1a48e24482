"""Spaced repetition (FSRS): each graded practice answer reviews the student's card of that
part, rated from the verdict; what falls due, when, and a review session of it. The clock is
passed in, never read."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from quizapp.models import Attempt, Part, Response, ReviewCard, ReviewLog
from quizapp.services import answer_save, attempt_start, question_try_again, response_check
from quizapp.services.errors import InvalidInput
from quizapp.services.marking import response_grade
from quizapp.services.reviews import (
    review_due_count,
    review_due_list,
    review_next_due,
    review_record,
    review_session_start,
    topic_recall_list,
)
from tests.factories import exam_with_key_markers

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def small_exam(db):
    return exam_with_key_markers(slug="small")


@pytest.fixture
def practice(student, small_exam) -> Attempt:
    return attempt_start(student=student, exam=small_exam, mode="practice", seed=1)


def _graded(attempt: Attempt, kind: str, answer: str, *, sure: bool = False) -> Response:
    """Answer the part of `kind`, check it and grade it (as the worker would)."""
    part = attempt.responses.get(part__kind=kind).part
    answer_save(attempt=attempt, part_id=part.pk, answer=answer, sure=sure)
    response = response_check(attempt=attempt, part=part)
    response_grade(response_id=response.pk, revision=response.revision)
    return Response.objects.select_related("part", "attempt").get(pk=response.pk)


def _right_choice(attempt: Attempt) -> str:
    return str(attempt.responses.get(part__kind="choice").part.options.get(correct=True).pk)


def _card(student) -> ReviewCard:
    return ReviewCard.objects.get(student=student)


@pytest.mark.parametrize(
    ("answer", "sure", "rating"),
    [("wrong", False, Rating.Again), ("right", False, Rating.Good), ("right", True, Rating.Easy)],
)
def test_a_graded_practice_answer_is_rated_from_its_verdict(
    student, practice, answer, sure, rating
):
    choice = practice.responses.get(part__kind="choice").part
    wrong = str(choice.options.filter(correct=False).first().pk)
    _graded(practice, "choice", _right_choice(practice) if answer == "right" else wrong, sure=sure)
    [log] = ReviewLog.objects.filter(card__student=student)
    assert log.rating == int(rating)


def test_right_after_a_wrong_try_is_hard(student, practice):
    choice = practice.responses.get(part__kind="choice").part
    _graded(practice, "choice", str(choice.options.filter(correct=False).first().pk))
    question_try_again(attempt=practice, question_id=choice.question_id)
    _graded(Attempt.objects.get(pk=practice.pk), "choice", _right_choice(practice))
    assert list(ReviewLog.objects.values_list("rating", "try_number")) == [
        (int(Rating.Again), 1),
        (int(Rating.Hard), 2),
    ]


def test_a_wrong_answer_is_due_within_15_minutes_a_right_first_one_not_within_12_hours(
    student, outsider, small_exam
):
    for user, answer_right in ((student, False), (outsider, True)):
        attempt = attempt_start(student=user, exam=small_exam, mode="practice")
        response = attempt.responses.select_related("part", "attempt").get(part__kind="choice")
        part = response.part
        option = part.options.filter(correct=answer_right).first()
        Response.objects.filter(pk=response.pk).update(
            answer=str(option.pk),
            status=Response.Status.GRADED,
            auto_score=part.points if answer_right else 0,
        )
        response.refresh_from_db()
        review_record(response=response, now=NOON)
    wrong, right = _card(student), _card(outsider)
    assert NOON < wrong.due <= NOON + timedelta(minutes=15)
    assert right.due >= NOON + timedelta(hours=12)


def test_a_grading_run_twice_reviews_once(student, practice):
    response = _graded(practice, "choice", _right_choice(practice))
    assert review_record(response=response, now=NOON + timedelta(days=9)) is None
    assert ReviewLog.objects.count() == 1


def test_exam_answers_and_written_parts_are_no_reviews(student, small_exam):
    exam = attempt_start(student=student, exam=small_exam, mode="exam")
    response = exam.responses.select_related("part", "attempt").get(part__kind="choice")
    Response.objects.filter(pk=response.pk).update(status="graded", auto_score=2)
    response.refresh_from_db()
    assert review_record(response=response, now=NOON) is None
    practice = attempt_start(student=student, exam=small_exam, mode="practice")
    text = practice.responses.select_related("part", "attempt").get(part__kind="text")
    assert review_record(response=text, now=NOON) is None
    assert not ReviewCard.objects.exists()


def test_due_lists_counts_and_the_next_due_follow_the_clock(student, practice):
    _graded(practice, "choice", _right_choice(practice))
    card = _card(student)
    assert review_due_count(student=student, now=card.due - timedelta(seconds=1)) == 0
    assert review_next_due(student=student, now=card.due - timedelta(seconds=1)) == card.due
    assert review_due_list(student=student, before=card.due) == [card]
    Part.objects.filter(pk=card.part_id).update(retired=True)
    assert review_due_list(student=student, before=card.due) == []


def test_a_review_session_holds_the_due_parts_only(student, practice, small_exam):
    _graded(practice, "choice", _right_choice(practice))
    _graded(practice, "expression", "3 x")  # wrong: due again in minutes
    later = NOON + timedelta(days=30)
    session = review_session_start(student=student, now=later, seed=3)
    assert (session.mode, session.review, session.exam) == ("practice", True, small_exam)
    assert sorted(session.responses.values_list("part__kind", flat=True)) == [
        "choice",
        "expression",
    ]
    with pytest.raises(InvalidInput, match="nothing is due"):
        review_session_start(student=student, now=NOON - timedelta(days=1))


def test_predicted_recall_per_topic_falls_over_a_week(student, practice, small_exam):
    _graded(practice, "choice", _right_choice(practice))
    [basics] = topic_recall_list(student=student, exam=small_exam, now=_card(student).due)
    assert basics.topic == "Basics" and basics.cards == 1
    assert 0 < basics.in_a_week < basics.now <= 1
