"""Starting, answering and submitting attempts: the writes that the pages, the API and the
Celery tasks share."""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, QuerySet, TextField, Value, When
from django.http import Http404
from django.utils import timezone

from quizapp.celery import app as celery_app
from quizapp.models import Attempt, EarlierTry, Exam, Part, Question, Response, Topic
from quizapp.services.answers import (
    Grade,
    answer_grading_budget_check,
    answer_read,
    response_auto_grade,
)
from quizapp.services.errors import AttemptClosed, InvalidInput, NotAllowed
from quizapp.services.reviews import review_record

log = logging.getLogger(__name__)
# Queued by name: quizapp.tasks imports these services (see QuizappConfig.ready).
GRADE_TASK = "quizapp.tasks.grade_response"


def attempt_start(
    *,
    student: AbstractBaseUser,
    exam: Exam,
    mode: str,
    topic: Topic | None = None,
    seed: int | None = None,
) -> Attempt:
    """A new attempt with its own question and option order, fixed for its lifetime."""
    if mode not in Attempt.Mode.values:
        raise InvalidInput(f"mode must be one of: {', '.join(Attempt.Mode.values)}")
    if not exam.published:
        raise NotAllowed("this exam is not open to students yet")
    if topic is not None and topic.exam_id != exam.pk:
        raise InvalidInput(f"topic {topic.name!r} is not a topic of {exam.slug}")
    questions = Question.objects.filter(exam=exam, retired=False)
    if topic is not None:
        questions = questions.filter(topic=topic)
    questions = list(questions.prefetch_related("parts__options"))
    if not questions:
        raise InvalidInput("there are no questions to practise here")
    # SystemRandom seeds differ between attempts and students; a given seed replays an order.
    rng = random.Random(seed if seed is not None else random.SystemRandom().getrandbits(64))
    rng.shuffle(questions)
    option_order = {}
    for question in questions:
        for part in question.parts.all():
            if part.kind != Part.Kind.CHOICE:
                continue
            ids = [option.pk for option in part.options.all() if not option.retired]
            # True/False keep their order; other options are shuffled.
            if question.kind != Question.Kind.TRUEFALSE:
                rng.shuffle(ids)
            option_order[str(part.pk)] = ids
    now = timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.create(
            student=student,
            exam=exam,
            mode=mode,
            topic=topic,
            started_at=now,
            deadline=now + timedelta(minutes=exam.minutes_for(student))
            if mode == Attempt.Mode.EXAM
            else None,
            question_order=[question.pk for question in questions],
            option_order=option_order,
        )
        Response.objects.bulk_create(
            Response(attempt=attempt, part=part, saved_at=now)
            for question in questions
            for part in question.parts.all()
            if not part.retired
        )
    return attempt


