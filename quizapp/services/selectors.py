"""Reads shared by the pages and the API: a student's own attempts, their questions in the
attempt's order, what a student may see, scores and progress."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from quizapp.models import Attempt, Exam, Option, Part, Question, Response, Topic

# Answers whose points are known; the rest (unanswered, waiting for grading or for a marking)
# neither help nor hurt a student's progress.
SETTLED = (Response.Status.GRADED, Response.Status.INVALID)


def attempts_of(student: AbstractBaseUser) -> QuerySet[Attempt]:
    return Attempt.objects.filter(student=student).select_related("exam", "topic")


def attempt_of(student: AbstractBaseUser, attempt_id: int) -> Attempt:
    """The student's own attempt, or 404: another student's attempt does not exist for them."""
    try:
        return attempts_of(student).get(pk=attempt_id)
    except (Attempt.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such attempt.") from error


def response_of(attempt: Attempt, part_id: int) -> Response:
    try:
        return attempt.responses.select_related("part__question").get(part_id=part_id)
    except (Response.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such part in this attempt.") from error


@dataclass
class PartView:
    part: Part
    response: Response
    options: list[Option]
    revealed: bool


@dataclass
class QuestionView:
    position: int
    question: Question
    parts: list[PartView] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((view.part.points for view in self.parts), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        scores = [view.response.score for view in self.parts if view.revealed]
        return sum((s for s in scores if s is not None), Decimal(0)) if scores else None

    @property
    def answered(self) -> bool:
        return all(view.response.answer for view in self.parts)

    @property
    def solution_shown(self) -> bool:
        """The official solution covers every part: it waits until all of them are revealed."""
        return bool(self.parts) and all(view.revealed for view in self.parts)


def is_revealed(attempt: Attempt, response: Response) -> bool:
    """May the student see this part's key, solution and grade? Practice: once they checked
    it. Exam: once the attempt is submitted."""
    if attempt.mode == Attempt.Mode.EXAM:
        return attempt.status != Attempt.Status.IN_PROGRESS
    return (
        response.status
        not in (Response.Status.BLANK, Response.Status.SAVED, Response.Status.INVALID)
        or attempt.status != Attempt.Status.IN_PROGRESS
    )


def attempt_questions(attempt: Attempt) -> list[QuestionView]:
    """The attempt's questions in its own order, options shuffled as fixed at its start."""
    responses = {
        r.part_id: r
        for r in attempt.responses.select_related("part__question__topic").prefetch_related(
            "part__options"
        )
    }
    questions = Question.objects.select_related("topic").in_bulk(attempt.question_order)
    views = []
    for position, question_id in enumerate(attempt.question_order, start=1):
        question = questions.get(question_id)
        if question is None:
            continue
        view = QuestionView(position=position, question=question)
        parts = sorted(
            (r.part for r in responses.values() if r.part.question_id == question_id),
            key=lambda part: part.position,
        )
        for part in parts:
            response = responses[part.pk]
            by_id = {option.pk: option for option in part.options.all()}
            order = attempt.option_order.get(str(part.pk), list(by_id))
            options = [by_id[pk] for pk in order if pk in by_id]
            view.parts.append(PartView(part, response, options, is_revealed(attempt, response)))
        views.append(view)
    return views


@dataclass
class Totals:
    score: Decimal
    max_score: Decimal
    self_score: Decimal
    answered: int
    parts: int
    pending: int
    needs_review: int


def attempt_totals(attempt: Attempt) -> Totals:
    responses = list(attempt.responses.select_related("part"))
    score = sum((r.score or Decimal(0) for r in responses), Decimal(0))
    return Totals(
        score=score,
        max_score=sum((r.part.points for r in responses), Decimal(0)),
        self_score=sum((r.self_score or Decimal(0) for r in responses), Decimal(0)),
        answered=sum(1 for r in responses if r.answer),
        parts=len(responses),
        pending=sum(1 for r in responses if r.status == Response.Status.PENDING),
        needs_review=sum(1 for r in responses if r.status == Response.Status.NEEDS_REVIEW),
    )


@dataclass
class TopicProgress:
    topic: str
    attempts: int = 0
    score: Decimal = Decimal(0)
    max_score: Decimal = Decimal(0)

    @property
    def share(self) -> float:
        return float(self.score / self.max_score) if self.max_score else 0.0


def student_progress(student: AbstractBaseUser, exam: Exam) -> list[TopicProgress]:
    """Per topic, the points earned over the maximum across the student's graded parts.

    Only parts whose grade is known count: an answer still waiting for marking neither helps
    nor hurts.
    """
    by_topic: dict[str, TopicProgress] = {}
    attempts_per_topic: dict[str, set[int]] = defaultdict(set)
    graded = (
        Response.objects.filter(attempt__student=student, attempt__exam=exam)
        .filter(status__in=SETTLED)
        .select_related("part__question__topic")
    )
    for response in graded:
        name = response.part.question.topic.name
        progress = by_topic.setdefault(name, TopicProgress(topic=name))
        progress.score += response.score or Decimal(0)
        progress.max_score += response.part.points
        attempts_per_topic[name].add(response.attempt_id)
    for name, progress in by_topic.items():
        progress.attempts = len(attempts_per_topic[name])
    return sorted(by_topic.values(), key=lambda p: p.topic)


