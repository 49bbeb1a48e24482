"""No page or fragment carries a right answer, a solution or a rubric before the student may
see it: in practice, before they check that part; in an exam, before they submit."""

import re

import pytest

from quizapp.services import answer_save
from tests.factories import (
    RIGHT_OPTION_FEEDBACK,
    RUBRIC,
    SECRETS,
    SOLUTION_CHOICE,
    SOLUTION_OPEN,
    WRONG_OPTION_FEEDBACK,
)
from tests.web.conftest import HTMX, part_of


def _assert_no_secret(html: str, allowed: tuple[str, ...] = ()) -> None:
    for secret in SECRETS:
        if secret not in allowed:
            assert secret not in html, secret
    if not allowed:
        assert not re.search(r"\bcorrect", html, re.IGNORECASE)
        assert "The right answer" not in html


def _answer_all(attempt) -> None:
    choice = part_of(attempt, "choice")
    answer_save(attempt=attempt, part_id=choice.pk, answer=str(choice.options.get(correct=True).pk))
    answer_save(attempt=attempt, part_id=part_of(attempt, "expression").pk, answer="2 x")
    answer_save(attempt=attempt, part_id=part_of(attempt, "numeric").pk, answer="0.375")
    answer_save(attempt=attempt, part_id=part_of(attempt, "text").pk, answer="An answer.")


def _every_view_of(client, attempt) -> list[str]:
    """The page and every fragment a student can ask for without checking anything."""
    pages = [
        client.get(f"/attempts/{attempt.pk}/").content.decode(),
        client.get(f"/attempts/{attempt.pk}/submit/").content.decode(),
    ]
    for response in attempt.responses.select_related("part"):
        part = response.part
        base = f"/attempts/{attempt.pk}/parts/{part.pk}/"
        pages.append(client.get(base + "feedback/", **HTMX).content.decode())
        pages.append(client.post(base + "preview/", {"answer": "x"}, **HTMX).content.decode())
        pages.append(
            client.post(
                base + "answer/", {"answer": response.answer, "revision": response.revision}, **HTMX
            ).content.decode()
        )
        pages.append(client.post(base + "self-mark/", {"score": "0"}, **HTMX).content.decode())
    return pages


def _strip_answers(html: str) -> str:
    # The student's own typed answers (here the expected ones) are theirs to see.
    return (
        re.sub(r'value="(2 x|0\.375)"', "", html).replace("$$2\\,x$$", "").replace("$$0.375$$", "")
    )


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_nothing_is_revealed_before_checking_or_submitting(alice, student, small_exam, mode):
    from quizapp.services import attempt_start

    attempt = attempt_start(student=student, exam=small_exam, mode=mode)
    _answer_all(attempt)
    for html in _every_view_of(alice, attempt):
        _assert_no_secret(_strip_answers(html))


def test_the_right_option_looks_like_every_other_option(alice, practice):
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    options = re.findall(r'<label class="option">(.*?)</label>', html, re.DOTALL)
    shapes = {
        re.sub(r'value="\d+"|<span class="option-text">.*?</span>', "", o, flags=re.DOTALL)
        for o in options
    }
    assert len(options) == 3 and len(shapes) == 1


def test_checking_one_part_reveals_only_that_part(
    alice, practice, django_capture_on_commit_callbacks
):
    _answer_all(practice)
    choice = part_of(practice, "choice")
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(
            f"/attempts/{practice.pk}/parts/{choice.pk}/check/",
            {"answer": choice.options.get(correct=True).pk, "revision": 1},
            **HTMX,
        )
    page = _strip_answers(alice.get(f"/attempts/{practice.pk}/").content.decode())
    assert RIGHT_OPTION_FEEDBACK in page and SOLUTION_CHOICE in page
    for secret in (RUBRIC, SOLUTION_OPEN, WRONG_OPTION_FEEDBACK):
        assert secret not in page


@pytest.mark.parametrize(
    ("kind", "status"),
    # "x" is no option of the choice part, so saving it is refused before the check is.
    [("choice", 422), ("text", 403), ("expression", 403)],
)
def test_checking_in_an_exam_reveals_nothing(alice, exam_attempt, kind, status):
    _answer_all(exam_attempt)
    response = alice.post(
        f"/attempts/{exam_attempt.pk}/parts/{part_of(exam_attempt, kind).pk}/check/",
        {"answer": "x", "revision": 9},
        **HTMX,
    )
    assert response.status_code == status
    _assert_no_secret(_strip_answers(response.content.decode()))
