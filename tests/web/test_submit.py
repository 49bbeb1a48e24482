"""Submitting an attempt: a confirmation first, then the server closes it and grades."""

from quizapp.models import Attempt
from quizapp.services import answer_save
from tests.web.conftest import HTMX, part_of


def test_the_confirmation_lists_what_is_unanswered(alice, practice):
    answer_save(attempt=practice, part_id=part_of(practice, "numeric").pk, answer="1")
    html = alice.get(f"/attempts/{practice.pk}/submit/").content.decode()
    assert "<strong>1 of 4</strong>" in html
    assert html.count('class="chip" href="/attempts/') == 2  # both questions lack an answer


def test_the_exam_confirmation_shows_the_time_left(alice, exam_attempt):
    html = alice.get(f"/attempts/{exam_attempt.pk}/submit/").content.decode()
    assert "Submit your exam?" in html
    assert "Time left: <strong>0:59:" in html


def test_submitting_closes_the_attempt_and_opens_the_results(
    alice, exam_attempt, django_capture_on_commit_callbacks
):
    part = part_of(exam_attempt, "choice")
    answer_save(attempt=exam_attempt, part_id=part.pk, answer=str(part.options.first().pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(f"/attempts/{exam_attempt.pk}/submit/")
    assert response["Location"] == f"/attempts/{exam_attempt.pk}/results/"
    exam_attempt.refresh_from_db()
    assert exam_attempt.status == Attempt.Status.GRADED
    late = alice.post(
        f"/attempts/{exam_attempt.pk}/parts/{part.pk}/answer/",
        {"answer": part.options.last().pk, "revision": 1},
        **HTMX,
    )
    assert late.status_code == 409
    assert exam_attempt.responses.get(part=part).answer == str(part.options.first().pk)


def test_submitting_twice_is_harmless(alice, practice):
    alice.post(f"/attempts/{practice.pk}/submit/")
    response = alice.post(f"/attempts/{practice.pk}/submit/")
    assert response["Location"] == f"/attempts/{practice.pk}/results/"
    assert alice.get(f"/attempts/{practice.pk}/submit/").status_code == 302
