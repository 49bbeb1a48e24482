"""Spaced repetition (FSRS, the `fsrs` package): every auto-graded part a student answered
in practice is a card of theirs, and each graded practice answer a review of it.

The rating comes from the grading verdict: wrong is Again; right after an earlier wrong try
(or a try whose mistake the engine caught) is Hard; right is Good; right and marked "sure"
is Easy. Recorded once per try, so a grading run twice reviews once.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from fsrs import Card, Rating, Scheduler

from quizapp.models import Attempt, Exam, Part, Question, Response, ReviewCard, ReviewLog
from quizapp.services.errors import InvalidInput

# One learning step of 10 minutes: a wrong answer comes back within 15 minutes, a right
# first answer after days (FSRS's first interval for Good), never within 12 hours. No
# fuzzing: the same history gives the same schedule.
SCHEDULER = Scheduler(
    learning_steps=(timedelta(minutes=10),),
    relearning_steps=(timedelta(minutes=10),),
    enable_fuzzing=False,
)


def review_rating(*, response: Response) -> Rating | None:
    """How this graded practice answer rates its card; None when it is no review (not
    graded automatically, or not graded yet)."""
    if not response.part.is_auto_graded or response.status != Response.Status.GRADED:
        return None
    points = response.part.points
    if response.auto_score is None or response.auto_score < points:
        return Rating.Again
    earlier_wrong = any(
        earlier.auto_score is None or earlier.auto_score < points
        for earlier in response.earlier_tries.all()
    )
    if earlier_wrong or response.verdict.get("mistake") is not None:
        return Rating.Hard
    return Rating.Easy if response.sure else Rating.Good


def review_record(*, response: Response, now: datetime | None = None) -> ReviewLog | None:
    """Review the student's card of this part with this graded practice answer (idempotent:
    one review per try)."""
    if response.attempt.mode != Attempt.Mode.PRACTICE:
        return None
    rating = review_rating(response=response)
    if rating is None:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        card, _ = ReviewCard.objects.select_for_update().get_or_create(
            student_id=response.attempt.student_id,
            part_id=response.part_id,
            defaults={"state": Card(due=now).to_dict(), "due": now},
        )
        if ReviewLog.objects.filter(response=response, try_number=response.try_number).exists():
            return None
        scheduled, _ = SCHEDULER.review_card(
            Card.from_dict(card.state), rating, review_datetime=now
        )
        card.state, card.due = scheduled.to_dict(), scheduled.due
        card.save(update_fields=["state", "due"])
        return ReviewLog.objects.create(
            card=card,
            response=response,
            try_number=response.try_number,
            rating=int(rating),
            reviewed_at=now,
        )


def review_retrievability(*, card: ReviewCard, at: datetime) -> float:
    """The scheduler's predicted chance that the student recalls the part at `at`."""
    return SCHEDULER.get_card_retrievability(Card.from_dict(card.state), current_datetime=at)


def review_cards(*, student: AbstractBaseUser) -> QuerySet[ReviewCard]:
    """The student's cards of parts still in use and counting (a nullified part is wrong or
    ambiguous: not worth learning), in exams they can see."""
    return ReviewCard.objects.filter(
        student=student,
        part__retired=False,
        part__question__retired=False,
        part__question__exam__published=True,
        part__in=Part.objects.counting(),
    ).select_related("part__question__exam", "part__question__topic")


def review_due_list(*, student: AbstractBaseUser, before: datetime) -> list[ReviewCard]:
    return list(review_cards(student=student).filter(due__lte=before).order_by("due", "pk"))


def review_due_count(*, student: AbstractBaseUser, now: datetime) -> int:
    return review_cards(student=student).filter(due__lte=now).count()


def review_next_due(*, student: AbstractBaseUser, now: datetime) -> datetime | None:
    """When the next card falls due, when none is due now."""
    return review_cards(student=student).filter(due__gt=now).aggregate(next=Min("due"))["next"]


@dataclass
class TopicRecall:
    topic: str
    cards: int
    now: float
    in_a_week: float


def topic_recall_list(*, student: AbstractBaseUser, exam: Exam, now: datetime) -> list[TopicRecall]:
    """Per topic, the mean predicted recall of the student's cards, now and in a week."""
    by_topic: dict[str, list[ReviewCard]] = {}
    for card in review_cards(student=student).filter(part__question__exam=exam):
        by_topic.setdefault(card.part.question.topic.name, []).append(card)
    week = now + timedelta(days=7)
    return [
        TopicRecall(
            topic=name,
            cards=len(cards),
            now=sum(review_retrievability(card=c, at=now) for c in cards) / len(cards),
            in_a_week=sum(review_retrievability(card=c, at=week) for c in cards) / len(cards),
        )
        for name, cards in sorted(by_topic.items())
    ]


def review_session_start(
    *,
    student: AbstractBaseUser,
    now: datetime | None = None,
    exam: Exam | None = None,
    seed: int | None = None,
) -> Attempt:
    """A practice attempt holding the parts due now, shuffled: of `exam`, else of the exam
    with the most due parts. Answered like any practice attempt; each check reviews."""
    now = now or timezone.now()
    due = review_cards(student=student).filter(due__lte=now)
    if exam is None:
        busiest = due.values("part__question__exam").annotate(n=Count("pk")).order_by("-n")
        first = busiest.first()
        if first is None:
            raise InvalidInput("nothing is due for review")
        exam = Exam.objects.get(pk=first["part__question__exam"])
    parts = list(
        Part.objects.filter(pk__in=due.filter(part__question__exam=exam).values("part"))
        .select_related("question")
        .prefetch_related("options")
    )
    if not parts:
        raise InvalidInput(f"nothing of {exam.slug} is due for review")
    rng = random.Random(seed if seed is not None else random.SystemRandom().getrandbits(64))
    question_ids = sorted({part.question_id for part in parts})
    rng.shuffle(question_ids)
    option_order = {}
    for part in parts:
        ids = [option.pk for option in part.options.all() if not option.retired]
        if part.question.kind != Question.Kind.TRUEFALSE:
            rng.shuffle(ids)
        if part.kind == Part.Kind.CHOICE:
            option_order[str(part.pk)] = ids
    with transaction.atomic():
        attempt = Attempt.objects.create(
            student=student,
            exam=exam,
            mode=Attempt.Mode.PRACTICE,
            review=True,
            started_at=now,
            question_order=question_ids,
            option_order=option_order,
        )
        Response.objects.bulk_create(
            Response(attempt=attempt, part=part, saved_at=now) for part in parts
        )
    return attempt
