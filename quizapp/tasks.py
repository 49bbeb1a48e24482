"""The Celery tasks: each carries ids, loads, and calls one service.

The work itself is in quizapp.services.marking; the engine (grading/) knows nothing of
Celery or Django.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from quizapp.services.marking import grading_sweep, response_grade
from quizapp.services.regrading import regrade_batch as regrade_next_batch


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def grade_response(response_id: int, revision: int) -> str:
    try:
        return response_grade(response_id=response_id, revision=revision)
    except SoftTimeLimitExceeded:
        # Left pending: the sweep queues it again, and the try counter ends a poison answer.
        return "soft time limit: left for the sweep"


@shared_task(ignore_result=True)
def sweep_pending_responses() -> dict[str, int]:
    return grading_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def regrade_batch(regrade_id: int) -> str:
    try:
        return regrade_next_batch(regrade_id=regrade_id)
    except SoftTimeLimitExceeded:
        # Nothing of the batch was stored; the sweep queues the run again.
        return "soft time limit: left for the sweep"
