"""The results: a grading indicator polled until Celery is done, then the total and, per
question, the answer given, the points, the feedback and the solution."""

from datetime import timedelta

from django.utils import timezone

from quizapp.models import Attempt, Response
from quizapp.services import answer_save, attempt_submit
from tests.factories import RIGHT_OPTION_FEEDBACK, RUBRIC, SOLUTION_CHOICE, SOLUTION_OPEN
from tests.web.conftest import HTMX, part_of


def _answer_everything(attempt):
    choice = part_of(attempt, "choice")
    answer_save(attempt=attempt, part_id=choice.pk, answer=str(choice.options.get(correct=True).pk))
    answer_save(attempt=attempt, part_id=part_of(attempt, "expression").pk, answer="x + x")
    answer_save(attempt=attempt, part_id=part_of(attempt, "numeric").pk, answer="1/2")
    answer_save(attempt=attempt, part_id=part_of(attempt, "text").pk, answer="My $\\alpha$ proof.")


def test_an_attempt_in_progress_has_no_results_yet(alice, practice):
    assert alice.get(f"/attempts/{practice.pk}/results/")["Location"] == (
        f"/attempts/{practice.pk}/"
    )


def test_while_grading_the_page_polls_an_indicator(alice, exam_attempt):
    _answer_everything(exam_attempt)
    attempt_submit(attempt=exam_attempt)  # no on_commit here: the answers stay pending
    url = f"/attempts/{exam_attempt.pk}/results/"
    page = alice.get(url).content.decode()
    assert "Grading your answers" in page
    assert f'hx-get="{url}" hx-trigger="every 1s"' in page and f'href="{url}"' in page
    # The choice and the number were graded on submit (and the blank part); the expression
    # waits for the worker, the written answer for an instructor.
    assert 'role="progressbar"' in page and 'aria-valuenow="3"' in page
    fragment = alice.get(url, **HTMX).content.decode()
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="results-body">')
    assert SOLUTION_CHOICE not in page and RIGHT_OPTION_FEEDBACK not in page


def test_once_graded_it_shows_everything(alice, exam_attempt, django_capture_on_commit_callbacks):
    _answer_everything(exam_attempt)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=exam_attempt)
    response = alice.get(f"/attempts/{exam_attempt.pk}/results/", **HTMX)
    html = response.content.decode()
    assert "hx-trigger" not in html  # polling stops
    assert response.context["totals"].score == 3  # choice 2 + expression 1 (0.5 is not 0.375)
    assert '<span class="score-value">3<span class="score-max"> / 5</span>' in html
    assert 'Alpha <span class="math" data-tex="a"' in html  # the answer given
    assert "<code>x + x</code>" in html
    assert 'My <span class="math" data-tex="\\alpha"' in html
    assert RIGHT_OPTION_FEEDBACK in html and SOLUTION_CHOICE in html and SOLUTION_OPEN in html
    assert RUBRIC in html
    assert "Waiting for an instructor" in html
    assert "The expected value:" in html


def test_a_practice_text_part_can_be_self_marked_from_the_results(alice, practice):
    part = part_of(practice, "text")
    answer_save(attempt=practice, part_id=part.pk, answer="Because.")
    attempt_submit(attempt=practice)
    html = alice.get(f"/attempts/{practice.pk}/results/").content.decode()
    assert f'action="/attempts/{practice.pk}/parts/{part.pk}/self-mark/"' in html
    response = alice.post(f"/attempts/{practice.pk}/parts/{part.pk}/self-mark/", {"score": "1"})
    assert response["Location"] == f"/attempts/{practice.pk}/results/#part-{part.pk}"
    assert practice.responses.get(part=part).self_score == 1
    html = alice.get(f"/attempts/{practice.pk}/results/").content.decode()
    assert "+ 1 self-assessed (not counted)" in html


def test_an_attempt_submitted_by_the_server_says_so(alice, exam_attempt):
    Attempt.objects.filter(pk=exam_attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    html = alice.get(f"/attempts/{exam_attempt.pk}/results/").content.decode()
    assert "Time was up" in html


def test_blank_answers_score_zero(alice, exam_attempt):
    attempt_submit(attempt=exam_attempt)
    html = alice.get(f"/attempts/{exam_attempt.pk}/results/").content.decode()
    assert "Not answered" in html
    assert exam_attempt.responses.filter(status=Response.Status.GRADED).count() == 4
