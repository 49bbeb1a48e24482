"""An instructor writes a part's key in the admin with a real browser: only the fields of
the part's kind show, a sample answer is tried and kept as a test case, the question's
preview follows the form. Under the Content-Security-Policy (tests/browser/conftest.py)."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Part
from tests.browser.conftest import screenshot
from tests.factories import exam_of_every_kind

pytestmark = [pytest.mark.browser]


def _admin_log_in(page: Page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("charlie")
    page.get_by_label("Password").fill("charlie-password-1")
    page.get_by_role("button", name="Log in").click()


def test_an_instructor_tries_an_answer_and_keeps_it_as_a_test_case(page: Page, instructor):
    exam = exam_of_every_kind()
    part = Part.objects.get(question__exam=exam, kind=Part.Kind.EXPRESSION)
    _admin_log_in(page)
    page.goto(f"/admin/quizapp/part/{part.pk}/change/")
    expect(page.get_by_role("heading", name="Expression answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Numeric answer")).to_be_hidden()
    page.get_by_label("Expected answer").fill("2 x sigma(x) + 1")
    page.get_by_label("A sample answer").fill("1 + 2 sigma(x) x")
    page.get_by_label("A sample answer").press("Enter")
    result = page.locator(".try-result")
    expect(result.get_by_text("Correct", exact=True)).to_be_visible()
    expect(result.locator(".katex").first).to_be_visible()
    screenshot(page, "admin-try-answer.png", full_page=True)
    result.get_by_role("button", name="Keep as test case").click()
    expect(page.locator("input[name='tests-0-answer']")).to_have_value("1 + 2 sigma(x) x")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    part.refresh_from_db()
    assert (part.answer["expected"], part.answer["tests"]) == (
        "2 x sigma(x) + 1",
        [{"answer": "1 + 2 sigma(x) x", "verdict": "correct"}],
    )


def test_a_refused_try_shows_its_message_in_place(page: Page, instructor):
    exam = exam_of_every_kind()
    part = Part.objects.get(question__exam=exam, kind=Part.Kind.EXPRESSION)
    _admin_log_in(page)
    page.goto(f"/admin/quizapp/part/{part.pk}/change/")
    page.get_by_label("Expected answer").fill("2 x (")
    page.get_by_label("A sample answer").fill("x")
    page.get_by_role("button", name="Try it").click()
    expect(page.locator(".try-result .errornote")).to_contain_text("The answer key cannot be read")


def test_the_question_preview_follows_the_form(page: Page, instructor):
    exam = exam_of_every_kind()
    question = exam.questions.get(number=3)
    _admin_log_in(page)
    page.goto(f"/admin/quizapp/question/{question.pk}/change/")
    # Each part inline shows only its own kind's answer fields.
    expect(page.locator("#parts-1 input[name='parts-1-expected']")).to_be_visible()
    expect(page.locator("#parts-1 input[name='parts-1-value']")).to_be_hidden()
    page.locator("textarea[name='prompt']").fill("Let $g(x) = x^3$. **Edited live**")
    preview = page.locator("#question-preview")
    expect(preview.locator("strong", has_text="Edited live")).to_be_visible()
    expect(preview.locator(".katex").first).to_be_visible()
    question.refresh_from_db()
    assert "Edited live" not in question.prompt
