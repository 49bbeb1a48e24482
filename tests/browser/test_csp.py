"""Under the Content-Security-Policy (no inline script, no eval) the site and the admin still
work: KaTeX typesets, htmx swaps, the admin's scripts run. Any refusal the browser reports
fails the test (tests/browser/conftest.py)."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Question
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser]


def test_the_admin_preview_typesets_its_math_under_the_policy(page: Page, exam, instructor):
    question = Question.objects.get(exam=exam, number=37)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("charlie")
    page.get_by_label("Password").fill("charlie-password-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/quizapp/question/{question.pk}/change/")
    expect(page.locator(".quiz-preview .katex").first).to_be_visible()


def test_the_api_docs_load_under_the_policy(page: Page, db):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui").first).to_be_visible()


def test_the_exam_page_typesets_and_htmx_runs_under_the_policy(page: Page, exam, student):
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start practice").click()
    # Typeset (some math sits in folded parts of the page, so attached, not visible).
    expect(page.locator(".katex").first).to_be_attached()
    assert page.evaluate("typeof htmx") == "object"