def attempt_close_if_overdue(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """An exam attempt past its deadline is submitted by the server, as it stands."""
    now = now or timezone.now()
    if attempt.is_overdue(now):
        attempt_submit(attempt=attempt, now=attempt.deadline)
        attempt.refresh_from_db()
    return attempt


def answer_save(
    *,
    attempt: Attempt,
    part_id: object,
    answer: str,
    revision: int | None = None,
    grade_now: bool = False,
    keep_invalid: bool = False,
    sure: bool | None = None,
) -> Response:
    """Save the answer to one part of the attempt; the saved response (with its part) is
    returned, or Http404 when the part is not in the attempt. `revision` is the one the
    client last saw: an older save from another tab is refused rather than silently
    overwriting a newer answer.

    An unreadable expression or number is refused with the engine's message, unless
    `keep_invalid` (the page's autosave): then it is kept as a draft marked invalid, so that
    nothing the student typed is lost. A choice is never kept invalid: a radio button cannot
    be half-chosen.
    """
    if not attempt.is_open():
        raise AttemptClosed(_closed_reason(attempt))
    with transaction.atomic():
        return _answer_store(
            locked=_attempt_locked(pk=attempt.pk),
            shown=attempt,
            part_id=part_id,
            answer=answer,
            revision=revision,
            grade_now=grade_now,
            keep_invalid=keep_invalid,
            sure=sure,
        )


def answer_save_own(
    *,
    student: AbstractBaseUser,
    attempt_id: object,
    part_id: object,
    answer: str,
    revision: int | None = None,
    grade_now: bool = False,
    sure: bool | None = None,
) -> Response:
    """answer_save for a client holding only the attempt's id (the API's autosave with
    `Prefer: return=minimal`): the read that locks the attempt also checks whose it is, one
    round trip instead of attempt_get_for_student's and the lock's. Another student's
    attempt is a 404; one past its deadline is submitted, and the save refused."""
    try:
        with transaction.atomic():
            locked = _attempt_locked(pk=attempt_id, student=student)
            return _answer_store(
                locked=locked,
                shown=locked,
                part_id=part_id,
                answer=answer,
                revision=revision,
                grade_now=grade_now,
                keep_invalid=False,
                sure=sure,
            )
    except AttemptClosed:
        # As attempt_get_for_student does on every other path: time up means submitted.
        attempt_close_if_overdue(attempt=Attempt.objects.get(pk=attempt_id))
        raise


def _attempt_locked(**owned: object) -> Attempt:
    # The attempt first, as attempt_submit locks it: a save and a submit never interleave.
    attempts = Attempt.objects.select_for_update().only("student", "status", "deadline", "mode")
    try:
        return attempts.get(**owned)
    except (Attempt.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such attempt.") from error


def _answer_store(
    *,
    locked: Attempt,
    shown: Attempt,
    part_id: object,
    answer: str,
    revision: int | None,
    grade_now: bool,
    keep_invalid: bool,
    sure: bool | None,
) -> Response:
    """answer_save's work once the attempt is locked (`locked`); the response returned
    carries `shown` as its attempt."""
    if not locked.is_open():
        raise AttemptClosed(_closed_reason(locked))
    if grade_now and locked.mode == Attempt.Mode.PRACTICE:
        answer_grading_budget_check(student_id=locked.student_id)
    # The response, its part and question in one read; only the response's row is locked.
    responses = Response.objects.select_for_update(of=("self",))
    responses = responses.select_related("part__question")
    try:
        response = responses.get(attempt=locked, part_id=part_id)
    except (Response.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such part in this attempt.") from error
    response.attempt, part = shown, response.part
    # Read under the lock: the bank's engine work is a few milliseconds of one student's
    # own row, and the part needs no second read.
    reading = answer_read(part=part, text=answer)
    if reading.error and (part.kind == Part.Kind.CHOICE or not keep_invalid):
        raise InvalidInput(reading.error)
    # A choice is stored as its option's id in one spelling ("007" is option 7).
    if part.kind == Part.Kind.CHOICE and reading.canonical:
        answer = reading.canonical
    answer = answer.strip()
    if revision is not None and revision < response.revision:
        raise AttemptClosed(
            "this answer was changed in another window; reload to see the latest one"
        )
    # Once checked in practice, the solution is on screen: a changed answer would prove
    # nothing.
    if (
        locked.mode == Attempt.Mode.PRACTICE
        and answer != response.answer
        and response.status in Response.Status.CHECKED
    ):
        raise AttemptClosed(
            "this part has been checked and its solution shown; choose Try again on the "
            "question to answer it anew"
        )
    changed = {"answer", "revision", "saved_at", *_GRADE_FIELDS}
    if answer != response.answer:
        response.answer = answer
        # The row is locked: the revision can be counted here, and needs no re-read.
        response.revision += 1
        response.saved_at = timezone.now()
        _reset_grade(response)
    else:
        changed = set()
    if part.kind == Part.Kind.CHOICE:
        response.chosen_option_id = int(answer) if answer and not reading.error else None
        changed.add("chosen_option")
    if sure is not None and locked.mode == Attempt.Mode.PRACTICE and sure != response.sure:
        response.sure = sure
        changed.add("sure")
    if not answer:
        response.status = Response.Status.BLANK
    elif reading.error:
        response.status = Response.Status.INVALID
        response.feedback = reading.error
        changed.add("feedback")
    elif response.status in Response.Status.NO_ANSWER:
        response.status = Response.Status.SAVED
    changed.add("status")
    # Only what changed: an autosave writes a few columns, not the verdict and the rest.
    response.save(update_fields=sorted(changed))
    if (
        grade_now
        and locked.mode == Attempt.Mode.PRACTICE
        and response.status == Response.Status.SAVED
    ):
        response_queue_grading(response=response)
    return response


# How many other questions come before a question tried again: its solution was just on
# screen, so it comes back later, not at once.
TRY_AGAIN_GAP = 3


def question_try_again(
    *, attempt: Attempt, question_id: object, seed: int | None = None
) -> Attempt:
    """Practice's "Try again": the question's parts start a new try, blank, its options
    reshuffled, and the question moves later in the attempt. The try that ends is kept
    (EarlierTry); only a question whose every part was checked can be tried again."""
    if attempt.mode != Attempt.Mode.PRACTICE:
        raise NotAllowed("only practice questions can be tried again")
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open():
            raise AttemptClosed(_closed_reason(locked))
        try:
            question_id = int(str(question_id))
            position = locked.question_order.index(question_id)
        except ValueError as missing:
            raise InvalidInput("this question is not in this attempt") from missing
        responses = list(
            Response.objects.select_for_update()
            .filter(attempt=locked, part__question_id=question_id)
            .select_related("part__question")
        )
        if any(r.status not in Response.Status.CHECKED for r in responses):
            raise AttemptClosed("check every part of this question before trying it again")
        if any(r.status == Response.Status.PENDING for r in responses):
            raise AttemptClosed("wait until this question's answers are graded")
        EarlierTry.objects.bulk_create(
            EarlierTry(
                response=r,
                try_number=r.try_number,
                answer=r.answer,
                status=r.status,
                auto_score=r.auto_score,
                self_score=r.self_score,
                review_score=r.review_score,
                feedback=r.feedback,
                saved_at=r.saved_at,
            )
            for r in responses
        )
        rng = random.Random(seed if seed is not None else random.SystemRandom().getrandbits(64))
        now = timezone.now()
        for response in responses:
            _reset_grade(response)
            response.status = Response.Status.BLANK
            response.answer = ""
            response.chosen_option = None
            response.review_score = None
            response.reviewed_by = None
            response.reviewed_at = None
            response.saved_at = now
            # A grading still in flight for the old try is then stored for nobody.
            response.revision += 1
            response.try_number += 1
            response.sure = False
            response.save()
            order = locked.option_order.get(str(response.part_id))
            if order and response.part.question.kind != Question.Kind.TRUEFALSE:
                locked.option_order[str(response.part_id)] = _reshuffled(order, rng)
        order = locked.question_order
        order.insert(min(position + TRY_AGAIN_GAP, len(order) - 1), order.pop(position))
        locked.save(update_fields=["question_order", "option_order"])
    return locked


def _reshuffled(order: list[int], rng: random.Random) -> list[int]:
    """Another order of the same options (when there is one)."""
    shuffled = list(order)
    for _ in range(10):
        rng.shuffle(shuffled)
        if shuffled != order:
            break
    return shuffled


def _closed_reason(attempt: Attempt) -> str:
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return "this attempt has been submitted; answers can no longer change"
    return "the time for this attempt is up; answers can no longer change"


_GRADE_FIELDS = (
    "status",
    "auto_score",
    "self_score",
    "correct",
    "feedback",
    "verdict",
    "queued_revision",
    "grading_tries",
    "regraded",
)


def _reset_grade(response: Response) -> None:
    response.status = Response.Status.SAVED
    response.auto_score = None
    response.self_score = None
    response.correct = None
    response.feedback = ""
    response.verdict = {}
    response.queued_revision = None
    response.grading_tries = 0
    # A regrade's note spoke of the answer that was: a new one has its own grade.
    response.regraded = None


def response_check(*, attempt: Attempt, part: Part) -> Response:
    """Practice mode's "Check": grade this part now (text parts reveal the rubric)."""
    if attempt.mode != Attempt.Mode.PRACTICE:
        raise NotAllowed("answers are checked only in practice mode; exams are graded on submit")
    if not attempt.is_open():
        raise AttemptClosed(_closed_reason(attempt))
    with transaction.atomic():
        response = Response.objects.select_for_update().get(attempt=attempt, part=part)
        response.attempt, response.part = attempt, part
        if response.status == Response.Status.INVALID:
            raise InvalidInput(response.feedback or "this answer cannot be read")
        if not response.answer:
            raise InvalidInput("answer this part before checking it")
        if response.status == Response.Status.SAVED:
            answer_grading_budget_check(student_id=attempt.student_id)
            response_queue_grading(response=response)
    return response


def grading_queue(*, mode: str) -> str:
    """The Celery queue of an attempt's grading: exam submits and practice checks wait apart,
    so a hall's submit burst does not delay a practice check, nor practice an exam."""
    if mode == Attempt.Mode.EXAM:
        return settings.GRADING_QUEUE_SUBMIT
    return settings.GRADING_QUEUE_PRACTICE


def response_queue_grading(*, response: Response, queue: str | None = None) -> None:
    """Mark the response pending and queue its grading once the transaction commits, on its
    attempt's queue unless `queue` says which."""
    if not response.part.is_auto_graded:
        response.status = Response.Status.NEEDS_REVIEW
        response.save(update_fields=["status"])
        return
    response.status = Response.Status.PENDING
    response.queued_revision = response.revision
    response.queued_at = timezone.now()
    response.save(update_fields=["status", "queued_revision", "queued_at"])
    queue = queue or grading_queue(mode=response.attempt.mode)
    jobs = [(response.pk, response.revision)]
    transaction.on_commit(lambda: send_tasks(GRADE_TASK, jobs, queue=queue))


def send_tasks(task_name: str, jobs: list[tuple], *, queue: str) -> None:
    # With Redis down the responses stay pending; the sweep queues them again later.
    task = celery_app.tasks[task_name]
    try:
        # One connection from the pool for the whole batch, not one checkout per message.
        with celery_app.producer_or_acquire() as producer:
            for args in jobs:
                task.apply_async(args, queue=queue, producer=producer)
    except Exception:
        log.warning("could not queue %d %s task(s); the sweep will", len(jobs), task_name)


def attempt_submit(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Close the attempt and queue every answer for grading. Submitting twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status != Attempt.Status.IN_PROGRESS:
            return locked
        locked.status = Attempt.Status.GRADING
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        locked.save(update_fields=["status", "submitted_at"])
        # A few set-wise updates, whatever the number of parts (was: one save per part).
        responses = Response.objects.filter(attempt=locked)
        responses.filter(status__in=Response.Status.NO_ANSWER).update(
            status=Response.Status.GRADED,
            auto_score=0,
            correct=False,
            feedback=Case(
                When(feedback="", then=Value("No answer.")),
                default=F("feedback"),
                output_field=TextField(),
            ),
            graded_at=now,
        )
        saved = responses.filter(status=Response.Status.SAVED)
        saved.filter(part__kind__in=Part.MARKED_BY_HAND).update(status=Response.Status.NEEDS_REVIEW)
        # A hall's submit burst then leaves the workers only the expressions (4 of the 41
        # parts of the CS-433 exam), not a task per choice.
        _grade_on_submit(saved.filter(part__kind__in=Part.GRADED_ON_SUBMIT), attempt=locked)
        to_grade = list(saved.values_list("pk", "revision"))
        saved.update(status=Response.Status.PENDING, queued_revision=F("revision"), queued_at=now)
        if to_grade:
            queue = grading_queue(mode=locked.mode)
            transaction.on_commit(lambda: send_tasks(GRADE_TASK, to_grade, queue=queue))
        attempt_finish_if_graded(attempt=locked, pending=bool(to_grade))
    return locked


def _grade_on_submit(responses: QuerySet[Response], *, attempt: Attempt) -> None:
    """Grade these answers now, by the rule the grading task follows, in one UPDATE."""
    graded = list(responses.select_related("part").prefetch_related("part__options"))
    for response in graded:
        response.attempt = attempt
        response_auto_grade(response=response).apply(response)
    Response.objects.bulk_update(graded, Grade.FIELDS)
    for response in graded:
        review_record(response=response, now=response.graded_at)


def attempt_finish_if_graded(*, attempt: Attempt, pending: bool | None = None) -> None:
    """An attempt being graded is graded once no answer is pending; `pending`, when the
    caller knows it, spares the query."""
    if attempt.status != Attempt.Status.GRADING:
        return
    if pending is None:
        pending = attempt.responses.filter(status=Response.Status.PENDING).exists()
    if not pending:
        Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.GRADING).update(
            status=Attempt.Status.GRADED
        )
        attempt.status = Attempt.Status.GRADED
