"""The attempt page: the attempt's own order, forms that work without JavaScript, and who
may open it."""

import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from quizapp.models import Attempt
from quizapp.services import attempt_start, attempt_submit
from tests.web.conftest import part_of

PART_URLS = ["answer/", "preview/", "check/", "feedback/", "self-mark/"]


def _urls(attempt: Attempt) -> list[tuple[str, str]]:
    part = part_of(attempt, "choice")
    base = f"/attempts/{attempt.pk}/"
    urls = [
        ("get", base),
        ("get", base + "submit/"),
        ("post", base + "submit/"),
        ("get", base + "results/"),
    ]
    for tail in PART_URLS:
        method = "get" if tail == "feedback/" else "post"
        urls.append((method, f"{base}parts/{part.pk}/{tail}"))
    return urls


def test_anonymous_visitors_are_sent_to_log_in(client, practice):
    for method, url in _urls(practice):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url


def test_another_students_attempt_does_not_exist_for_them(bob, practice):
    for method, url in _urls(practice):
        assert getattr(bob, method)(url).status_code == 404, url
    practice.refresh_from_db()
    assert practice.status == Attempt.Status.IN_PROGRESS


def test_a_part_outside_the_attempt_is_404(alice, practice, small_exam):
    topic = small_exam.topics.get(name="Basics")
    other = attempt_start(student=practice.student, exam=small_exam, mode="practice", topic=topic)
    outside = part_of(practice, "numeric")
    response = alice.post(f"/attempts/{other.pk}/parts/{outside.pk}/answer/", {"answer": "1"})
    assert response.status_code == 404


def test_questions_come_in_the_attempts_order(alice, student, small_exam):
    for seed in range(8):
        attempt = attempt_start(student=student, exam=small_exam, mode="practice", seed=seed)
        html = alice.get(f"/attempts/{attempt.pk}/").content.decode()
        shown = [int(pk) for pk in re.findall(r'<article class="card question" id="q-(\d+)"', html)]
        assert shown == attempt.question_order


def test_options_come_in_the_attempts_order(alice, practice):
    part = part_of(practice, "choice")
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    shown = [int(pk) for pk in re.findall(r'name="answer" value="(\d+)"', html)]
    assert shown == practice.option_order[str(part.pk)]


def test_the_page_is_the_same_on_reload(alice, practice):
    first = alice.get(f"/attempts/{practice.pk}/").content.decode()
    second = alice.get(f"/attempts/{practice.pk}/").content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)


def test_answering_works_without_javascript(alice, practice):
    """Every part is a plain form posting to the save view, with a Save button for when
    scripts do not run, and radio buttons in a fieldset for choices."""
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    for response in practice.responses.all():
        assert f'action="/attempts/{practice.pk}/parts/{response.part_id}/answer/"' in html
    assert html.count("<noscript>") == practice.responses.count()
    assert '<fieldset class="options">' in html and "<legend" in html
    assert 'type="radio" name="answer"' in html
    assert "<textarea" in html
    assert 'formaction="/attempts/' in html  # Check, in practice


def test_every_answer_field_has_a_label(alice, practice):
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    for field_id in re.findall(r'<(?:input|textarea) id="(answer-\d+)"', html):
        assert f'<label class="field-label" for="{field_id}">' in html


def test_expression_parts_have_a_live_preview(alice, practice):
    part = part_of(practice, "expression")
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert f'hx-post="/attempts/{practice.pk}/parts/{part.pk}/preview/"' in html
    assert 'hx-trigger="input changed delay:300ms"' in html
    assert f'id="preview-{part.pk}" aria-live="polite"' in html
    assert "Use x; ^ for powers" in html  # the engine's syntax help


def test_a_saved_answer_is_shown_again_with_its_preview(alice, practice):
    from quizapp.services import answer_save

    part = part_of(practice, "expression")
    answer_save(attempt=practice, part_id=part.pk, answer="x + x")
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert 'value="x + x"' in html
    assert "$$x + x$$" in html or "$$2\\,x$$" in html


def test_answered_k_of_n_is_shown(alice, practice):
    from quizapp.services import answer_save

    answer_save(attempt=practice, part_id=part_of(practice, "numeric").pk, answer="1/2")
    html = alice.get(f"/attempts/{practice.pk}/").content.decode()
    assert re.search(r"<strong>1</strong> of 4 parts answered", html)


def test_exam_mode_shows_the_servers_countdown_and_no_check(alice, exam_attempt):
    html = alice.get(f"/attempts/{exam_attempt.pk}/").content.decode()
    remaining = int(re.search(r'data-remaining="(\d+)"', html).group(1))
    assert 3590 <= remaining <= 3600
    assert 'role="timer"' in html
    assert "/check/" not in html
    assert "Submit exam" in html


def test_an_exam_past_its_deadline_is_submitted_when_opened(alice, exam_attempt):
    Attempt.objects.filter(pk=exam_attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    response = alice.get(f"/attempts/{exam_attempt.pk}/")
    assert response["Location"] == f"/attempts/{exam_attempt.pk}/results/"
    exam_attempt.refresh_from_db()
    assert exam_attempt.status != Attempt.Status.IN_PROGRESS


@pytest.mark.parametrize("mode", ["practice", "exam"])
def test_a_submitted_attempt_opens_its_results(alice, student, small_exam, mode):
    attempt = attempt_submit(attempt=attempt_start(student=student, exam=small_exam, mode=mode))
    assert alice.get(f"/attempts/{attempt.pk}/")["Location"] == (f"/attempts/{attempt.pk}/results/")


def test_a_figure_is_served_from_static(alice, student, small_exam):
    question = small_exam.questions.get(number=1)
    question.figure = "figures/figure1.svg"
    question.save()
    attempt = attempt_start(student=student, exam=small_exam, mode="practice")
    html = alice.get(f"/attempts/{attempt.pk}/").content.decode()
    assert '<img src="/static/figures/figure1.svg"' in html
    assert finders.find("figures/figure1.svg")
