"""Exam submits and practice checks are graded from separate Celery queues, so that a hall
submitting at once cannot delay a practice check, nor a practice rush an exam."""

from datetime import timedelta

import pytest
from celery.app.task import Task
from django.conf import settings
from django.utils import timezone

from quizapp.celery import app as celery_app
from quizapp.models import Part, Response
from quizapp.services import answer_save, attempt_start, attempt_submit, grading_sweep
from quizapp.services.attempts import GRADE_TASK

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, tuple, str]]:
    """The grading tasks published, as (task name, args, queue); none runs."""
    published = []

    def record(task, args=None, kwargs=None, **options):
        published.append((task.name, tuple(args), options["queue"]))

    monkeypatch.setattr(Task, "apply_async", record)
    return published


def _parts(kind: str) -> list[Part]:
    return list(Part.objects.filter(kind=kind, question__exam__slug="cs433-2024"))


def _right_choice(part: Part) -> str:
    return str(part.options.get(correct=True).pk)


def _right_expression(part: Part) -> str:
    return part.answer["expected"]


def test_the_queues_are_named_in_settings():
    assert (settings.GRADING_QUEUE_SUBMIT, settings.GRADING_QUEUE_PRACTICE) == (
        "submit",
        "practice",
    )


def test_a_worker_started_without_q_consumes_every_queue():
    assert set(celery_app.amqp.queues) == {"celery", "submit", "practice"}


def test_an_exam_submit_queues_its_answers_on_the_submit_queue(
    exam, student, sent, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    expressions = _parts("expression")[:3]
    for part in expressions:
        answer_save(attempt=attempt, part_id=part.pk, answer=_right_expression(part))
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt)
    queued = {
        response.pk: response.revision
        for response in Response.objects.filter(attempt=attempt, part__in=expressions)
    }
    assert sorted(sent) == sorted(
        (GRADE_TASK, (pk, revision), "submit") for pk, revision in queued.items()
    )


def test_a_practice_check_is_queued_on_the_practice_queue(
    exam, student, sent, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    part = _parts("choice")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = answer_save(
            attempt=attempt, part_id=part.pk, answer=_right_choice(part), grade_now=True
        )
    assert sent == [(GRADE_TASK, (response.pk, 1), "practice")]


def test_the_sweep_queues_each_stale_answer_on_its_attempts_queue(
    exam, student, sent, django_capture_on_commit_callbacks
):
    practice = attempt_start(student=student, exam=exam, mode="practice")
    hall = attempt_start(student=student, exam=exam, mode="exam")
    part = _parts("expression")[0]
    with django_capture_on_commit_callbacks(execute=True):
        checked = answer_save(
            attempt=practice, part_id=part.pk, answer=_right_expression(part), grade_now=True
        )
        answer_save(attempt=hall, part_id=part.pk, answer=_right_expression(part))
        attempt_submit(attempt=hall)
    submitted = Response.objects.get(attempt=hall, part=part)
    sent.clear()
    later = timezone.now() + timedelta(seconds=settings.GRADING_STALE_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        grading_sweep(now=later)
    assert sorted(sent) == sorted(
        [(GRADE_TASK, (checked.pk, 1), "practice"), (GRADE_TASK, (submitted.pk, 1), "submit")]
    )


def test_a_queue_renamed_in_settings_is_used(
    exam, student, sent, settings, django_capture_on_commit_callbacks
):
    settings.GRADING_QUEUE_SUBMIT = "exam-hall"
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _parts("expression")[0]
    answer_save(attempt=attempt, part_id=part.pk, answer=_right_expression(part))
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt)
    assert [queue for _, _, queue in sent] == ["exam-hall"]
