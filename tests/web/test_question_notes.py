"""A question's notes on the pages: what this version wrote anew or corrected against the
original exam, as a small note beside what it concerns. Notes on the solution or the key
wait for the solution; their text is Markdown, sanitised like every other."""

import pytest

from quizapp.models import Question
from quizapp.services import answer_save, attempt_submit
from tests.web.conftest import HTMX, part_of

PROMPT_SOURCE = "SOURCE-WORDS-of-the-prompt"
SOLUTION_SOURCE = "SOURCE-WORDS-of-the-solution"


@pytest.fixture(autouse=True)
def noted(small_exam) -> Question:
    """The choice question: options written anew, a corrected statement and solution."""
    question = small_exam.questions.get(number=1)
    question.reconstructed = ["options"]
    question.corrected = [
        {"field": "prompt", "change": "Restated $0 < \\alpha < 1$.", "source": PROMPT_SOURCE},
        {"field": "solution", "change": "Added the factor $1/n$.", "source": SOLUTION_SOURCE},
    ]
    question.save()
    return question


def _check_choice(client, attempt, django_capture_on_commit_callbacks) -> str:
    part = part_of(attempt, "choice")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/attempts/{attempt.pk}/parts/{part.pk}/check/",
            {"answer": part.options.get(correct=True).pk, "revision": 0},
            **HTMX,
        )
    return client.get(f"/attempts/{attempt.pk}/parts/{part.pk}/feedback/", **HTMX).content.decode()


def test_the_attempt_page_notes_what_was_written_anew_or_corrected(alice, practice):
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert page.count('class="question-notes"') == 1  # the other question has no notes
    assert (
        "<strong>Written for this version</strong>, not in the original exam: "
        "the answer options.</li>" in page
    )
    assert (
        "<strong>Corrected from the original exam</strong> (the statement): "
        'Restated <span class="math" data-tex="0 &lt; \\alpha &lt; 1"' in page
    )
    assert f"The original reads: “{PROMPT_SOURCE}”" in page


def test_a_note_on_the_solution_waits_for_the_solution(
    alice, practice, django_capture_on_commit_callbacks
):
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert SOLUTION_SOURCE not in page and "Added the factor" not in page

    fragment = _check_choice(alice, practice, django_capture_on_commit_callbacks)
    assert '(the solution): Added the factor <span class="math" data-tex="1/n"' in fragment
    assert f"The original reads: “{SOLUTION_SOURCE}”" in fragment
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    solution = page[page.index('<details class="solution"') :]
    assert SOLUTION_SOURCE in solution[: solution.index("</details>")]


def test_an_exam_shows_the_statements_notes_but_not_the_solutions(alice, exam_attempt):
    page = alice.get(f"/attempts/{exam_attempt.pk}/").content.decode()
    assert PROMPT_SOURCE in page
    assert SOLUTION_SOURCE not in page


def test_the_results_show_every_note(alice, exam_attempt, django_capture_on_commit_callbacks):
    choice = part_of(exam_attempt, "choice")
    answer_save(attempt=exam_attempt, part_id=choice.pk, answer=str(choice.options.first().pk))
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=exam_attempt)
    page = alice.get(f"/attempts/{exam_attempt.pk}/results/").content.decode()
    assert PROMPT_SOURCE in page and SOLUTION_SOURCE in page
    assert "the answer options." in page


def test_the_fields_written_anew_are_named_in_one_line(alice, practice, noted):
    noted.reconstructed = ["number", "topic", "prompt"]
    noted.save()
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert (
        "<strong>Written for this version</strong>, not in the original exam: "
        "the question&#x27;s number, the topic and the statement.</li>"
    ) in page


def test_a_notes_markup_is_sanitised(alice, practice, noted):
    noted.corrected = [
        {"field": "prompt", "change": "<script>alert(1)</script>Fixed.", "source": "<b>x</b>"}
    ]
    noted.save()
    page = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "Fixed." in page
