"""A new student, from signing up to their progress page, in a real browser with a real
Celery worker grading."""

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Attempt, Part, Question

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _part(exam, number: int, kind: str) -> Part:
    return Part.objects.get(question__exam=exam, question__number=number, kind=kind)


def _wait_saved(page: Page, part: Part) -> None:
    expect(page.locator(f"#save-{part.pk} .save-status")).to_have_attribute(
        "data-state", re.compile("saved|draft")
    )


def test_a_new_student_practises_sits_an_exam_and_follows_progress(
    page: Page, exam, celery_worker_process
):
    # Sign up.
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome, dana!")).to_be_visible()

    # A practice attempt.
    page.get_by_role("link", name="Start or continue").click()
    page.get_by_role("button", name="Start practice").click()
    expect(page.get_by_role("heading", name="Practice", exact=True)).to_be_visible()
    attempt = Attempt.objects.get(student__username="dana")
    expect(page.locator("#answered-count")).to_contain_text("0 of 41 parts answered")

    # A choice question: the right option, checked.
    choice = _part(exam, 1, "choice")
    right = choice.options.get(correct=True)
    block = page.locator(f"#part-{choice.pk}")
    block.locator(f'input[value="{right.pk}"]').check()
    _wait_saved(page, choice)
    expect(page.locator("#answered-count")).to_contain_text("1 of 41 parts answered")
    block.get_by_role("button", name=re.compile("^Check")).click()
    verdict = page.locator(f"#feedback-{choice.pk} .verdict")
    expect(verdict).to_contain_text("Correct")
    expect(verdict).to_contain_text("2 / 2 points")
    solution = page.locator(f"#solution-{choice.question_id} .solution")
    expect(solution).to_contain_text("Official solution")
    expect(solution.locator(".katex").first).to_be_visible()  # the math, typeset after the swap

    # An expression typed with a mistake: the preview says what is wrong, in words.
    expression = _part(exam, 37, "expression")
    field = page.locator(f"#answer-{expression.pk}")
    field.scroll_into_view_if_needed()
    field.press_sequentially("sum(w(x_n) q_kn, n) / (sum(w(x_n), n)", delay=10)
    preview = page.locator(f"#preview-{expression.pk}")
    expect(preview.locator(".preview-error")).to_contain_text("never closed")
    _wait_saved(page, expression)
    expect(page.locator(f"#save-{expression.pk}")).to_contain_text("Draft saved")

    # Corrected: the preview shows the formula, rendered by KaTeX.
    field.fill("sum(w(x_n) q_kn, n) / sum(w(x_n), n)")
    expect(preview.locator(".katex")).to_be_visible()
    expect(preview.locator(".preview-error")).to_have_count(0)
    _wait_saved(page, expression)
    expect(page.locator(f"#save-{expression.pk}")).to_contain_text("Saved")

    # Check: the engine's verdict, the feedback and the official solution.
    page.locator(f"#part-{expression.pk}").get_by_role("button", name=re.compile("^Check")).click()
    verdict = page.locator(f"#feedback-{expression.pk} .verdict")
    expect(verdict).to_contain_text("Correct", timeout=60_000)
    expect(verdict).to_contain_text("1 / 1 point")
    solution = page.locator(f"#solution-{expression.question_id} .solution")
    expect(solution.locator(".katex").first).to_be_visible()

    # Nothing is lost on reload.
    page.reload()
    expect(page.locator(f"#answer-{expression.pk}")).to_have_value(
        "sum(w(x_n) q_kn, n) / sum(w(x_n), n)"
    )
    expect(page.locator(f"#part-{choice.pk} input[value='{right.pk}']")).to_be_checked()
    expect(page.locator(f"#feedback-{choice.pk} .verdict")).to_contain_text("Correct")

    # An exam attempt, answered and submitted.
    page.goto(f"/exams/{exam.slug}/")
    page.get_by_role("button", name="Start timed exam").click()
    expect(page.locator("[data-countdown-value]")).to_have_text(re.compile(r"^[23]:\d\d:\d\d$"))
    exam_attempt = Attempt.objects.get(student__username="dana", mode="exam")
    page.locator(f"#part-{choice.pk} input[value='{right.pk}']").check()
    _wait_saved(page, choice)
    expect(
        page.locator(f"#part-{choice.pk}").get_by_role("button", name=re.compile("^Check"))
    ).to_have_count(0)
    wrong = _part(exam, 2, "choice").options.filter(correct=False).first()
    page.locator(f"#part-{wrong.part_id} input[value='{wrong.pk}']").check()
    _wait_saved(page, wrong.part)
    expect(page.locator(f"#feedback-{choice.pk}")).to_be_empty()  # no feedback until submitted
    page.get_by_role("link", name="Submit exam").first.click()
    expect(page.get_by_text("You have answered 2 of 41 parts.")).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()

    # Results: graded by the worker while the page polls, then the whole attempt.
    expect(page.get_by_role("heading", name="Your results")).to_be_visible(timeout=60_000)
    assert page.url.endswith(f"/attempts/{exam_attempt.pk}/results/")
    expect(page.locator(".score-value")).to_contain_text("2")
    first = page.locator(f"#part-{choice.pk}")
    expect(first.locator(".verdict")).to_contain_text("2 / 2 points")
    expect(page.locator(f"#part-{wrong.part_id} .verdict")).to_contain_text("Not right")
    expect(page.locator(f"#part-{wrong.part_id} .verdict-answer")).to_contain_text(
        "The right answer"
    )
    figure = page.locator(f"#q-{choice.question_id} img")
    expect(figure).to_have_attribute("src", f"/static/{choice.question.figure}")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_js_property("complete", True)
    assert figure.evaluate("img => img.naturalWidth") > 0  # the figure really loaded

    # Progress: attempts over time, points per topic, missed questions, the weakest topic.
    page.get_by_role("link", name="See your progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    # The exam, and the practice still open, charted over the parts checked so far.
    expect(page.locator(".chart-svg .chart-dot")).to_have_count(2)
    expect(page.locator(".chart-svg .chart-dot-unfinished")).to_have_count(1)
    expect(page.locator(".bar-row").first).to_be_visible()
    expect(page.locator(".missed-list li").first).to_contain_text("of the paper")
    page.get_by_role("button", name=re.compile("Practise your weakest topic")).click()
    expect(page.get_by_role("heading", name=re.compile("^Practice: "))).to_be_visible()
    topic_attempt = Attempt.objects.get(student=attempt.student, topic__isnull=False)
    assert set(topic_attempt.question_order) == set(
        Question.objects.filter(topic=topic_attempt.topic).values_list("pk", flat=True)
    )
