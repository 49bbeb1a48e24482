"""Grading on a real Celery worker and the real Redis: nothing submitted is ever lost, and
nothing is graded twice."""

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from quizapp.celery import app as celery_app
from quizapp.models import Attempt, Part, Response
from quizapp.services import answer_save, attempt_start, attempt_submit, grading_sweep
from tests.conftest import flush_broker, running_worker, stop_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "2", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def _exam_attempt_with_gelu_answer(exam, student) -> Response:
    part = Part.objects.get(question__number=34, kind=Part.Kind.EXPRESSION)
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM)
    answer_save(attempt=attempt, part_id=part.pk, answer="sigma(cz) + cz sigma(cz)(1 - sigma(cz))")
    return Response.objects.get(attempt=attempt, part=part)


def _log(name: str) -> str:
    return (Path(settings.BASE_DIR) / "test-results" / name).read_text(errors="replace")


def test_a_submitted_answer_is_graded_by_the_worker(exam, student, celery_worker_process):
    response = _exam_attempt_with_gelu_answer(exam, student)
    attempt_submit(attempt=response.attempt)
    _wait_for(
        lambda: Attempt.objects.get(pk=response.attempt_id).status == "graded",
        60,
        "the attempt to be graded",
    )
    response.refresh_from_db()
    assert (response.status, response.correct, response.auto_score) == ("graded", True, 1)
    assert response.engine_version


def test_a_worker_killed_mid_task_loses_nothing_and_grades_once(exam, student):
    flush_broker()
    response = _exam_attempt_with_gelu_answer(exam, student)
    with running_worker(
        "--include", "tests.integration.linger", env=FAST_REDELIVERY, log_name="killed-worker.log"
    ) as doomed:
        attempt_submit(attempt=response.attempt)
        _wait_for(lambda: "grade_response[" in _log("killed-worker.log"), 60, "the task to arrive")
        stop_worker(doomed, signal.SIGKILL)
    assert Response.objects.get(pk=response.pk).status == "pending"
    with running_worker(env=FAST_REDELIVERY, log_name="second-worker.log"):
        _wait_for(
            lambda: Response.objects.get(pk=response.pk).status == "graded",
            90,
            "the task to come back to the second worker",
        )
        time.sleep(3)  # room for a duplicate delivery to show itself
    response.refresh_from_db()
    assert (response.correct, response.auto_score) == (True, 1)
    assert _log("second-worker.log").count("'graded'") == 1


def test_an_answer_whose_task_was_lost_is_queued_again_by_the_sweep(exam, student):
    flush_broker()
    response = _exam_attempt_with_gelu_answer(exam, student)
    attempt_submit(attempt=response.attempt)  # eager is on outside a worker: grade...
    Response.objects.filter(pk=response.pk).update(  # ...then pretend the task never ran
        status="pending",
        queued_revision=response.revision,
        queued_at=timezone.now(),
        auto_score=None,
        graded_at=None,
    )
    Attempt.objects.filter(pk=response.attempt_id).update(status="grading")
    with running_worker(log_name="sweep-worker.log"):
        later = timezone.now() + timedelta(seconds=settings.GRADING_STALE_SECONDS + 1)
        assert grading_sweep(now=later)["requeued"] == 1
        _wait_for(
            lambda: Attempt.objects.get(pk=response.attempt_id).status == "graded",
            60,
            "the swept answer to be graded",
        )
    response.refresh_from_db()
    assert (response.status, response.auto_score) == ("graded", 1)


def test_an_answer_past_the_hard_limit_ends_ungraded_and_the_worker_grades_the_next(
    exam, student, outsider, monkeypatch
):
    flush_broker()
    # The limits travel in each message, from the publisher's settings: here, this process.
    task = celery_app.tasks["quizapp.tasks.grade_response"]
    monkeypatch.setattr(task, "soft_time_limit", 1)
    monkeypatch.setattr(task, "time_limit", 2)
    monkeypatch.setattr(task, "_exec_options", None)
    stuck = _exam_attempt_with_gelu_answer(exam, student)
    drills = Path(settings.BASE_DIR) / "benchmarks" / "drills"
    env = {
        # The drill's hook: grading this exact answer sleeps and ignores the soft limit.
        "DRILL_SLEEP_ANSWER": stuck.answer,
        "PYTHONPATH": f"{settings.BASE_DIR}{os.pathsep}{drills}",
        "GRADING_MAX_TRIES": "1",
    }
    with running_worker(
        "--include", "worker_hooks", env=env, log_name="hard-limit-worker.log"
    ) as worker:
        attempt_submit(attempt=stuck.attempt)
        _wait_for(lambda: "Hard time limit" in _log("hard-limit-worker.log"), 30, "the limit")
        assert Response.objects.get(pk=stuck.pk).status == "pending"
        later = timezone.now() + timedelta(seconds=settings.GRADING_STALE_SECONDS + 1)
        assert grading_sweep(now=later)["requeued"] == 1  # its one try is spent: given up
        _wait_for(lambda: Response.objects.get(pk=stuck.pk).status == "error", 30, "give-up")
        part = Part.objects.get(question__number=34, kind=Part.Kind.EXPRESSION)
        nxt = attempt_start(student=outsider, exam=exam, mode=Attempt.Mode.EXAM)
        answer_save(attempt=nxt, part_id=part.pk, answer="sigma(cz)*(1 + cz*(1 - sigma(cz)))")
        attempt_submit(attempt=nxt)
        _wait_for(lambda: Attempt.objects.get(pk=nxt.pk).status == "graded", 30, "the next attempt")
        assert worker.poll() is None
    stuck.refresh_from_db()
    assert stuck.client_status == "needs_review"
    assert Attempt.objects.get(pk=stuck.attempt_id).status == "graded"
    assert Response.objects.get(attempt=nxt, part=part).correct is True