# Reads for the students' pages: scores of many attempts at once, history, weak spots.


def attempts_scored(student: AbstractBaseUser, exam: Exam | None = None) -> QuerySet[Attempt]:
    """The student's attempts, newest first, each with `score` and `max_score` (the points
    that count, as in attempt_totals) and `answered` / `parts` counts, in one query."""
    attempts = attempts_of(student)
    if exam is not None:
        attempts = attempts.filter(exam=exam)
    return attempts.annotate(
        score=Coalesce(
            Sum(Coalesce("responses__review_score", "responses__auto_score")),
            Decimal(0),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
        max_score=Coalesce(
            Sum("responses__part__points"),
            Decimal(0),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
        parts=Count("responses"),
        answered=Count("responses", filter=~Q(responses__answer="")),
    )


def best_scores(student: AbstractBaseUser) -> dict[int, Attempt]:
    """Per exam id, the student's best finished attempt at the whole exam (by share of the
    maximum); practice of one topic is not compared with whole attempts."""
    best: dict[int, Attempt] = {}
    finished = (
        attempts_scored(student).filter(topic=None).exclude(status=Attempt.Status.IN_PROGRESS)
    )
    for attempt in finished:
        if not attempt.max_score:
            continue
        current = best.get(attempt.exam_id)
        if current is None or attempt.score / attempt.max_score > (
            current.score / current.max_score
        ):
            best[attempt.exam_id] = attempt
    return best


def attempt_history(student: AbstractBaseUser, exam: Exam) -> list[Attempt]:
    """The student's finished attempts at an exam, oldest first, with their scores."""
    finished = attempts_scored(student, exam).exclude(status=Attempt.Status.IN_PROGRESS)
    return list(finished.order_by("started_at"))


@dataclass
class MissedQuestion:
    question: Question
    missed: int
    tries: int


def questions_most_missed(
    student: AbstractBaseUser, exam: Exam, limit: int = 5
) -> list[MissedQuestion]:
    """The questions the student lost points on most often, counting each attempt once.

    Only graded parts count (as in student_progress); a question is missed in an attempt
    when its graded parts there earned less than their points.
    """
    graded = Response.objects.filter(
        attempt__student=student,
        attempt__exam=exam,
        status__in=SETTLED,
    ).values_list("attempt_id", "part__question_id", "review_score", "auto_score", "part__points")
    per_try: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
    for attempt_id, question_id, review, auto, points in graded:
        got = review if review is not None else auto
        totals = per_try[(attempt_id, question_id)]
        totals[0] += got or Decimal(0)
        totals[1] += points
    tries: dict[int, int] = defaultdict(int)
    missed: dict[int, int] = defaultdict(int)
    for (_, question_id), (got, points) in per_try.items():
        tries[question_id] += 1
        missed[question_id] += got < points
    worst = sorted(
        (qid for qid in missed if missed[qid]),
        key=lambda qid: (-missed[qid], -missed[qid] / tries[qid]),
    )[:limit]
    questions = Question.objects.select_related("topic").in_bulk(worst)
    return [MissedQuestion(questions[qid], missed[qid], tries[qid]) for qid in worst]


def weakest_topic(student: AbstractBaseUser, exam: Exam) -> Topic | None:
    """The topic with the lowest share of the maximum in the student's graded answers; of
    topics as weak, the one with most points lost."""
    progress = [p for p in student_progress(student, exam) if p.max_score]
    if not progress:
        return None
    weakest = min(progress, key=lambda p: (p.share, p.score - p.max_score, p.topic))
    return Topic.objects.filter(exam=exam, name=weakest.topic).first()


# Reads for the exam lists of the pages and the API.


def exams_with_totals() -> QuerySet[Exam]:
    """Exams with `question_count` and `max_points` over the questions and parts in use (what
    an attempt at the whole exam would hold)."""
    live = Q(questions__retired=False)
    return Exam.objects.annotate(
        question_count=Count("questions", filter=live, distinct=True),
        max_points=Coalesce(
            Sum("questions__parts__points", filter=live & Q(questions__parts__retired=False)),
            Decimal(0),
            output_field=DecimalField(max_digits=8, decimal_places=2),
        ),
    ).order_by(*Exam._meta.ordering)  # an aggregate drops Meta.ordering


def exam_topics(exam: Exam) -> QuerySet[Topic]:
    """The exam's topics that have questions in use, each with its `question_count`: what a
    practice attempt can be limited to."""
    return (
        exam.topics.annotate(question_count=Count("questions", filter=Q(questions__retired=False)))
        .filter(question_count__gt=0)
        .order_by("name")
    )
