"""Saving an answer as it changes: in place with htmx, by a plain form without it; drafts,
stale tabs and late requests."""

from datetime import timedelta

from django.utils import timezone

from quizapp.models import Attempt, Response
from quizapp.services import answer_save
from tests.web.conftest import HTMX, part_of


def _url(attempt, part) -> str:
    return f"/attempts/{attempt.pk}/parts/{part.pk}/answer/"


def _response(attempt, part) -> Response:
    return Response.objects.get(attempt=attempt, part=part)


def test_a_choice_is_saved_in_place(alice, practice):
    part = part_of(practice, "choice")
    option = part.options.first()
    response = alice.post(_url(practice, part), {"answer": option.pk, "revision": 0}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert _response(practice, part).answer == str(option.pk)
    save_state = f'<div id="save-{part.pk}" class="save-state" role="status" hx-swap-oob='
    assert save_state in html
    assert 'name="revision" value="1"' in html
    assert "Saved" in html
    assert "<strong>1</strong> of 4 parts answered" in html  # the counter, out of band
    nav = f'<li id="nav-{part.question_id}" hx-swap-oob="true"><a href="#q-{part.question_id}"'
    assert nav + ' class="is-answered">' in html


def test_without_javascript_a_save_returns_to_the_part(alice, practice):
    part = part_of(practice, "choice")
    option = part.options.last()
    response = alice.post(_url(practice, part), {"answer": option.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/attempts/{practice.pk}/#part-{part.pk}"
    assert _response(practice, part).answer == str(option.pk)


def test_an_unknown_option_is_refused_inline_and_not_saved(alice, practice):
    part = part_of(practice, "choice")
    response = alice.post(_url(practice, part), {"answer": "999999", "revision": 0}, **HTMX)
    assert response.status_code == 422
    assert "Not saved: choose one of this question's options" in response.content.decode()
    assert _response(practice, part).answer == ""


def test_an_unknown_option_without_javascript_shows_the_page_with_the_error(alice, practice):
    part = part_of(practice, "choice")
    response = alice.post(_url(practice, part), {"answer": "abc"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" in html and "Not saved: choose one of this question" in html


def test_a_garbage_expression_is_kept_as_a_draft_and_said_to_be_unreadable(alice, practice):
    part = part_of(practice, "expression")
    response = alice.post(_url(practice, part), {"answer": "2 x +", "revision": 0}, **HTMX)
    assert response.status_code == 200
    assert "Draft saved; it cannot be graded as it stands" in response.content.decode()
    saved = _response(practice, part)
    assert (saved.answer, saved.status) == ("2 x +", Response.Status.INVALID)


def test_a_written_answer_is_saved(alice, practice):
    part = part_of(practice, "text")
    alice.post(_url(practice, part), {"answer": "Because.", "revision": 0}, **HTMX)
    assert _response(practice, part).answer == "Because."


def test_clearing_an_answer_makes_it_blank_again(alice, practice):
    part = part_of(practice, "numeric")
    answer_save(attempt=practice, part_id=part.pk, answer="1/2")
    html = alice.post(_url(practice, part), {"answer": "", "revision": 1}, **HTMX).content.decode()
    assert "Not answered yet" in html
    assert _response(practice, part).status == Response.Status.BLANK


def test_a_stale_tab_cannot_overwrite_a_newer_answer(alice, practice):
    part = part_of(practice, "numeric")
    answer_save(attempt=practice, part_id=part.pk, answer="1/2", revision=0)  # the other tab
    answer_save(attempt=practice, part_id=part.pk, answer="0.5", revision=1)
    response = alice.post(_url(practice, part), {"answer": "7", "revision": 1}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed in another window" in html
    assert 'name="revision" value="1"' in html  # kept: the next save is refused too
    assert f'href="/attempts/{practice.pk}/?latest=2#part-{part.pk}">Reload</a>' in html
    assert "HX-Redirect" not in response
    assert _response(practice, part).answer == "0.5"


def test_saving_after_the_deadline_is_refused_and_changes_nothing(alice, exam_attempt):
    part = part_of(exam_attempt, "numeric")
    answer_save(attempt=exam_attempt, part_id=part.pk, answer="1/2")
    Attempt.objects.filter(pk=exam_attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    response = alice.post(_url(exam_attempt, part), {"answer": "3", "revision": 1}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Redirect"] == f"/attempts/{exam_attempt.pk}/results/"
    assert "answers can no longer change" in response.content.decode()
    saved = _response(exam_attempt, part)
    assert saved.answer == "1/2"
    exam_attempt.refresh_from_db()
    assert exam_attempt.status != Attempt.Status.IN_PROGRESS


def test_saving_after_the_deadline_without_javascript_is_refused_too(alice, exam_attempt):
    part = part_of(exam_attempt, "choice")
    Attempt.objects.filter(pk=exam_attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    response = alice.post(_url(exam_attempt, part), {"answer": part.options.first().pk})
    assert response.status_code == 409
    assert "answers can no longer change" in response.content.decode()
    assert _response(exam_attempt, part).answer == ""


def test_saving_to_a_submitted_attempt_is_refused(alice, practice):
    from quizapp.services import attempt_submit

    attempt_submit(attempt=practice)
    part = part_of(practice, "text")
    response = alice.post(_url(practice, part), {"answer": "late", "revision": 0}, **HTMX)
    assert response.status_code == 409
    assert _response(practice, part).answer == ""


def test_saving_needs_a_post(alice, practice):
    assert alice.get(_url(practice, part_of(practice, "text"))).status_code == 405
