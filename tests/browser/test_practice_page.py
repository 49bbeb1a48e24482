"""Practice as a new student meets it in the browser: a refused Check leaves the answer open to
be corrected, a checked one is locked and looks it, the focus follows the verdict, and the
pages say plainly what they hold."""

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Part, Response
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

CHECK = re.compile("^Check")


def _part(exam, number: int, kind: str, label: str = "") -> Part:
    return Part.objects.get(question__exam=exam, question__number=number, kind=kind, label=label)


def _practise(page: Page, exam) -> None:
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start practice").click()
    expect(page.locator("article.question").first).to_be_visible()


def _wait_saved(page: Page, part: Part) -> None:
    expect(page.locator(f"#save-{part.pk} .save-status")).to_have_attribute(
        "data-state", re.compile("saved|draft")
    )


def test_checking_an_unreadable_formula_leaves_it_open_to_correct(page: Page, exam, student):
    _practise(page, exam)
    part = _part(exam, 37, "expression")
    block = page.locator(f"#part-{part.pk}")
    field = page.locator(f"#answer-{part.pk}")
    check = block.get_by_role("button", name=CHECK)
    field.fill("sum(w(x_n) q_kn, n) / (sum(w(x_n), n)")
    _wait_saved(page, part)

    check.click()
    expect(page.locator(f"#feedback-{part.pk} .notice-error")).to_contain_text("never closed")
    expect(field).to_be_enabled()
    expect(check).to_be_enabled()
    expect(check).to_have_css("opacity", "1")

    # The missing bracket added, the same part checks: now it is final.
    field.fill("sum(w(x_n) q_kn, n) / sum(w(x_n), n)")
    _wait_saved(page, part)
    check.click()
    expect(
        page.locator(f"#feedback-{part.pk} .checking, #feedback-{part.pk} .verdict")
    ).to_be_visible()
    expect(field).to_be_disabled()
    expect(check).to_be_disabled()
    assert Response.objects.get(attempt__student=student, part=part).status in (
        Response.Status.CHECKED
    )


def test_checking_an_unanswered_choice_leaves_the_options_usable(page: Page, exam, student):
    _practise(page, exam)
    part = _part(exam, 1, "choice")
    block = page.locator(f"#part-{part.pk}")
    check = block.get_by_role("button", name=CHECK)

    check.click()
    expect(page.locator(f"#feedback-{part.pk} .notice-error")).to_have_text(
        "Answer this part before checking it"
    )
    right = block.locator(f'input[value="{part.options.get(correct=True).pk}"]')
    expect(right).to_be_enabled()
    expect(check).to_be_enabled()
    right.check()
    _wait_saved(page, part)
    check.click()
    expect(right).to_be_disabled()


def test_a_checked_part_looks_locked_and_the_focus_moves_to_its_verdict(page: Page, exam, student):
    _practise(page, exam)
    # Q40 has one part, so its rubric shows as soon as it is checked (the solution's rule).
    part = _part(exam, 40, "text")
    block = page.locator(f"#part-{part.pk}")
    check = block.get_by_role("button", name=CHECK)
    page.locator(f"#answer-{part.pk}").fill("The marginal p(x_t) is intractable.")
    _wait_saved(page, part)

    check.click()
    feedback = page.locator(f"#feedback-{part.pk}")
    expect(feedback.locator(".rubric")).to_be_visible()
    expect(feedback).to_be_focused()
    expect(check).to_be_disabled()
    # Greyed, not the bright blue of a button that can be pressed.
    expect(check).to_have_css("opacity", "0.5")
    expect(check).to_have_css("filter", "grayscale(1)")


def test_a_self_mark_without_a_score_says_so_below_the_rubric(page: Page, exam, student):
    _practise(page, exam)
    part = _part(exam, 40, "text")
    page.locator(f"#answer-{part.pk}").fill("The marginal p(x_t) is intractable.")
    _wait_saved(page, part)
    page.locator(f"#part-{part.pk}").get_by_role("button", name=CHECK).click()
    feedback = page.locator(f"#feedback-{part.pk}")
    feedback.get_by_role("button", name="Record my mark").click()

    error = feedback.locator(".notice-error")
    expect(error).to_have_text("Choose how many points your answer deserves")
    expect(error).to_have_count(1)
    rubric = feedback.locator(".rubric").bounding_box()
    assert error.bounding_box()["y"] > rubric["y"] + rubric["height"]
    expect(feedback).to_be_focused()


def test_part_headings_read_alike_and_the_solution_is_announced(page: Page, exam, student):
    _practise(page, exam)
    question = page.locator(f"#q-{_part(exam, 33, 'text', 'a-why').question_id}")
    labels = ["a", "a-why", "b", "b-why", "c1", "c2", "c-why"]
    expect(question.locator(".part-title")).to_have_text(
        [re.compile(rf"^Part \({label}\) ·") for label in labels]
    )
    first = _part(exam, 33, "choice", "a")
    question.locator(f"#part-{first.pk} input[type=radio]").first.check()
    _wait_saved(page, first)
    question.locator(f"#part-{first.pk}").get_by_role("button", name=CHECK).click()
    expect(question.locator(".solution-pending")).to_have_text(
        "The official solution covers every part: it appears once each part of this question "
        "is checked."
    )
    expect(question.locator(".solution")).to_have_count(0)


def test_the_exam_counts_questions_and_parts_alike_on_its_card_and_attempt(
    page: Page, exam, student
):
    log_in(page, "alice", "alice-password-1")
    expect(page.locator(".exam-facts")).to_contain_text("31 questions (41 parts)")
    page.get_by_role("link", name="Start or continue").click()
    expect(page.get_by_text("31 questions (41 parts) · ")).to_be_visible()
    page.get_by_role("button", name="Start practice").click()
    expect(page.locator("#answered-count")).to_contain_text("0 of 41 parts answered")


def test_the_topics_are_folded_away_above_the_attempts(page: Page, exam, student):
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/exams/{exam.slug}/")
    practise = page.get_by_role("button", name=re.compile("^Practise "))
    expect(practise.first).to_be_hidden()
    attempts = page.get_by_role("heading", name="Your attempts").bounding_box()
    assert attempts["y"] < 900  # on the first screen
    page.get_by_text("Practise one topic").click()
    expect(practise.first).to_be_visible()


def test_on_a_phone_the_question_strip_says_it_scrolls(new_page, exam, student):
    phone = new_page(viewport={"width": 390, "height": 844})
    _practise(phone, exam)
    strip = phone.locator(".q-nav")
    expect(strip.locator(".q-nav-title")).to_have_text("31 questions · scroll sideways for more")
    row = strip.locator("ol")
    assert row.evaluate("el => el.scrollWidth > el.clientWidth")

    desktop = new_page()
    _practise(desktop, exam)
    expect(desktop.locator(".q-nav-more")).to_be_hidden()
