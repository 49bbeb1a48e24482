"""The rules an attempt keeps in the browser: its own order, fixed for its lifetime; the
server's deadline; answers that survive a dropped connection and a second tab."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quizapp.models import Attempt, Part, Response
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _order(page: Page) -> list[str]:
    return page.locator("article.question").evaluate_all("els => els.map(e => e.id)")


def _start(page: Page, exam, button: str) -> Attempt:
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name=button).click()
    expect(page.locator("article.question").first).to_be_visible()
    return Attempt.objects.get(pk=int(re.search(r"/attempts/(\d+)/", page.url).group(1)))


def _numeric(exam) -> Part:
    return Part.objects.filter(question__exam=exam, kind="numeric").first()


def test_the_order_differs_between_attempts_and_holds_on_reload(new_page, exam, student):
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    first = _start(page, exam, "Start practice")
    first_order = _order(page)
    options = (
        page.locator("fieldset.options")
        .first.locator("input")
        .evaluate_all("els => els.map(e => e.value)")
    )
    assert first_order == [f"q-{pk}" for pk in first.question_order]

    page.reload()
    assert _order(page) == first_order
    elsewhere = new_page(viewport={"width": 390, "height": 844})  # another device, a phone
    log_in(elsewhere, "alice", "alice-password-1")
    elsewhere.goto(f"/attempts/{first.pk}/")
    assert _order(elsewhere) == first_order
    assert (
        elsewhere.locator("fieldset.options")
        .first.locator("input")
        .evaluate_all("els => els.map(e => e.value)")
        == options
    )

    _start(page, exam, "Start practice")
    assert _order(page) != first_order
    assert sorted(_order(page)) == sorted(first_order)


def test_the_time_limit_is_enforced_by_the_server(page: Page, exam, student):
    log_in(page, "alice", "alice-password-1")
    attempt = _start(page, exam, "Start timed exam")
    part = _numeric(exam)
    field = page.locator(f"#answer-{part.pk}")
    field.fill("1/2")
    expect(page.locator(f"#save-{part.pk} .save-status")).to_have_attribute("data-state", "saved")

    # Time runs out while the page is open: the next change is refused, and the page moves
    # to the results, submitted as the answers stood.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    field.fill("3/4")
    expect(page.get_by_text("Time was up")).to_be_visible()
    assert page.url.endswith(f"/attempts/{attempt.pk}/results/")
    response = Response.objects.get(attempt=attempt, part=part)
    assert response.answer == "1/2"
    attempt.refresh_from_db()
    assert attempt.status != Attempt.Status.IN_PROGRESS
    assert attempt.submitted_at == attempt.deadline

    # Going back to the questions shows the results instead.
    page.goto(f"/attempts/{attempt.pk}/")
    assert page.url.endswith(f"/attempts/{attempt.pk}/results/")


def test_the_countdown_ends_the_exam_at_the_deadline(page: Page, exam, student):
    log_in(page, "alice", "alice-password-1")
    attempt = _start(page, exam, "Start timed exam")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    expect(page.locator("[data-countdown-value]")).to_have_text(re.compile(r"^0:00:0[1-4]$"))
    expect(page.get_by_text("Time was up")).to_be_visible(timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.status != Attempt.Status.IN_PROGRESS


def test_a_dropped_connection_is_shown_and_the_save_retried(page: Page, exam, student):
    log_in(page, "alice", "alice-password-1")
    attempt = _start(page, exam, "Start timed exam")
    part = _numeric(exam)
    status = page.locator(f"#save-{part.pk} .save-status")
    page.context.set_offline(True)
    page.locator(f"#answer-{part.pk}").fill("0.25")
    expect(status).to_contain_text("Not saved — connection lost; retrying")
    assert Response.objects.get(attempt=attempt, part=part).answer == ""
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved")
    assert Response.objects.get(attempt=attempt, part=part).answer == "0.25"


def test_a_second_tab_cannot_overwrite_a_newer_answer(new_page, exam, student):
    first = new_page()
    log_in(first, "alice", "alice-password-1")
    attempt = _start(first, exam, "Start practice")
    second = first.context.new_page()
    second.goto(f"/attempts/{attempt.pk}/")
    part = _numeric(exam)

    first.locator(f"#answer-{part.pk}").fill("1/4")
    expect(first.locator(f"#save-{part.pk} .save-status")).to_have_attribute("data-state", "saved")
    second.locator(f"#answer-{part.pk}").fill("9")
    stale = second.locator(f"#save-{part.pk} .save-status")
    expect(stale).to_contain_text("changed in another window")
    second.locator(f"#answer-{part.pk}").fill("99")  # not sent: it would be refused again
    second.wait_for_timeout(1500)
    assert Response.objects.get(attempt=attempt, part=part).answer == "1/4"

    stale.get_by_role("link", name="Reload").click()
    expect(second.locator(f"#answer-{part.pk}")).to_have_value("1/4")
