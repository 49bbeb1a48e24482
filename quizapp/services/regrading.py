"""Regrading a part after its key was corrected: a dry run that saves nothing, then a run on
a Celery worker, in batches, that records every score it changes (RegradeChange).

Answers are graded by response_auto_grade, as the grading task grades them. Answers marked
by hand (written parts, an instructor's mark) and answers not graded yet are left alone
(ResponseQuerySet.regradable).
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from quizapp.models import Part, Question, Regrade, RegradeChange, Response
from quizapp.services.answers import Grade, response_auto_grade
from quizapp.services.attempts import send_tasks
from quizapp.services.errors import NotAllowed

HAND_MARKED = "written answers are marked by hand, not graded by the engine: nothing to regrade"
# Queued by name, as the grading task (quizapp.tasks imports this module).
REGRADE_TASK = "quizapp.tasks.regrade_batch"


@dataclass
class RegradeSummary:
    """What a regrade changes (a dry run) or changed (a run): the answers whose grade
    differs, how many went up and down, and the points gained in all (negative: lost)."""

    part: Part
    checked: int
    changes: list[RegradeChange] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.changes)

    @property
    def up(self) -> int:
        return sum(change.delta > 0 for change in self.changes)

    @property
    def down(self) -> int:
        return sum(change.delta < 0 for change in self.changes)

    @property
    def points_change(self) -> Decimal:
        return sum((change.delta for change in self.changes), Decimal(0))


def _regradable(part: Part) -> QuerySet[Response]:
    if not part.is_auto_graded:
        raise NotAllowed(HAND_MARKED)
    return part.responses.regradable().order_by("pk")


def _change(response: Response, grade: Grade) -> RegradeChange | None:
    """The change `grade` makes to the response's grade (unsaved), or None if it makes none."""
    before = (response.status, response.correct, response.auto_score)
    after = (grade.status, grade.correct, grade.auto_score)
    if before == after:
        return None
    return RegradeChange(
        response=response,
        old_status=response.status,
        old_score=response.auto_score,
        old_correct=response.correct,
        new_status=grade.status,
        new_score=grade.auto_score,
        new_correct=grade.correct,
    )


def regrade_parts(*, item: Part | Question) -> list[Part]:
    """What regrading a part or a question covers: the part, or the question's parts that
    the engine grades (refused when there is none)."""
    parts = [item] if isinstance(item, Part) else list(item.parts.order_by("position"))
    parts = [part for part in parts if part.is_auto_graded]
    if not parts:
        raise NotAllowed(HAND_MARKED)
    return parts


def regrade_preview(*, part: Part) -> RegradeSummary:
    """The dry run: every answer a regrade would grade again, graded with the part's current
    key, and what would change. Nothing is saved."""
    responses = list(_regradable(part).select_related("part", "attempt__student"))
    summary = RegradeSummary(part=part, checked=len(responses))
    for response in responses:
        change = _change(response, response_auto_grade(response=response))
        if change is not None:
            summary.changes.append(change)
    return summary


def regrade_start(*, part: Part, by: AbstractBaseUser) -> Regrade:
    """Start a run on a worker against the part's current key. A run of this part that has
    not finished is queued again instead (it resumes where it stopped), unless the key has
    changed since it started: that one is stopped, and a new run starts."""
    responses = _regradable(part)
    with transaction.atomic():
        Part.objects.select_for_update().get(pk=part.pk)  # one run at a time per part
        regrade = part.regrades.unfinished().first()
        if regrade is not None and regrade.key != part.grading_key:
            _finish(regrade, Regrade.Status.STOPPED)
            regrade = None
        if regrade is None:
            regrade = Regrade.objects.create(
                part=part, started_by=by, key=part.grading_key, total=responses.count()
            )
        regrade_queue(regrade=regrade)
    return regrade


