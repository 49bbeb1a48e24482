"""Math reads as math with or without JavaScript: the server sends MathML, which Chromium
draws natively; with JavaScript, KaTeX typesets the same LaTeX."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser]


def test_without_javascript_the_math_is_drawn_not_shown_as_latex(new_page, exam, student):
    page = new_page(java_script_enabled=False)
    page.goto("/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("alice-password-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start practice").click()
    first = page.locator("span.math math").first
    expect(first).to_be_attached()
    assert page.locator(".katex").count() == 0
    # No LaTeX source left in the text the student reads.
    assert "\\frac" not in page.locator("main").inner_text()


def test_with_javascript_katex_typesets_the_same_math(page, exam, student):
    log_in(page, "alice", "alice-password-1")
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start practice").click()
    expect(page.locator("span.math .katex").first).to_be_attached()
    assert page.locator("span.math[data-tex]").count() == 0  # every one typeset
