"""Practice's "Check": grade one part now, through Celery, then show points, feedback and
the official solution; prose parts show the rubric and ask the student to mark themselves."""

import re

import pytest

from quizapp.models import Response
from tests.factories import (
    RIGHT_OPTION_FEEDBACK,
    RUBRIC,
    SOLUTION_CHOICE,
    SOLUTION_OPEN,
    WRONG_OPTION_FEEDBACK,
)
from tests.web.conftest import HTMX, part_of


def _check(client, attempt, part, data, **headers):
    return client.post(f"/attempts/{attempt.pk}/parts/{part.pk}/check/", data, **headers)


def _feedback(client, attempt, part):
    return client.get(f"/attempts/{attempt.pk}/parts/{part.pk}/feedback/", **HTMX)


def test_checking_queues_grading_and_polls_until_graded(
    alice, practice, django_capture_on_commit_callbacks
):
    part = part_of(practice, "choice")
    right = part.options.get(correct=True)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = _check(alice, practice, part, {"answer": right.pk, "revision": 0}, **HTMX)
    assert len(queued) == 1  # the grading task, sent once the answer is committed
    html = response.content.decode()
    assert "Checking your answer" in html
    poll = f'hx-get="/attempts/{practice.pk}/parts/{part.pk}/feedback/" hx-trigger="every 1s"'
    assert poll in html
    assert f'href="/attempts/{practice.pk}/parts/{part.pk}/feedback/"' in html
    assert RIGHT_OPTION_FEEDBACK not in html

    html = _feedback(alice, practice, part).content.decode()
    assert 'hx-trigger="every 1s"' not in html
    assert "Correct" in html and "2 / 2 points" in html
    assert RIGHT_OPTION_FEEDBACK in html
    assert SOLUTION_CHOICE in html
    assert f'<div id="solution-{part.question_id}" class="solution-region" hx-swap-oob' in html


def test_a_wrong_choice_shows_the_right_answer(alice, practice, django_capture_on_commit_callbacks):
    part = part_of(practice, "choice")
    wrong = part.options.get(feedback=WRONG_OPTION_FEEDBACK)
    with django_capture_on_commit_callbacks(execute=True):
        _check(alice, practice, part, {"answer": wrong.pk, "revision": 0}, **HTMX)
    html = _feedback(alice, practice, part).content.decode()
    assert "Not right" in html and "0 / 2 points" in html
    assert WRONG_OPTION_FEEDBACK in html
    assert re.search(r"The right answer:</span>\s*Alpha", html)


def test_an_expression_is_graded_by_the_engine(alice, practice, django_capture_on_commit_callbacks):
    part = part_of(practice, "expression")
    with django_capture_on_commit_callbacks(execute=True):
        _check(alice, practice, part, {"answer": "x + x", "revision": 0}, **HTMX)
    html = _feedback(alice, practice, part).content.decode()
    assert "1 / 1 point" in html
    # The open question has other parts not checked yet: its solution waits for them.
    assert SOLUTION_OPEN not in html


def test_checking_a_blank_part_says_to_answer_it_first(alice, practice):
    part = part_of(practice, "numeric")
    response = _check(alice, practice, part, {"answer": "", "revision": 0}, **HTMX)
    assert response.status_code == 422
    assert "Answer this part before checking it" in response.content.decode()


def test_checking_an_unreadable_formula_says_why(alice, practice):
    part = part_of(practice, "expression")
    response = _check(alice, practice, part, {"answer": "2 x +", "revision": 0}, **HTMX)
    assert response.status_code == 422
    assert "needs something after it" in response.content.decode()
    assert practice.responses.get(part=part).status != Response.Status.PENDING


def test_checking_in_an_exam_is_not_allowed_and_reveals_nothing(alice, exam_attempt):
    part = part_of(exam_attempt, "choice")
    right = part.options.get(correct=True)
    response = _check(alice, exam_attempt, part, {"answer": right.pk, "revision": 0}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 403
    assert "checked only in practice mode" in html
    assert RIGHT_OPTION_FEEDBACK not in html and SOLUTION_CHOICE not in html


def test_a_written_part_keeps_its_rubric_while_other_parts_of_its_question_are_open(
    alice, practice
):
    # A rubric may state the answers of the question's other parts (Q33): it follows the
    # official solution's rule, not the written part's own check.
    part = part_of(practice, "text")
    response = _check(alice, practice, part, {"answer": "It is so.", "revision": 0}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert RUBRIC not in html
    assert "once you have checked every part of this question" in html
    assert "/self-mark/" not in html


def test_a_written_part_shows_the_rubric_and_asks_for_a_self_mark(alice, practice):
    _check(alice, practice, part_of(practice, "expression"), {"answer": "2x", "revision": 0})
    _check(alice, practice, part_of(practice, "numeric"), {"answer": "0.5", "revision": 0})
    part = part_of(practice, "text")
    response = _check(alice, practice, part, {"answer": "It is so.", "revision": 0}, **HTMX)
    html = response.content.decode()
    assert RUBRIC in html
    assert "Mark your own answer" in html
    assert f'action="/attempts/{practice.pk}/parts/{part.pk}/self-mark/"' in html
    assert [float(v) for v in re.findall(r'name="score" value="([\d.]+)"', html)] == [
        0,
        0.25,
        0.5,
        0.75,
        1,
    ]


def test_without_javascript_check_returns_to_the_part(
    alice, practice, django_capture_on_commit_callbacks
):
    part = part_of(practice, "choice")
    with django_capture_on_commit_callbacks(execute=True):
        response = _check(alice, practice, part, {"answer": part.options.first().pk})
    assert response["Location"] == f"/attempts/{practice.pk}/#part-{part.pk}"
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert SOLUTION_CHOICE in page


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_feedback_without_htmx_returns_to_the_part(alice, practice, headers):
    part = part_of(practice, "choice")
    response = alice.get(f"/attempts/{practice.pk}/parts/{part.pk}/feedback/", **headers)
    if headers:
        assert response.status_code == 200
    else:
        assert response["Location"] == f"/attempts/{practice.pk}/#part-{part.pk}"


def test_a_checked_answer_is_final_and_its_feedback_stays(
    alice, practice, django_capture_on_commit_callbacks
):
    part = part_of(practice, "choice")
    right, other = part.options.get(correct=True), part.options.exclude(correct=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        _check(alice, practice, part, {"answer": right.pk, "revision": 0}, **HTMX)
    revision = practice.responses.get(part=part).revision
    refused = alice.post(
        f"/attempts/{practice.pk}/parts/{part.pk}/answer/",
        {"answer": other.pk, "revision": revision},
        **HTMX,
    )
    assert refused.status_code == 409 and "has been checked" in refused.content.decode()
    assert practice.responses.get(part=part).answer == str(right.pk)
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert SOLUTION_CHOICE in page and 'class="answer-lock" disabled' in page
