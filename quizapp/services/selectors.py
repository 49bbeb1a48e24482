"""Reads shared by the pages and the API: a student's own attempts, their questions in the
attempt's order as the student sees them, scores and progress.

Whatever a student may not see yet (the right option, the expected value) is only given out
by ShownPart once the part is revealed, so neither a template nor a serializer can show it by
mistake.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

import grading
from quizapp.models import (
    Attempt,
    EarlierTry,
    Exam,
    Option,
    Part,
    Question,
    QuestionNote,
    RegradeChange,
    Response,
    Topic,
)
from quizapp.services.answers import Reading, answer_read
from quizapp.services.attempts import attempt_close_if_overdue

# The access rule every page and endpoint goes through.


def attempt_get_for_student(*, student: AbstractBaseUser, attempt_id: object) -> Attempt:
    """The student's own attempt, submitted first if its time is up; 404 for anyone else's
    (another student's attempt does not exist for them)."""
    # No totals annotated here: the caller may change answers, then ask attempt_totals.
    attempts = Attempt.objects.filter(student=student).select_related("exam", "topic")
    try:
        attempt = attempts.get(pk=attempt_id)
    except (Attempt.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such attempt.") from error
    return attempt_close_if_overdue(attempt=attempt)


def attempt_close_overdue(*, student: AbstractBaseUser) -> None:
    """Lists show an exam attempt as it really stands: past its deadline it is submitted."""
    for attempt in Attempt.objects.filter(student=student).overdue(timezone.now()):
        attempt_close_if_overdue(attempt=attempt)


def response_get(*, attempt: Attempt, part_id: object) -> Response:
    try:
        return attempt.responses.select_related("part__question").get(part_id=part_id)
    except (Response.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such part in this attempt.") from error


# A part and a question as the student sees them.


def is_revealed(*, attempt: Attempt, response: Response) -> bool:
    """May the student see this part's key, solution and grade? Practice: once they checked
    it. Exam: once the attempt is submitted."""
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return True
    return attempt.mode == Attempt.Mode.PRACTICE and response.status in Response.Status.CHECKED


@dataclass
class ShownPart:
    part: Part
    response: Response
    options: list[Option]
    revealed: bool
    question: "ShownQuestion" = field(repr=False)
    # What a page says about this part after a request: an error in words (of its save or of
    # the student's own mark), and the revision the browser should keep (a refused stale save
    # keeps its own).
    error: str = ""
    mark_error: str = ""
    client_revision: int | None = None

    @cached_property
    def reading(self) -> Reading:
        if self.part.kind in (Part.Kind.EXPRESSION, Part.Kind.NUMERIC) and self.response.answer:
            return answer_read(part=self.part, text=self.response.answer)
        return Reading()

    @cached_property
    def syntax_help(self) -> str | None:
        if self.part.kind != Part.Kind.EXPRESSION:
            return None
        return grading.syntax_help(self.part.answer)

    @property
    def heading(self) -> str:
        """The part's heading, alike on every page: "Part (a)", "Part (b-minus)", or its place
        among the question's parts when it has no label; none for a question's only part."""
        if self.part.label:
            return f"Part ({self.part.label})"
        parts = self.question.parts
        place = next(n for n, shown in enumerate(parts, start=1) if shown is self)
        return f"Part {place}" if len(parts) > 1 else ""

    @property
    def chosen(self) -> Option | None:
        return next((o for o in self.options if str(o.pk) == self.response.answer), None)

    @property
    def correct_option(self) -> Option | None:
        if not self.revealed:
            return None
        return next((o for o in self.options if o.correct), None)

    @property
    def reference(self) -> str | None:
        """The reference answer of a numeric or expression part, as text (`inf` included).
        For the instructors' views; a student's page reads `expected`."""
        if self.part.kind == Part.Kind.NUMERIC:
            return str(self.part.answer.get("value", ""))
        if self.part.kind == Part.Kind.EXPRESSION:
            return self.part.answer.get("expected", "")
        return None

    @property
    def expected(self) -> str | None:
        """The reference answer, once the part is revealed."""
        return self.reference if self.revealed else None

    @property
    def rubric_shown(self) -> bool:
        """A written part's rubric may state the answers of the question's other parts (Q33's
        "why" rubrics say yes or no), so it follows the official solution's rule."""
        return self.part.kind == Part.Kind.TEXT and self.question.solution_shown

    @property
    def form_revision(self) -> int:
        return self.response.revision if self.client_revision is None else self.client_revision

    @property
    def pending(self) -> bool:
        return self.response.status == Response.Status.PENDING

    @property
    def counts(self) -> bool:
        """Its points count: neither it nor its question is nullified."""
        return self.part.counts

    @property
    def regraded(self) -> "RegradeChange | None":
        """The regrade that changed this answer's score, once the score is shown."""
        return self.response.regraded if self.revealed else None

    @property
    def graded(self) -> bool:
        return self.response.status in Response.Status.FINISHED

    @property
    def outcome(self) -> str:
        """In a word, how this part went: right, partial, wrong, blank, self (marked by the
        student), review (waiting for marking), pending or error."""
        response = self.response
        if response.status == Response.Status.NEEDS_REVIEW:
            return "self" if response.self_score is not None else "review"
        if response.status in (Response.Status.PENDING, Response.Status.ERROR):
            return str(response.status)
        if response.score is None:
            return "review"
        if not response.answer:
            return "blank"
        if response.score >= self.part.points:
            return "right"
        return "partial" if response.score > 0 else "wrong"

    @property
    def self_markable(self) -> bool:
        return (
            self.rubric_shown
            and self.response.status == Response.Status.NEEDS_REVIEW
            and self.question.attempt.mode == Attempt.Mode.PRACTICE
        )

    @property
    def score_choices(self) -> list[Decimal]:
        """Steps a student can give their own prose answer: quarters up to a point, halves
        beyond."""
        points = self.part.points
        step = Decimal("0.25") if points <= 1 else Decimal("0.5")
        choices, value = [], Decimal(0)
        while value < points:
            choices.append(value)
            value += step
        return [*choices, points]


@dataclass
class ShownQuestion:
    attempt: Attempt = field(repr=False)
    position: int
    question: Question
    parts: list[ShownPart] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        """The points that count: a nullified part's are left out."""
        return sum((shown.part.points for shown in self.parts if shown.counts), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        scores = [shown.response.score for shown in self.parts if shown.revealed and shown.counts]
        return sum((s for s in scores if s is not None), Decimal(0)) if scores else None

    @property
    def answered(self) -> bool:
        return all(shown.response.answer for shown in self.parts)

    @property
    def nullified(self) -> bool:
        """Nothing of it counts: the question, or every part of it, is nullified."""
        return not any(shown.counts for shown in self.parts)

    @property
    def some_revealed(self) -> bool:
        return any(shown.revealed for shown in self.parts)

    @property
    def solution_shown(self) -> bool:
        """The official solution covers every part: it waits until all of them are revealed."""
        return bool(self.parts) and all(shown.revealed for shown in self.parts)

    @property
    def try_number(self) -> int:
        return max((shown.response.try_number for shown in self.parts), default=1)

    @property
    def can_try_again(self) -> bool:
        """Practice, still open, every part checked and graded (services.question_try_again)."""
        return (
            self.attempt.mode == Attempt.Mode.PRACTICE
            and self.attempt.is_open()
            and self.solution_shown
            and not any(s.response.status == Response.Status.PENDING for s in self.parts)
        )

    @property
    def outcome(self) -> str:
        outcomes = [shown.outcome for shown in self.parts]
        if all(o == "right" for o in outcomes):
            return "right"
        if all(o == "blank" for o in outcomes):
            return "blank"
        if all(o in ("wrong", "blank") for o in outcomes):
            return "wrong"
        if any(o in ("right", "partial") for o in outcomes):
            return "partial"
        return "review"

    @property
    def statement_notes(self) -> list[QuestionNote]:
        """What the bank changed in the statement, figure or options: shown with them."""
        return [note for note in self.question.notes() if not note.about_solution]

    @property
    def solution_notes(self) -> list[QuestionNote]:
        """What it changed in the solution or the key: shown with the solution, not before."""
        if not self.solution_shown:
            return []
        return [note for note in self.question.notes() if note.about_solution]

    @property
    def score_notes(self) -> list[QuestionNote]:
        """What instructors changed in the scores since: the question or a part nullified (it
        counts for nobody), a part regraded after a correction to its key (this student's
        score changed; shown once the score is)."""
        if self.question.nullified:
            return [_nullified_note("This question", self.question)]
        notes = []
        for shown in self.parts:
            name = shown.heading or "This part"
            if shown.part.nullified:
                notes.append(_nullified_note(name, shown.part))
            elif shown.regraded is not None:
                notes.append(_regraded_note(name, shown.regraded))
        return notes


def _points(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)).normalize():f}"


def _nullified_note(name: str, item: Question | Part) -> QuestionNote:
    return QuestionNote(
        "nullified",
        "score",
        f"{name} was nullified: it no longer counts.",
        item.nullified_reason,
    )


def _regraded_note(name: str, change: RegradeChange) -> QuestionNote:
    day = date_format(timezone.localtime(change.changed_at), "j F Y")
    return QuestionNote(
        "regraded",
        "score",
        f"{name} was regraded on {day} after a correction to its key: your score changed "
        f"from {_points(change.old_score)} to {_points(change.new_score)}.",
    )


# The parts and options are put in the attempt's order here: the models' default orderings
# (through part, question and exam) would only add joins to every query.
_OPTIONS = Prefetch("part__options", queryset=Option.objects.order_by("position", "pk"))


def attempt_shown_questions(*, attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions in its own order, options shuffled as fixed at its start."""
    responses = (
        attempt.responses.select_related("part", "regraded").prefetch_related(_OPTIONS).order_by()
    )
    questions = Question.objects.select_related("topic").in_bulk(attempt.question_order)
    return _shown_questions(attempt=attempt, responses=list(responses), questions=questions)


def attempt_shown_part(*, attempt: Attempt, part_id: object, part: Part | None = None) -> ShownPart:
    """One part of the attempt, with its question, as the attempt's page shows it; or 404.

    Reads only that question's parts (a question's solution waits for all of them): an
    autosave's reply costs two queries, however long the attempt. `part`, when the caller
    has read it with its question (answer_save's response.part), spares joining the bank's
    tables: the responses are read with their parts only, and the question's topic and
    regrade notes, which the page's heading shows, are read if asked for.
    """
    if part is not None:
        # The question's responses are re-read: a practice check may be graded already.
        question = part.question
        responses = list(
            attempt.responses.filter(part__question_id=question.pk)
            .select_related("part")
            .order_by()
        )
    else:
        question_of_part = Part.objects.filter(pk=part_id).values("question_id")
        try:
            responses = list(
                attempt.responses.filter(part__question_id__in=question_of_part)
                .select_related("part__question__topic", "regraded")
                .order_by()
            )
        except (ValueError, TypeError) as error:
            raise Http404("No such part in this attempt.") from error
        question = responses[0].part.question if responses else None
    # Only choice parts have options: a question of typed answers costs no second query.
    choices = [response for response in responses if response.part.kind == Part.Kind.CHOICE]
    prefetch_related_objects(choices, _OPTIONS)
    questions = {question.pk: question} if question is not None else {}
    for shown_question in _shown_questions(
        attempt=attempt, responses=responses, questions=questions
    ):
        for shown in shown_question.parts:
            if str(shown.part.pk) == str(part_id):
                return shown
    raise Http404("No such part in this attempt.")


def _shown_questions(
    *, attempt: Attempt, responses: list[Response], questions: dict[int, Question]
) -> list[ShownQuestion]:
    by_part = {response.part_id: response for response in responses}
    parts_of: dict[int, list[Part]] = defaultdict(list)
    for response in responses:
        parts_of[response.part.question_id].append(response.part)
    shown_questions = []
    for position, question_id in enumerate(attempt.question_order, start=1):
        question = questions.get(question_id)
        if question is None:
            continue
        shown = ShownQuestion(attempt=attempt, position=position, question=question)
        for part in sorted(parts_of[question_id], key=lambda part: part.position):
            part.question = question  # read already: Part.counts asks it, without a query
            response = by_part[part.pk]
            choice = part.kind == Part.Kind.CHOICE
            by_id = {option.pk: option for option in part.options.all()} if choice else {}
            order = attempt.option_order.get(str(part.pk), list(by_id))
            shown.parts.append(
                ShownPart(
                    part=part,
                    response=response,
                    options=[by_id[pk] for pk in order if pk in by_id],
                    revealed=is_revealed(attempt=attempt, response=response),
                    question=shown,
                )
            )
        shown_questions.append(shown)
    return shown_questions


# Attempts and their totals.


@dataclass
class Totals:
    score: Decimal
    max_score: Decimal
    self_score: Decimal
    answered: int
    parts: int
    pending: int
    needs_review: int


def attempt_list(*, student: AbstractBaseUser, exam: Exam | None = None) -> QuerySet[Attempt]:
    """The student's attempts, newest first, each with its totals (see attempt_totals), in
    one query however many there are."""
    attempts = Attempt.objects.filter(student=student)
    if exam is not None:
        attempts = attempts.filter(exam=exam)
    return attempts.select_related("exam", "topic").with_totals().newest_first()


def attempt_totals(*, attempt: Attempt) -> Totals:
    """An attempt's points and counts: read from an attempt of attempt_list, else one query."""
    names = Totals.__dataclass_fields__
    if not all(hasattr(attempt, name) for name in names):
        attempt = Attempt.objects.with_totals().get(pk=attempt.pk)
    return Totals(**{name: getattr(attempt, name) for name in names})


def attempt_best_by_exam(*, student: AbstractBaseUser) -> dict[int, Attempt]:
    """Per exam id, the student's best finished attempt at the whole exam (by share of the
    maximum); practice of one topic is not compared with whole attempts."""
    best: dict[int, Attempt] = {}
    for attempt in attempt_list(student=student).filter(topic=None).finished():
        if not attempt.max_score:
            continue
        current = best.get(attempt.exam_id)
        if current is None or attempt.score / attempt.max_score > (
            current.score / current.max_score
        ):
            best[attempt.exam_id] = attempt
    return best


def attempt_history(*, student: AbstractBaseUser, exam: Exam) -> list[Attempt]:
    """The student's attempts at an exam that have a score, oldest first: the finished ones,
    and practice still in progress once a part of it is checked (`attempted_score` over
    `attempted_max`)."""
    scored = attempt_list(student=student, exam=exam).filter(
        ~Q(status=Attempt.Status.IN_PROGRESS) | Q(mode=Attempt.Mode.PRACTICE, attempted_max__gt=0)
    )
    return list(scored.order_by("started_at", "pk"))


# Exams and topics, for the lists of the pages and the API.


def exam_list() -> QuerySet[Exam]:
    """The exams students see, each with `question_count` and `max_points` over the
    questions and parts in use."""
    return Exam.objects.published().with_totals()


def topic_list(*, exam: Exam) -> QuerySet[Topic]:
    """The exam's topics with questions in use: what a practice attempt can be limited to."""
    return Topic.objects.filter(exam=exam).in_use()


@dataclass
class ExamCard:
    """An exam on a student's home page: the best attempt, the latest ones, how many."""

    exam: Exam
    best: Attempt | None
    recent: list[Attempt]
    attempt_count: int


def exam_cards(*, student: AbstractBaseUser, recent: int = 3) -> list[ExamCard]:
    """Every exam of exam_list with the student's attempts at it, in a fixed number of
    queries however many attempts there are."""
    attempt_close_overdue(student=student)
    best = attempt_best_by_exam(student=student)
    counts = dict(
        Attempt.objects.filter(student=student)
        .values_list("exam")
        .annotate(count=Count("pk"))
        .order_by()
    )
    cards = []
    for exam in exam_list():
        latest = (
            list(attempt_list(student=student, exam=exam)[:recent]) if exam.pk in counts else []
        )
        cards.append(ExamCard(exam, best.get(exam.pk), latest, counts.get(exam.pk, 0)))
    return cards


# Progress.


@dataclass
class TopicProgress:
    """A topic's mastery over the parts the student attempted, beside its coverage."""

    topic: str
    attempts: int = 0
    score: Decimal = Decimal(0)
    max_score: Decimal = Decimal(0)
    parts_answered: int = 0
    parts_total: int = 0
    # The same over first tries only: score and max_score are over the latest try of each
    # part (practice's "Try again" keeps the earlier ones).
    first_score: Decimal = Decimal(0)
    first_max_score: Decimal = Decimal(0)

    @property
    def share(self) -> float:
        return float(self.score / self.max_score) if self.max_score else 0.0

    @property
    def first_share(self) -> float:
        return float(self.first_score / self.first_max_score) if self.first_max_score else 0.0

    @property
    def tried(self) -> bool:
        return self.parts_answered > 0


def topic_progress_list(*, student: AbstractBaseUser, exam: Exam) -> list[TopicProgress]:
    """Every topic in use, by name: the points earned over the maximum across the parts the
    student attempted (ResponseQuerySet.attempted: not the blank parts of a submitted exam,
    nor an answer still waiting for marking), and how many of the topic's parts that is."""
    by_topic = {
        name: TopicProgress(topic=name, parts_total=total)
        for name, total in Part.objects.filter(
            question__exam=exam, question__retired=False, retired=False
        )
        .counting()
        .values_list("question__topic__name")
        .annotate(total=Count("pk"))
        .order_by()
    }
    attempts: dict[str, set[int]] = defaultdict(set)
    parts: dict[str, set[int]] = defaultdict(set)
    attempted = (
        Response.objects.filter(attempt__student=student, attempt__exam=exam)
        .attempted()
        .counting()
        .with_score()
        .values_list(
            "part__question__topic__name", "attempt_id", "part_id", "earned", "part__points"
        )
    )
    for name, attempt_id, part_id, earned, points in attempted:
        # A topic whose questions were all retired since keeps what the student did there.
        progress = by_topic.setdefault(name, TopicProgress(topic=name))
        progress.score += earned or Decimal(0)
        progress.max_score += points
        attempts[name].add(attempt_id)
        parts[name].add(part_id)
    for name, earned, points in _first_tries(student=student, exam=exam):
        progress = by_topic.setdefault(name, TopicProgress(topic=name))
        progress.first_score += earned or Decimal(0)
        progress.first_max_score += points
    for name, progress in by_topic.items():
        progress.attempts = len(attempts[name])
        progress.parts_answered = len(parts[name])
    return sorted(by_topic.values(), key=lambda p: p.topic)


def _first_tries(*, student: AbstractBaseUser, exam: Exam) -> list[tuple[str, Decimal, Decimal]]:
    """(topic, points earned, maximum) of each part's first try that was attempted: the
    earlier try kept by "Try again", else the response itself if never tried again."""
    kept = (
        EarlierTry.objects.filter(
            response__attempt__student=student, response__attempt__exam=exam, try_number=1
        )
        .filter(status__in=Response.Status.SETTLED, response__in=Response.objects.counting())
        .exclude(answer="")
        .annotate(earned=Response.score_expression())
        .values_list("response__part__question__topic__name", "earned", "response__part__points")
    )
    only_try = (
        Response.objects.filter(attempt__student=student, attempt__exam=exam, try_number=1)
        .attempted()
        .counting()
        .with_score()
        .values_list("part__question__topic__name", "earned", "part__points")
    )
    return [*kept, *only_try]


@dataclass
class ExamProgress:
    exam: Exam
    attempts: int
    topics: list[TopicProgress]

    @property
    def score(self) -> Decimal:
        return sum((t.score for t in self.topics), Decimal(0))

    @property
    def max_score(self) -> Decimal:
        return sum((t.max_score for t in self.topics), Decimal(0))


def exam_progress_list(*, student: AbstractBaseUser) -> list[ExamProgress]:
    """The student's progress at every exam they can see."""
    counts = dict(
        Attempt.objects.filter(student=student)
        .values_list("exam")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        ExamProgress(
            exam=exam,
            attempts=counts.get(exam.pk, 0),
            topics=topic_progress_list(student=student, exam=exam),
        )
        for exam in Exam.objects.published()
    ]


@dataclass
class MissedQuestion:
    question: Question
    missed: int
    tries: int


def question_most_missed(
    *, student: AbstractBaseUser, exam: Exam, limit: int = 5
) -> list[MissedQuestion]:
    """The questions the student lost points on most often, counting each attempt once.

    Only attempted parts count (as in topic_progress_list); a question is missed in an
    attempt when the parts the student answered there earned less than their points.
    """
    settled = (
        Response.objects.filter(attempt__student=student, attempt__exam=exam)
        .attempted()
        .counting()
        .with_score()
        .values_list("attempt_id", "part__question_id", "earned", "part__points")
    )
    per_try: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
    for attempt_id, question_id, earned, points in settled:
        totals = per_try[(attempt_id, question_id)]
        totals[0] += earned or Decimal(0)
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


def topic_weakest(*, exam: Exam, progress: list[TopicProgress]) -> Topic | None:
    """Of the topics the student tried (`progress`, from topic_progress_list), the one with
    the lowest share of the maximum; of topics as weak, the one with most points lost.
    Untried topics are not weak, only new."""
    tried = [p for p in progress if p.max_score]
    if not tried:
        return None
    weakest = min(tried, key=lambda p: (p.share, p.score - p.max_score, p.topic))
    return topic_list(exam=exam).filter(name=weakest.topic).first()


# Marking: the exam answers waiting for an instructor.


def response_marking_queue(
    *, exam: str = "", question: int | None = None, student: str = ""
) -> QuerySet[Response]:
    """The exam answers awaiting an instructor (ResponseQuerySet.awaiting_instructor), the
    longest waiting first; filtered by exam slug, question number and student username."""
    queue = Response.objects.awaiting_instructor().select_related(
        "attempt__student", "attempt__exam", "part__question"
    )
    if exam:
        queue = queue.filter(attempt__exam__slug=exam)
    if question is not None:
        queue = queue.filter(part__question__number=question)
    if student:
        queue = queue.filter(attempt__student__username=student)
    return queue.order_by("attempt__submitted_at", "attempt_id", "part__question__number", "pk")


def response_for_marking(*, response_id: object) -> Response:
    """An exam answer an instructor may mark or mark again (404 otherwise), with what the
    marking page shows beside it and its history of marks."""
    markable = Response.objects.filter(attempt__mode=Attempt.Mode.EXAM).exclude(
        attempt__status=Attempt.Status.IN_PROGRESS
    )
    try:
        return (
            markable.select_related("attempt__student", "attempt__exam", "part__question")
            .prefetch_related("marks__marked_by")
            .get(pk=response_id)
        )
    except (Response.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404("no such exam answer") from missing
