"""Turning verdicts into points: automatic grading (run by the Celery task), the sweep that
re-queues what got stuck, and the marking of prose answers by students and instructors."""

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from quizapp.models import Attempt, Mark, Part, Response
from quizapp.services.answers import Grade, grade_from_verdict, response_auto_grade
from quizapp.services.attempts import (
    attempt_close_if_overdue,
    attempt_finish_if_graded,
    response_queue_grading,
)
from quizapp.services.errors import AttemptClosed, InvalidInput, NotAllowed
from quizapp.services.regrading import regrade_requeue_stale
from quizapp.services.reviews import review_record

log = logging.getLogger(__name__)

GAVE_UP = (
    "This answer could not be graded automatically. It has been kept, and an instructor "
    "can mark it."
)


def response_grade(*, response_id: int, revision: int) -> str:
    """Grade one queued answer. Safe to run twice, or after the answer changed: a stale or
    finished job does nothing. Returns what happened, for the task's log."""
    claimed = Response.objects.filter(
        pk=response_id, status=Response.Status.PENDING, queued_revision=revision
    ).update(grading_tries=F("grading_tries") + 1)
    if not claimed:
        return "skipped: not pending at this revision"
    response = Response.objects.select_related("part", "attempt").get(pk=response_id)
    if response.grading_tries > settings.GRADING_MAX_TRIES:
        gave_up = grade_from_verdict(
            response=response,
            verdict={"error": "gave up"},
            status=Response.Status.ERROR,
            feedback=GAVE_UP,
        )
        _store(response, revision, grade=gave_up)
        return "gave up"
    grade = response_auto_grade(response=response)
    _store(response, revision, grade=grade)
    return grade.status


def _store(response: Response, revision: int, *, grade: Grade) -> None:
    grade.apply(response)
    with transaction.atomic():
        # The attempt first, in the order a save and a submit lock them (a response locked
        # before its attempt could deadlock with a save of that response).
        attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
        # Stored only if it is still the answer queued: one that changed or was graded
        # meanwhile keeps its state.
        queued = Response.objects.filter(
            pk=response.pk, status=Response.Status.PENDING, queued_revision=revision
        )
        if not queued.update(**{field: getattr(response, field) for field in Grade.FIELDS}):
            return
        attempt_finish_if_graded(attempt=attempt)
        response.attempt = attempt
        review_record(response=response, now=response.graded_at)


def grading_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Queue again what has waited too long (a lost task, Redis down at submit time, a
    regrade run that stopped moving), and submit exam attempts whose time is up. Run by
    Celery beat and `manage.py sweep_grading`."""
    now = now or timezone.now()
    submitted = 0
    for attempt in Attempt.objects.overdue(now):
        attempt_close_if_overdue(attempt=attempt, now=now)
        submitted += 1
    cutoff = now - timedelta(seconds=settings.GRADING_STALE_SECONDS)
    stale = Response.objects.filter(status=Response.Status.PENDING, queued_at__lte=cutoff)
    requeued = 0
    for response in stale.select_related("part"):
        with transaction.atomic():
            locked = (
                Response.objects.select_for_update(of=("self",))
                .select_related("part", "attempt")
                .get(pk=response.pk)
            )
            if locked.status == Response.Status.PENDING:
                response_queue_grading(response=locked)
                requeued += 1
    for attempt in Attempt.objects.filter(status=Attempt.Status.GRADING):
        attempt_finish_if_graded(attempt=attempt)
    with transaction.atomic():
        regrades = regrade_requeue_stale(before=cutoff)
    if submitted or requeued or regrades:
        log.info(
            "sweep: submitted %d overdue attempts, re-queued %d answers and %d regrades",
            submitted,
            requeued,
            regrades,
        )
    return {"submitted": submitted, "requeued": requeued, "regrades": regrades}


def response_self_mark(*, response: Response, score: Decimal) -> Response:
    """A student's own marking of a prose answer, after the solution is shown (practice)."""
    if response.attempt.mode != Attempt.Mode.PRACTICE:
        raise NotAllowed("self-marking is for practice attempts; exams are marked by instructors")
    if response.part.kind != Part.Kind.TEXT:
        raise NotAllowed("only written answers are self-marked; this part is graded automatically")
    if response.status != Response.Status.NEEDS_REVIEW:
        raise AttemptClosed("check this answer first: the solution is shown, then you mark it")
    problem = response.score_error(score)
    if problem:
        raise InvalidInput(problem)
    response.self_score = score
    response.save(update_fields=["self_score"])
    return response


def response_review(
    *, response: Response, reviewer: AbstractBaseUser, score: Decimal | None, feedback: str
) -> Response:
    """An instructor's marking: it counts over the automatic grade."""
    problem = response.score_error(score)
    if problem:
        raise InvalidInput(problem)
    now = timezone.now()
    with transaction.atomic():
        response.review_score = score
        response.reviewed_by = reviewer if score is not None else None
        response.reviewed_at = now if score is not None else None
        response.feedback = feedback
        if score is not None and response.status in Response.Status.MARKABLE:
            response.status = Response.Status.GRADED
        response.save()
        Mark.objects.create(
            response=response, score=score, feedback=feedback, marked_by=reviewer, marked_at=now
        )
        attempt_finish_if_graded(attempt=response.attempt)
    return response
