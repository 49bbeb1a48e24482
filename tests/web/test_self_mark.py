"""Marking one's own prose answer in practice, kept apart from the auto-graded points."""

from decimal import Decimal

import pytest

from quizapp.services import answer_save, response_check
from tests.web.conftest import HTMX, part_of


@pytest.fixture
def checked_text(practice):
    part = part_of(practice, "text")
    answer_save(attempt=practice, part_id=part.pk, answer="Because it is.")
    response_check(attempt=practice, part=part)
    return part


def _mark(client, attempt, part, score, **headers):
    return client.post(
        f"/attempts/{attempt.pk}/parts/{part.pk}/self-mark/", {"score": score}, **headers
    )


def test_a_self_mark_is_recorded_and_shown_apart(alice, practice, checked_text):
    html = _mark(alice, practice, checked_text, "0.75", **HTMX).content.decode()
    response = practice.responses.get(part=checked_text)
    assert response.self_score == Decimal("0.75")
    assert response.auto_score is None
    assert "Marked by you" in html and "0.75 / 1 point" in html
    assert "counted apart from the auto-graded points" in html


def test_without_javascript_it_returns_to_the_part(alice, practice, checked_text):
    response = _mark(alice, practice, checked_text, "1")
    assert response["Location"] == f"/attempts/{practice.pk}/#part-{checked_text.pk}"


def test_marking_before_checking_is_refused(alice, practice):
    part = part_of(practice, "text")
    answer_save(attempt=practice, part_id=part.pk, answer="Because.")
    response = _mark(alice, practice, part, "1", **HTMX)
    assert response.status_code == 409
    assert practice.responses.get(part=part).self_score is None


@pytest.mark.parametrize("score", ["5", "-1", "lots"])
def test_a_score_outside_the_parts_points_is_refused(alice, practice, checked_text, score):
    response = _mark(alice, practice, checked_text, score, **HTMX)
    assert response.status_code == 422
    assert practice.responses.get(part=checked_text).self_score is None


def test_an_auto_graded_part_cannot_be_self_marked(alice, practice):
    response = _mark(alice, practice, part_of(practice, "choice"), "2", **HTMX)
    assert response.status_code == 403


def test_an_exam_is_not_self_marked(alice, exam_attempt):
    response = _mark(alice, exam_attempt, part_of(exam_attempt, "text"), "1", **HTMX)
    assert response.status_code == 403
