"""The documented screenshots (docs/screenshots/), taken from the real pages with the real
exam bank: a student with a few weeks of history, an exam graded by a real worker."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quizapp.models import Attempt, Part, Response
from quizapp.services import answer_save, attempt_start, attempt_submit
from tests.browser.conftest import SCREENSHOTS, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _history(student, exam, shares: list[float]) -> None:
    """Finished attempts on past days, each earning about the given share of every part."""
    rng = random.Random(433)
    now = timezone.now()
    for days_ago, share in zip(range(len(shares) * 4, 0, -4), shares, strict=True):
        mode = "exam" if days_ago % 8 == 0 else "practice"
        attempt = attempt_start(student=student, exam=exam, mode=mode, seed=days_ago)
        for response in attempt.responses.select_related("part"):
            right = rng.random() < share
            response.answer = "x"
            response.status = Response.Status.GRADED
            response.auto_score = response.part.points if right else Decimal(0)
            response.correct = right
            response.save()
        started = now - timedelta(days=days_ago)
        Attempt.objects.filter(pk=attempt.pk).update(
            status=Attempt.Status.GRADED,
            started_at=started,
            deadline=None,
            submitted_at=started + timedelta(minutes=70),
        )


def _right(part: Part) -> str:
    return str(part.options.get(correct=True).pk)


def _wrong(part: Part) -> str:
    return str(part.options.filter(correct=False).first().pk)


def test_screenshots_of_the_key_pages(new_page, exam, student, celery_worker_process):
    _history(student, exam, [0.3, 0.42, 0.5, 0.47, 0.63])
    page: Page = new_page()
    log_in(page, "alice", "alice-password-1")
    screenshot(page, "home.png")

    # The attempt page, with the live preview of a formula: first wrong, then right.
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start practice").click()
    expect(page.locator("article.question").first).to_be_visible()
    first_choice = page.locator("fieldset.options").first
    first_choice.locator("input").nth(1).check()
    expect(first_choice.locator("xpath=..").locator(".save-status")).to_have_attribute(
        "data-state", "saved"
    )
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "attempt.png")
    expression = Part.objects.get(question__exam=exam, question__number=37)
    block = page.locator(f"#part-{expression.pk}")
    field = page.locator(f"#answer-{expression.pk}")
    field.press_sequentially("sum(w(x_n) q_kn, n) / (sum(w(x_n), n)", delay=5)
    expect(block.locator(".preview-error")).to_be_visible()
    block.screenshot(path=SCREENSHOTS / "preview-error.png")
    field.fill("sum(w(x_n) q_kn, n) / sum(w(x_n), n)")
    expect(block.locator(".preview .katex")).to_be_visible()
    expect(block.locator(".save-status")).to_have_attribute("data-state", "saved")
    block.evaluate("el => el.scrollIntoView({block: 'center'})")
    screenshot(page, "attempt-preview.png")
    block.get_by_role("button", name="Check").click()
    expect(block.locator(".verdict")).to_contain_text("Correct", timeout=60_000)
    # A whole-question picture is taller than the window: the sticky bar would sit in it.
    page.add_style_tag(content=".attempt-bar { position: static; }")
    block.locator("xpath=ancestor::article").screenshot(path=SCREENSHOTS / "checked.png")

    # An exam, graded by the worker: the results.
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    choices = Part.objects.filter(question__exam=exam, kind="choice").order_by("question__number")
    for index, part in enumerate(choices):
        if index % 4 != 3:
            answer_save(
                attempt=attempt, part_id=part.pk, answer=_right(part) if index % 3 else _wrong(part)
            )
    answer_save(
        attempt=attempt, part_id=expression.pk, answer="sum(w(x_n) q_kn, n) / N"
    )  # a known mistake, with its own feedback
    attempt_submit(attempt=attempt)
    page.goto(f"/attempts/{attempt.pk}/results/")
    expect(page.get_by_role("heading", name="Your results")).to_be_visible(timeout=60_000)
    screenshot(page, "results.png")
    page.locator(f"#q-{expression.question_id}").screenshot(
        path=SCREENSHOTS / "results-question.png"
    )

    # Progress, over the weeks.
    page.goto(f"/exams/{exam.slug}/progress/")
    # Six finished attempts and the practice still open (charted over its checked parts).
    expect(page.locator(".chart-svg .chart-dot")).to_have_count(7)
    screenshot(page, "progress.png", full_page=True)

    # On a phone.
    phone = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    log_in(phone, "alice", "alice-password-1")
    practice = Attempt.objects.filter(student=student, status="in_progress").first()
    phone.goto(f"/attempts/{practice.pk}/#part-{expression.pk}")
    expect(phone.locator(f"#preview-{expression.pk} .katex")).to_be_visible()
    screenshot(phone, "phone-attempt.png")
    phone.goto(f"/exams/{exam.slug}/progress/")
    screenshot(phone, "phone-progress.png")
