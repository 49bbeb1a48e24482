"""Choices and numbers are graded as the attempt is submitted, by the rule the grading task
follows; only expressions wait for a worker. A hall's submit burst then costs the workers
4 tasks per CS-433 attempt instead of 33."""

from decimal import Decimal

import pytest

from quizapp.models import Attempt, Part, Response, ReviewLog
from quizapp.services import answer_save, attempt_start, attempt_submit, response_check

pytestmark = pytest.mark.django_db


def _part(kind: str, index: int = 0) -> Part:
    parts = Part.objects.filter(kind=kind, question__exam__slug="cs433-2024", retired=False)
    return parts.order_by("question__number", "position")[index]


def _answers() -> dict[str, tuple[Part, str]]:
    choice = _part("choice")
    number = _part("numeric")
    return {
        "right choice": (choice, str(choice.options.get(correct=True).pk)),
        "wrong choice": (
            _part("choice", 1),
            str(_part("choice", 1).options.filter(correct=False)[0].pk),
        ),
        "right number": (number, str(number.answer["value"])),
        "wrong number": (_part("numeric", 1), "123456789"),
        "expression": (_part("expression"), _part("expression").answer["expected"]),
    }


def _sit(attempt: Attempt, answers: dict[str, tuple[Part, str]]) -> None:
    for part, text in answers.values():
        answer_save(attempt=attempt, part_id=part.pk, answer=text)


@pytest.mark.parametrize(
    ("case", "status", "correct", "full_marks"),
    [
        ("right choice", "graded", True, True),
        ("wrong choice", "graded", False, False),
        ("right number", "graded", True, True),
        ("wrong number", "graded", False, False),
        ("expression", "pending", None, None),
    ],
)
def test_a_submit_grades_choices_and_numbers_at_once_and_leaves_expressions_to_a_worker(
    exam, student, django_capture_on_commit_callbacks, case, status, correct, full_marks
):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    answers = _answers()
    _sit(attempt, answers)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        attempt_submit(attempt=attempt)
    part, _ = answers[case]
    response = Response.objects.get(attempt=attempt, part=part)
    points = None if full_marks is None else (part.points if full_marks else Decimal("0.00"))
    assert (response.status, response.correct, response.auto_score) == (status, correct, points)
    assert (response.graded_at is not None) == (status == "graded")
    # One publication after the commit, of the expression's task only.
    assert len(queued) == 1
    assert Attempt.objects.get(pk=attempt.pk).status == "grading"


def test_a_grade_given_on_submit_is_the_grade_the_worker_gives(
    exam, student, outsider, django_capture_on_commit_callbacks
):
    answers = {case: answer for case, answer in _answers().items() if case != "expression"}
    practice = attempt_start(student=outsider, exam=exam, mode="practice")
    _sit(practice, answers)
    for part, _ in answers.values():
        # Checked one by one: each is graded by the task (run eagerly in the tests).
        with django_capture_on_commit_callbacks(execute=True):
            response_check(attempt=practice, part=part)
    sitting = attempt_start(student=student, exam=exam, mode="exam")
    _sit(sitting, answers)
    attempt_submit(attempt=sitting)

    def grades(attempt: Attempt) -> dict[int, tuple]:
        fields = ("part_id", "status", "correct", "auto_score", "feedback", "verdict")
        rows = Response.objects.filter(attempt=attempt, part__in=[p for p, _ in answers.values()])
        return {row[0]: row[1:] for row in rows.values_list(*fields)}

    assert grades(sitting) == grades(practice)
    assert len(grades(sitting)) == 4


def test_an_attempt_of_choices_only_is_graded_when_it_is_submitted(
    exam, student, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part, text = _answers()["right choice"]
    answer_save(attempt=attempt, part_id=part.pk, answer=text)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        submitted = attempt_submit(attempt=attempt)
    # Text parts left blank are settled too: nothing waits for anyone.
    assert (submitted.status, len(queued)) == ("graded", 0)


def test_a_practice_answer_graded_on_submit_is_reviewed_for_spaced_repetition(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    part, text = _answers()["right choice"]
    answer_save(attempt=attempt, part_id=part.pk, answer=text)
    attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt, part=part)
    assert ReviewLog.objects.filter(response=response).count() == 1
    assert ReviewLog.objects.get(response=response).card.student_id == student.pk
