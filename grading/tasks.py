"""The Celery shell around the engine: load a response, grade it, store the verdict.

The work itself is in quizapp.services.marking; these tasks only carry ids.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def grade_response(response_id: int, revision: int) -> str:
    from quizapp.services import response_grade

    try:
        return response_grade(response_id, revision)
    except SoftTimeLimitExceeded:
        # Left pending: the sweep queues it again, and the try counter ends a poison answer.
        return "soft time limit: left for the sweep"


@shared_task(ignore_result=True)
def sweep_pending_responses() -> dict[str, int]:
    from quizapp.services import sweep_stale

    return sweep_stale()
