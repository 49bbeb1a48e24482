"""Regrading on a real Celery worker and the real Redis: every old and new score is recorded,
a second run changes nothing, and a worker killed midway loses nothing and regrades each
answer once."""

import signal
import time

import pytest

from quizapp.accounts import upsert_user
from quizapp.models import Part, Regrade, RegradeChange, Response
from quizapp.services.regrading import regrade_start
from tests.conftest import flush_broker, running_worker, stop_worker
from tests.factories import exam_answered, exam_with_key_markers
from tests.integration.test_grading_worker import FAST_REDELIVERY, _log, _wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Against the printed key 0.375: 0.5 and 0.25 are wrong, 0.375 right. The key becomes 0.5.
ANSWERS = {"amy": "0.5", "ben": "0.375", "cat": "0.25", "dan": "0.5"}
ONE_PER_TASK = {"REGRADE_BATCH_SIZE": "1"}


@pytest.fixture
def corrected(db, instructor) -> Part:
    """Four students' graded exam answers to the numeric part, whose key is then corrected
    (graded in-process: no worker is running yet)."""
    exam = exam_with_key_markers(slug="small")
    for name, answer in ANSWERS.items():
        student = upsert_user(name, f"{name}-password-1")
        exam_answered(student=student, exam=exam, answers={"numeric": answer})
    part = Part.objects.get(kind=Part.Kind.NUMERIC)
    part.answer = {**part.answer, "value": 0.5}
    part.save()
    return part


def _finished(regrade: Regrade) -> bool:
    return Regrade.objects.get(pk=regrade.pk).finished


def _records(regrade: Regrade) -> dict[str, tuple]:
    changes = RegradeChange.objects.filter(regrade=regrade).select_related(
        "response__attempt__student"
    )
    return {
        c.response.attempt.student.username: (c.old_score, c.new_score, c.new_correct)
        for c in changes
    }


def test_a_regrade_on_the_worker_records_every_change_and_a_second_changes_nothing(
    corrected, instructor
):
    flush_broker()
    with running_worker(env=ONE_PER_TASK, log_name="regrade-worker.log"):
        regrade = regrade_start(part=corrected, by=instructor)
        _wait_for(lambda: _finished(regrade), 60, "the regrade to finish")
        again = regrade_start(part=corrected, by=instructor)
        _wait_for(lambda: _finished(again), 60, "the second regrade to finish")
    regrade.refresh_from_db()
    assert (regrade.status, regrade.done, regrade.total) == ("done", 4, 4)
    assert _records(regrade) == {
        "amy": (0, 1, True),
        "ben": (1, 0, False),
        "dan": (0, 1, True),
    }
    scores = dict(
        Response.objects.filter(part=corrected).values_list(
            "attempt__student__username", "auto_score"
        )
    )
    assert scores == {"amy": 1, "ben": 0, "cat": 0, "dan": 1}
    again.refresh_from_db()
    assert (again.status, again.done, _records(again)) == ("done", 4, {})


def test_a_worker_killed_mid_run_loses_nothing_and_regrades_each_answer_once(corrected, instructor):
    flush_broker()
    lingering = {**FAST_REDELIVERY, **ONE_PER_TASK, "TEST_TASK_LINGER_SECONDS": "60"}
    with running_worker(
        "--include", "tests.integration.linger", env=lingering, log_name="killed-regrade.log"
    ) as doomed:
        regrade = regrade_start(part=corrected, by=instructor)
        _wait_for(lambda: "regrade_batch[" in _log("killed-regrade.log"), 60, "the task")
        stop_worker(doomed, signal.SIGKILL)
    assert Regrade.objects.get(pk=regrade.pk).done == 0
    with running_worker(env={**FAST_REDELIVERY, **ONE_PER_TASK}, log_name="resumed-regrade.log"):
        _wait_for(lambda: _finished(regrade), 90, "the run to come back to the second worker")
        time.sleep(3)  # room for a duplicate delivery to show itself
    regrade.refresh_from_db()
    assert (regrade.status, regrade.done) == ("done", 4)
    assert sorted(_records(regrade)) == ["amy", "ben", "dan"]
    assert RegradeChange.objects.count() == 3
