"""A real Chromium driving the live server, with a real Celery worker grading.

Playwright's sync API runs an event loop in the test's thread, which Django would take for
async code touching the database; the tests only use the ORM from that thread, between
Playwright calls, so the guard is lifted.
"""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# The documented screenshots are refreshed on request (`make screenshots`); a plain test run
# writes its own under test-results/ and leaves the work tree clean.
SCREENSHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "test-results/screenshots"
)

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail("browser tests need Debian's Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _new_page(browser: Browser, live_server, **options) -> Page:
    context = browser.new_context(base_url=live_server.url, **options)
    # Leaving a page with a save in flight asks first; the tests always mean to leave.
    context.on("dialog", lambda dialog: dialog.accept())
    page = context.new_page()
    # Whatever the Content-Security-Policy refuses (an inline script, an eval) is reported
    # on the console: every browser test fails on it (see the new_page fixture).
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    return page


@pytest.fixture
def new_page(browser, live_server):
    """Opens a fresh browser (its own cookies) on the live server; closed after the test."""
    pages = []

    def make(**options) -> Page:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        page = _new_page(browser, live_server, **options)
        pages.append(page)
        return page

    yield make
    violations = [text for page in pages for text in page.csp_violations]
    for page in pages:
        page.context.close()
    assert violations == [], "the Content-Security-Policy refused something the page needs"


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Exams")).to_be_visible()


def screenshot(page: Page, name: str, **options) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, **options)
