"""A nullified question or part counts for nobody: its score and its points leave every
total (attempt totals, exam maxima, a question's points, progress, statistics) and is not
due for review until it is restored; nothing is deleted."""

from decimal import Decimal

import pytest

from quizapp.models import Attempt, Exam, Part, Question, Response
from quizapp.services import answer_save, attempt_start, response_check
from quizapp.services.errors import InConflict, InvalidInput
from quizapp.services.nullifying import (
    part_nullify,
    part_restore,
    question_nullify,
    question_restore,
)
from quizapp.services.reviews import review_cards
from quizapp.services.selectors import (
    attempt_shown_questions,
    attempt_totals,
    exam_list,
    question_most_missed,
    topic_progress_list,
)
from quizapp.services.statistics import exam_item_analysis
from tests.factories import exam_answered, exam_with_key_markers

pytestmark = pytest.mark.django_db

# Choice right (2 of 2), expression right (1 of 1), numeric wrong (0 of 1), text unmarked (of 1).
ANSWERS = {"choice": "right", "expression": "x + x", "numeric": "0.5", "text": "Because."}


@pytest.fixture
def small_exam(db) -> Exam:
    return exam_with_key_markers(slug="small")


@pytest.fixture
def graded(student, small_exam) -> Attempt:
    return exam_answered(student=student, exam=small_exam, answers=ANSWERS)


def _totals(attempt: Attempt) -> tuple[Decimal, Decimal]:
    totals = attempt_totals(attempt=attempt)
    return totals.score, totals.max_score


def _choice_question() -> Question:
    return Question.objects.get(number=1)


def _numeric_part() -> Part:
    return Part.objects.get(kind=Part.Kind.NUMERIC)


def test_a_nullified_question_leaves_the_attempt_score_and_maximum(graded, instructor):
    assert _totals(graded) == (3, 5)
    question_nullify(question=_choice_question(), by=instructor, reason="Two options are right.")
    assert _totals(graded) == (1, 3)


def test_a_nullified_part_leaves_the_attempt_maximum_and_only_its_own_points(graded, instructor):
    part_nullify(part=_numeric_part(), by=instructor, reason="The value was misprinted.")
    assert _totals(graded) == (3, 4)
    shown = {q.question.number: q for q in attempt_shown_questions(attempt=graded)}
    assert (shown[2].points, shown[2].score) == (2, 1)
    assert (shown[1].points, shown[1].score) == (2, 2)


def test_the_exam_maximum_and_the_question_points_shrink(small_exam, instructor):
    assert exam_list().get(slug="small").max_points == 5
    question_nullify(question=_choice_question(), by=instructor, reason="Ambiguous.")
    part_nullify(part=_numeric_part(), by=instructor, reason="Misprint.")
    exam = exam_list().get(slug="small")
    assert (exam.max_points, exam.question_count, exam.part_count) == (2, 2, 4)
    assert _choice_question().points == 0
    assert Question.objects.get(number=2).points == 2


def test_progress_leaves_out_a_nullified_part(graded, student, small_exam, instructor):
    def algebra() -> tuple:
        topic = {p.topic: p for p in topic_progress_list(student=student, exam=small_exam)}
        return (
            topic["Algebra"].score,
            topic["Algebra"].max_score,
            topic["Algebra"].parts_total,
            topic["Algebra"].first_max_score,
        )

    assert algebra() == (1, 2, 3, 2)
    assert [m.question.number for m in question_most_missed(student=student, exam=small_exam)] == [
        2
    ]
    part_nullify(part=_numeric_part(), by=instructor, reason="Misprint.")
    assert algebra() == (1, 1, 2, 1)
    assert question_most_missed(student=student, exam=small_exam) == []


def test_statistics_leave_out_a_nullified_part(graded, small_exam, instructor):
    def parts() -> list[str]:
        return [row["kind"] for row in exam_item_analysis(exam=small_exam)["parts"]]

    assert parts() == ["choice", "expression", "numeric", "text"]
    part_nullify(part=_numeric_part(), by=instructor, reason="Misprint.")
    assert parts() == ["choice", "expression", "text"]
    assert exam_item_analysis(exam=small_exam)["mean"] == 3


def test_restoring_brings_the_totals_back_and_nothing_was_deleted(graded, instructor):
    question = question_nullify(question=_choice_question(), by=instructor, reason="Ambiguous.")
    assert (question.nullified, question.nullified_by, question.nullified_reason) == (
        True,
        instructor,
        "Ambiguous.",
    )
    assert question.nullified_at is not None
    question_restore(question=question)
    question.refresh_from_db()
    assert (question.nullified, question.nullified_at, question.nullified_reason) == (
        False,
        None,
        "",
    )
    assert _totals(graded) == (3, 5)
    assert Response.objects.filter(attempt=graded).count() == 4


def test_nullifying_twice_is_refused(small_exam, instructor):
    part_nullify(part=_numeric_part(), by=instructor, reason="Misprint.")
    with pytest.raises(InConflict, match="already nullified"):
        part_nullify(part=_numeric_part(), by=instructor, reason="Again.")


def test_restoring_what_counts_is_refused(small_exam):
    with pytest.raises(InConflict, match="is not nullified"):
        part_restore(part=_numeric_part())


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_nullification_needs_a_reason_of_reasonable_length(small_exam, instructor, reason):
    with pytest.raises(InvalidInput):
        question_nullify(question=_choice_question(), by=instructor, reason=reason)
    assert not _choice_question().nullified


def test_a_nullified_part_is_no_longer_due_for_review(
    small_exam, student, instructor, django_capture_on_commit_callbacks
):
    practice = attempt_start(student=student, exam=small_exam, mode="practice")
    answer_save(attempt=practice, part_id=_numeric_part().pk, answer="0.5")
    with django_capture_on_commit_callbacks(execute=True):
        response_check(attempt=practice, part=_numeric_part())
    assert [card.part for card in review_cards(student=student)] == [_numeric_part()]
    part_nullify(part=_numeric_part(), by=instructor, reason="Misprint.")
    assert list(review_cards(student=student)) == []