def regrade_queue(*, regrade: Regrade) -> None:
    """Queue the run's next batch once the transaction commits."""
    jobs = [(regrade.pk,)]
    transaction.on_commit(lambda: send_tasks(REGRADE_TASK, jobs, queue=settings.REGRADE_QUEUE))


def regrade_batch(*, regrade_id: int) -> str:
    """Grade the run's next batch of answers and queue the one after. Safe to run twice, or
    after a worker died midway: a batch is committed with the run's cursor, and a batch
    another worker already committed is not applied again. Returns what happened."""
    regrade = Regrade.objects.select_related("part").get(pk=regrade_id)
    if regrade.finished:
        return f"skipped: {regrade.status}"
    part = regrade.part
    if part.grading_key != regrade.key:
        _finish(regrade, Regrade.Status.STOPPED)
        return "stopped: the key changed during the run"
    batch = list(
        part.responses.regradable()
        .filter(pk__gt=regrade.cursor)
        .select_related("part")
        .order_by("pk")[: settings.REGRADE_BATCH_SIZE]
    )
    if not batch:
        _finish(regrade, Regrade.Status.DONE)
        return "done"
    # Graded outside the transaction: the engine may take seconds, rows stay unlocked. A
    # batch ends early past half the task's soft time limit, so slow answers still move on.
    budget, started = settings.CELERY_TASK_SOFT_TIME_LIMIT / 2, time.monotonic()
    grades = {}
    for response in batch:
        grades[response.pk] = response_auto_grade(response=response)
        if time.monotonic() - started > budget:
            break
    batch = batch[: len(grades)]
    with transaction.atomic():
        locked = Regrade.objects.select_for_update().get(pk=regrade.pk)
        if locked.finished or locked.cursor != regrade.cursor:
            return "skipped: another worker did this batch"
        current = Response.objects.select_for_update().select_related("part").in_bulk(grades)
        changed = 0
        for response in batch:
            now = current.get(response.pk)
            if now is None or _moved(response, now):
                continue  # changed since it was read (a new try, a mark): not ours to grade
            change = _change(now, grades[response.pk])
            if change is None:
                continue
            change.regrade = locked
            change.save()
            grades[response.pk].apply(now)
            now.regraded = change
            now.save()
            changed += 1
        locked.cursor = batch[-1].pk
        locked.done += len(batch)
        locked.status = Regrade.Status.RUNNING
        locked.save(update_fields=["cursor", "done", "status", "updated_at"])
        regrade_queue(regrade=locked)
    return f"{len(batch)} answers regraded, {changed} changed"


def _moved(before: Response, now: Response) -> bool:
    return (before.revision, before.status, before.review_score) != (
        now.revision,
        now.status,
        now.review_score,
    )


def _finish(regrade: Regrade, status: str) -> None:
    Regrade.objects.filter(pk=regrade.pk, status__in=Regrade.UNFINISHED).update(
        status=status,
        finished_at=timezone.now(),
        # Answers graded since the start add to the count: the total is what was done.
        total=max(regrade.total, regrade.done),
        updated_at=timezone.now(),
    )


def regrade_summary(*, regrade: Regrade) -> RegradeSummary:
    """A run's record so far: every answer it changed, old and new grade, by student."""
    changes = list(
        regrade.changes.select_related("response__attempt__student").order_by("response_id")
    )
    return RegradeSummary(part=regrade.part, checked=regrade.done, changes=changes)


def regrade_requeue_stale(*, before: object) -> int:
    """Queue again the runs that have not moved since `before` (a lost message, Redis down):
    run by the grading sweep."""
    stale = list(Regrade.objects.unfinished().filter(updated_at__lte=before))
    for regrade in stale:
        regrade_queue(regrade=regrade)
    # Marked as moved: a run waiting behind a long queue is queued again once, not each sweep.
    Regrade.objects.filter(pk__in=[r.pk for r in stale]).update(updated_at=timezone.now())
    return len(stale)
