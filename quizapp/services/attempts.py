"""Starting, answering and submitting attempts: the writes that the pages, the API and the
Celery tasks share."""

import logging
import random
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from quizapp.celery import app as celery_app
from quizapp.models import Attempt, EarlierTry, Exam, Part, Question, Response, Topic
from quizapp.services.answers import answer_grading_budget_check, answer_read
from quizapp.services.errors import AttemptClosed, InvalidInput, NotAllowed

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
    part: Part,
    answer: str,
    revision: int | None = None,
    grade_now: bool = False,
    keep_invalid: bool = False,
    sure: bool | None = None,
) -> Response:
    """Save one answer. `revision` is the one the client last saw: an older save from another
    tab is refused rather than silently overwriting a newer answer.

    An unreadable expression or number is refused with the engine's message, unless
    `keep_invalid` (the page's autosave): then it is kept as a draft marked invalid, so that
    nothing the student typed is lost.
    """
    if not attempt.is_open():
        raise AttemptClosed(_closed_reason(attempt))
    if grade_now and attempt.mode == Attempt.Mode.PRACTICE:
        answer_grading_budget_check(student_id=attempt.student_id)
    reading = answer_read(part=part, text=answer)
    if reading.error and not keep_invalid:
        raise InvalidInput(reading.error)
    # A choice is stored as its option's id in one spelling ("007" is option 7).
    answer = reading.canonical if part.kind == Part.Kind.CHOICE and reading.canonical else answer
    answer = answer.strip()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open():
            raise AttemptClosed(_closed_reason(locked))
        try:
            response = Response.objects.select_for_update().get(attempt=locked, part=part)
        except Response.DoesNotExist as error:
            raise NotAllowed("this part is not in this attempt") from error
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
        if answer != response.answer:
            response.answer = answer
            response.revision = F("revision") + 1
            response.saved_at = timezone.now()
            _reset_grade(response)
        if part.kind == Part.Kind.CHOICE:
            response.chosen_option_id = int(answer) if answer and not reading.error else None
        if sure is not None and locked.mode == Attempt.Mode.PRACTICE:
            response.sure = sure
        if not answer:
            response.status = Response.Status.BLANK
        elif reading.error:
            response.status = Response.Status.INVALID
            response.feedback = reading.error
        elif response.status in Response.Status.NO_ANSWER:
            response.status = Response.Status.SAVED
        response.save()
        response.refresh_from_db()
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


def _reset_grade(response: Response) -> None:
    response.status = Response.Status.SAVED
    response.auto_score = None
    response.self_score = None
    response.correct = None
    response.feedback = ""
    response.verdict = {}
    response.queued_revision = None
    response.grading_tries = 0


def response_check(*, attempt: Attempt, part: Part) -> Response:
    """Practice mode's "Check": grade this part now (text parts reveal the rubric)."""
    if attempt.mode != Attempt.Mode.PRACTICE:
        raise NotAllowed("answers are checked only in practice mode; exams are graded on submit")
    if not attempt.is_open():
        raise AttemptClosed(_closed_reason(attempt))
    with transaction.atomic():
        response = Response.objects.select_for_update().get(attempt=attempt, part=part)
        if response.status == Response.Status.INVALID:
            raise InvalidInput(response.feedback or "this answer cannot be read")
        if not response.answer:
            raise InvalidInput("answer this part before checking it")
        if response.status == Response.Status.SAVED:
            answer_grading_budget_check(student_id=attempt.student_id)
            response_queue_grading(response=response)
    return response


def response_queue_grading(*, response: Response) -> None:
    """Mark the response pending and queue its grading once the transaction commits."""
    if not response.part.is_auto_graded:
        response.status = Response.Status.NEEDS_REVIEW
        response.save(update_fields=["status"])
        return
    response.status = Response.Status.PENDING
    response.queued_revision = response.revision
    response.queued_at = timezone.now()
    response.save(update_fields=["status", "queued_revision", "queued_at"])
    response_id, revision = response.pk, response.revision
    transaction.on_commit(lambda: _send_safely(GRADE_TASK, response_id, revision))


def _send_safely(task_name: str, *args) -> None:
    # With Redis down the response stays pending; the sweep queues it again later.
    try:
        celery_app.tasks[task_name].delay(*args)
    except Exception:
        log.warning("could not queue %s%s; the sweep will", task_name, args)


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
        responses = locked.responses.select_related("part").select_for_update(of=("self",))
        for response in responses:
            if response.status in Response.Status.NO_ANSWER:
                response.status = Response.Status.GRADED
                response.auto_score = 0
                response.correct = False
                response.feedback = response.feedback or "No answer."
                response.graded_at = now
                response.save()
            elif response.status == Response.Status.SAVED:
                response_queue_grading(response=response)
        attempt_finish_if_graded(attempt=locked)
    return locked


def attempt_finish_if_graded(*, attempt: Attempt) -> None:
    if attempt.status != Attempt.Status.GRADING:
        return
    if not attempt.responses.filter(status=Response.Status.PENDING).exists():
        Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.GRADING).update(
            status=Attempt.Status.GRADED
        )
        attempt.status = Attempt.Status.GRADED
