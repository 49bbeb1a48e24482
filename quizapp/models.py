"""The quiz domain: a bank of exams (questions, parts, options) and students' attempts at them.

A question's identity is (exam slug, question number) and a part's is (question, label): the
exam file is reloaded in place on that identity, so students' attempts keep pointing at the
same rows.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from quizapp.bank.schema import (
    NOTED_FIELDS,
    BankError,
    check_answer,
    check_correct_count,
    check_figure,
    check_notes,
    present_fields,
)


def _attempted(prefix: str = "") -> Q:
    # ResponseQuerySet.attempted(), for a relation's annotation.
    return Q(**{f"{prefix}status__in": Response.Status.SETTLED}) & ~Q(**{f"{prefix}answer": ""})


def _counting(prefix: str = "") -> Q:
    # PartQuerySet.counting(), for a relation's filter ("responses__part__").
    return Q(**{f"{prefix}nullified": False, f"{prefix}question__nullified": False})


def _points_sum(expression, **extra) -> Coalesce:
    return Coalesce(
        Sum(expression, **extra),
        Decimal(0),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


class ExamQuerySet(models.QuerySet):
    def published(self) -> "ExamQuerySet":
        """What students see: an exam still being built is not listed or startable."""
        return self.filter(published=True)

    def with_totals(self) -> "ExamQuerySet":
        """Each exam with `question_count`, `part_count` and `max_points` over the questions
        and parts in use: what an attempt at the whole exam holds (a nullified part is in it,
        but its points are not in the maximum)."""
        live = Q(questions__retired=False)
        live_parts = live & Q(questions__parts__retired=False)
        return self.annotate(
            question_count=Count("questions", filter=live, distinct=True),
            part_count=Count("questions__parts", filter=live_parts, distinct=True),
            max_points=_points_sum(
                "questions__parts__points", filter=live_parts & _counting("questions__parts__")
            ),
        ).order_by(*Exam._meta.ordering)  # an aggregate drops Meta.ordering


class Exam(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    course = models.CharField(max_length=200)
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    instructions = models.TextField(blank=True, help_text="Markdown.")
    published = models.BooleanField(
        default=False, help_text="Listed and startable by students. Off while it is built."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExamQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "slug"]

    def __str__(self) -> str:
        return self.title

    def minutes_for(self, student: object) -> int:
        """The time limit of this student's exam attempts: the duration plus their extra
        time (ExtraTime), if any."""
        extra = ExtraTime.objects.filter(student=student).values_list("percent", flat=True)
        return self.duration_minutes + round(self.duration_minutes * (extra.first() or 0) / 100)


class TopicQuerySet(models.QuerySet):
    def in_use(self) -> "TopicQuerySet":
        """Topics with questions in use, each with its `question_count`: what a practice
        attempt can be limited to."""
        return (
            self.annotate(question_count=Count("questions", filter=Q(questions__retired=False)))
            .filter(question_count__gt=0)
            .order_by("name")
        )


class Topic(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["exam", "name"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "name"], name="unique_topic_per_exam")
        ]

    def __str__(self) -> str:
        return self.name


class Nullifiable(models.Model):
    """A question or part an instructor nullified: it stays in the attempts that hold it, but
    counts for nobody (its score and its points are left out of every total). Set and cleared
    by quizapp.services.nullifying, which records who, when and why."""

    nullified = models.BooleanField(
        default=False, help_text="Counts for nobody: left out of every score and maximum."
    )
    nullified_at = models.DateTimeField(null=True, blank=True)
    nullified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nullified_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class Question(Nullifiable, models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", "Multiple choice"
        TRUEFALSE = "truefalse", "True/false"
        OPEN = "open", "Open question"

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    # RESTRICT: a topic in use cannot be deleted alone, but goes with its exam.
    topic = models.ForeignKey(Topic, on_delete=models.RESTRICT, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    prompt = models.TextField(help_text="Markdown with LaTeX math ($...$ and $$...$$).")
    figure = models.CharField(
        max_length=200,
        blank=True,
        help_text="Path relative to fixtures/, e.g. figures/figure1.svg.",
    )
    solution = models.TextField(blank=True, help_text="The official solution, Markdown + LaTeX.")
    reconstructed = models.JSONField(
        default=list, blank=True, help_text="Fields written anew because the source lost them."
    )
    corrected = models.JSONField(
        default=list,
        blank=True,
        help_text="Changes to the source's text: a list of {field, change, source}, where "
        "source is the official wording. See docs/exam-format.md.",
    )
    # Set when a reload no longer has this question: kept for the attempts that used it.
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["exam", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "number"], name="unique_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.exam.slug} Q{self.number}"

    def clean(self) -> None:
        # The exam file's rule (quizapp.bank.schema), for every other way a question is saved.
        if self.figure:
            try:
                check_figure(self.figure, "figure", Path(settings.FIXTURES_DIR))
            except BankError as problem:
                raise ValidationError({"figure": str(problem).split(": ", 1)[-1]}) from problem
        # A new question's parts are saved after it: its options cannot be counted yet.
        has_options = self.pk is None or self.parts.filter(options__isnull=False).exists()
        try:
            check_notes(
                self.reconstructed,
                self.corrected,
                "question",
                present_fields(self, has_options=has_options),
            )
        except BankError as problem:
            where, message = str(problem).split(": ", 1)
            field = "corrected" if "corrected" in where else "reconstructed"
            raise ValidationError({field: message}) from problem

    def notes(self) -> "list[QuestionNote]":
        """What the bank says it changed against its source, in the file's order: the fields
        written anew, then the corrections of the official text."""
        return [QuestionNote("reconstructed", name) for name in self.reconstructed] + [
            QuestionNote("corrected", entry["field"], entry["change"], entry["source"])
            for entry in self.corrected
        ]

    @property
    def points(self) -> Decimal:
        """The points that count: none once nullified, nor those of its nullified parts."""
        if self.nullified:
            return Decimal(0)
        return sum((part.points for part in self.parts.all() if not part.nullified), Decimal(0))

    @property
    def in_use(self) -> bool:
        """Students answered it: it can be retired, not deleted."""
        return Response.objects.filter(part__question=self).exists()


@dataclass(frozen=True)
class QuestionNote:
    """One of a question's notes to students: a field written anew (`reconstructed`), or a
    correction of the official text (`corrected`, with what changed and the source's words).

    ShownQuestion.score_notes adds what instructors changed in the scores since, on `score`:
    `nullified` (`change` is the sentence students read, `source` the instructor's reason) and
    `regraded` (`change` says when, and the student's score before and after)."""

    kind: str
    field: str
    change: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return NOTED_FIELDS.get(self.field, self.field)

    @property
    def about_solution(self) -> bool:
        """A note on the solution or the key: shown with the solution, never before it."""
        return self.field in ("solution", "key")


class PartQuerySet(models.QuerySet):
    def counting(self) -> "PartQuerySet":
        """Parts whose points count: neither they nor their question is nullified."""
        return self.filter(_counting())


class Part(Nullifiable, models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", "Choice"
        NUMERIC = "numeric", "Numeric"
        EXPRESSION = "expression", "Expression"
        TEXT = "text", "Text"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="parts")
    label = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    points = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    prompt = models.TextField(blank=True, help_text="Markdown.")
    answer = models.JSONField(
        default=dict,
        blank=True,
        help_text="Numeric: {value, tolerance}; expression: {expected, variables, ...}; "
        "text: {rubric}. See docs/exam-format.md.",
    )
    retired = models.BooleanField(default=False)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="unique_part_label")
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.label}".strip()

    def clean(self) -> None:
        # The exam file's rule: a key the engine accepts (quizapp.bank.schema.check_answer).
        try:
            check_answer(self.kind, self.answer, "part")
        except BankError as problem:
            # Shown beside the field: the message without the file's "where" prefix.
            raise ValidationError({"answer": str(problem).split(": ", 1)[-1]}) from problem

    @property
    def in_use(self) -> bool:
        """Students answered it: it can be retired, not deleted."""
        return self.pk is not None and self.responses.exists()

    def check_options(self, options: "list[Option]", *, complete: bool = True) -> None:
        """The exam file's rule on a choice part's options in use (raises BankError)."""
        if self.kind == self.Kind.CHOICE:
            live = [option for option in options if not option.retired]
            check_correct_count(
                sum(option.correct for option in live), "options", complete=complete
            )

    @property
    def rubric(self) -> str:
        return self.answer.get("rubric", "") if self.kind == self.Kind.TEXT else ""

    # Written answers wait for a person; every other kind is graded by the engine.
    MARKED_BY_HAND = ("text",)
    # Graded as they are submitted: a comparison each, in microseconds, with no engine
    # process. Expressions go to a worker, each checked in its own time-limited process.
    GRADED_ON_SUBMIT = ("choice", "numeric")

    @property
    def is_auto_graded(self) -> bool:
        return self.kind not in self.MARKED_BY_HAND

    @property
    def counts(self) -> bool:
        """PartQuerySet.counting() for one part: neither it nor its question is nullified."""
        return not (self.nullified or self.question.nullified)

    @property
    def grading_key(self) -> dict:
        """What answers are graded against: the answer spec and, for a choice part, the
        correct options in use. A regrade records it, and stops if it changes meanwhile."""
        correct = []
        if self.kind == self.Kind.CHOICE:
            correct = sorted(
                self.options.filter(correct=True, retired=False).values_list("pk", flat=True)
            )
        return {"answer": self.answer, "correct_options": correct}


class Option(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(help_text="Markdown with LaTeX math.")
    correct = models.BooleanField(default=False)
    feedback = models.TextField(blank=True)
    # An option that students chose is retired, not deleted: their answers name it.
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["part", "position"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def in_use(self) -> bool:
        """Students chose it: it can be retired, not deleted."""
        return self.pk is not None and self.responses.exists()


class AttemptQuerySet(models.QuerySet):
    def newest_first(self) -> "AttemptQuerySet":
        return self.order_by("-started_at", "-pk")

    def finished(self) -> "AttemptQuerySet":
        return self.exclude(status=Attempt.Status.IN_PROGRESS)

    def overdue(self, now: datetime) -> "AttemptQuerySet":
        return self.filter(status=Attempt.Status.IN_PROGRESS, deadline__lte=now)

    def with_totals(self) -> "AttemptQuerySet":
        """Each attempt with its totals in the same query: `score` (the points that count,
        see Response.score), `max_score`, `self_score`, and the counts `parts`, `answered`,
        `pending`, `needs_review`. The points of nullified parts are in no total."""
        counting = _counting("responses__part__")
        return self.annotate(
            score=_points_sum(Response.score_expression("responses__"), filter=counting),
            max_score=_points_sum("responses__part__points", filter=counting),
            self_score=_points_sum("responses__self_score", filter=counting),
            parts=Count("responses"),
            answered=Count("responses", filter=~Q(responses__answer="")),
            pending=Count("responses", filter=Q(responses__status=Response.Status.PENDING)),
            needs_review=Count(
                "responses", filter=Q(responses__status=Response.Status.NEEDS_REVIEW)
            ),
            # Over the parts attempted so far (ResponseQuerySet.attempted): how an
            # unfinished practice attempt is going.
            attempted_score=_points_sum(
                Response.score_expression("responses__"),
                filter=_attempted("responses__") & counting,
            ),
            attempted_max=_points_sum(
                "responses__part__points", filter=_attempted("responses__") & counting
            ),
        )


class Attempt(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        EXAM = "exam", "Exam"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        GRADING = "grading", "Grading"
        GRADED = "graded", "Graded"

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="attempts")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Fixed at the start so a reload or another device shows the same order.
    # A review session (quizapp.services.reviews): practice holding the parts due.
    review = models.BooleanField(default=False)
    question_order = models.JSONField(default=list)
    option_order = models.JSONField(default=dict, help_text="{part id: [option ids]}")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["student", "exam", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.student} {self.exam.slug} {self.mode} #{self.pk}"

    @property
    def time_limit_minutes(self) -> int | None:
        """An exam attempt's limit, the student's extra time included (fixed at its start)."""
        if self.deadline is None:
            return None
        return round((self.deadline - self.started_at).total_seconds() / 60)

    def is_open(self, now: datetime | None = None) -> bool:
        """Answers may still change: in progress and, for an exam, before its deadline."""
        now = now or timezone.now()
        return self.status == self.Status.IN_PROGRESS and (
            self.deadline is None or now < self.deadline
        )

    def is_overdue(self, now: datetime | None = None) -> bool:
        """In progress past its deadline: the server submits it as it stands."""
        now = now or timezone.now()
        return (
            self.status == self.Status.IN_PROGRESS
            and self.deadline is not None
            and now >= self.deadline
        )


class ResponseQuerySet(models.QuerySet):
    def settled(self) -> "ResponseQuerySet":
        """Answers whose points are known (see Response.Status.SETTLED)."""
        return self.filter(status__in=Response.Status.SETTLED)

    def attempted(self) -> "ResponseQuerySet":
        """Answers the student gave whose points are known: what progress is measured on
        (a blank part scored 0 at submission says nothing of what the student knows)."""
        return self.filter(_attempted())

    def awaiting_instructor(self) -> "ResponseQuerySet":
        """Exam answers, submitted, that count for nothing until an instructor marks them;
        practice answers that students mark themselves are not among them."""
        return self.filter(
            attempt__mode=Attempt.Mode.EXAM,
            status__in=Response.Status.AWAITING_MARK,
            review_score__isnull=True,
        ).exclude(attempt__status=Attempt.Status.IN_PROGRESS)

    def counting(self) -> "ResponseQuerySet":
        """Answers to parts that count (PartQuerySet.counting): a nullified part's are in no
        total."""
        return self.filter(_counting("part__"))

    def regradable(self) -> "ResponseQuerySet":
        """Answers a corrected key grades again (Response.Status.REGRADABLE): graded by the
        engine, never marked by hand (an instructor's mark or a written part is left alone)."""
        return self.filter(
            status__in=Response.Status.REGRADABLE, review_score__isnull=True
        ).exclude(part__kind__in=Part.MARKED_BY_HAND)

    def with_score(self) -> "ResponseQuerySet":
        """Each response with `earned`: the points that count, as Response.score."""
        return self.annotate(earned=Response.score_expression())


class Response(models.Model):
    """A student's answer to one part, and its grading.

    Auto-graded, self-assessed and instructor points are kept apart: a student's own marking
    never counts as if the machine or an instructor had given it.
    """

    class Status(models.TextChoices):
        BLANK = "blank", "Not answered"
        SAVED = "saved", "Saved, not graded yet"
        PENDING = "pending", "Grading"
        GRADED = "graded", "Graded"
        NEEDS_REVIEW = "needs_review", "Needs review"
        INVALID = "invalid", "Invalid answer"
        ERROR = "error", "Could not be graded"

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    # RESTRICT: a part or option that students answered is retired, never deleted, unless
    # the answers go too (their attempt, or the whole exam, is deleted).
    part = models.ForeignKey(Part, on_delete=models.RESTRICT, related_name="responses")
    answer = models.TextField(blank=True)
    chosen_option = models.ForeignKey(
        Option, on_delete=models.RESTRICT, null=True, blank=True, related_name="responses"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BLANK)
    auto_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    self_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    review_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_responses",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Practice's "Try again" starts a new try of the same part; earlier ones are EarlierTry.
    try_number = models.PositiveIntegerField(default=1)
    # Practice: the student marked the answer "sure" (a right sure answer rates Easy).
    sure = models.BooleanField(default=False)
    correct = models.BooleanField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    verdict = models.JSONField(default=dict, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    # Grading bookkeeping: what revision was queued, when, and how many tries it has taken.
    queued_revision = models.PositiveIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    grading_tries = models.PositiveIntegerField(default=0)
    graded_at = models.DateTimeField(null=True, blank=True)
    # The latest regrade that changed this answer's score: the note its student sees.
    regraded = models.ForeignKey(
        "RegradeChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["attempt", "part"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "part"], name="one_response_per_part")
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.attempt} {self.part}"

    @property
    def score(self) -> Decimal | None:
        """The points that count: an instructor's review, else the automatic grade."""
        return self.review_score if self.review_score is not None else self.auto_score

    @staticmethod
    def score_expression(prefix: str = "") -> Coalesce:
        """Response.score in SQL; `prefix` reaches it through a relation ("responses__")."""
        return Coalesce(f"{prefix}review_score", f"{prefix}auto_score")

    @property
    def client_status(self) -> str:
        """The status clients see: an answer the engine gave up on waits for a marking, like
        one it could not decide."""
        if self.status == self.Status.ERROR:
            return self.Status.NEEDS_REVIEW
        return self.status

    def score_error(self, score: Decimal | None) -> str | None:
        """Why a mark (an instructor's or the student's own) cannot stand; None when it can."""
        if score is not None and not Decimal(0) <= score <= self.part.points:
            return f"the score must be between 0 and {self.part.points:g}"
        return None

    def clean(self) -> None:
        problem = self.score_error(self.review_score)
        if problem:
            raise ValidationError({"review_score": problem[0].upper() + problem[1:] + "."})


_status = Response.Status
# The status groups every face reads. Not yet checked: the student may still change it and
# sees no key. Checked: graded, being graded or waiting for a marking.
_status.UNCHECKED = frozenset({_status.BLANK, _status.SAVED, _status.INVALID})
_status.CHECKED = frozenset(_status) - _status.UNCHECKED
# Nothing gradable was given: scored 0 when an exam is submitted.
_status.NO_ANSWER = frozenset({_status.BLANK, _status.INVALID})
# The points are known; the rest (unanswered, being graded, waiting for a marking) neither
# help nor hurt a student's progress.
_status.SETTLED = frozenset({_status.GRADED, _status.INVALID})
# The engine is done with it (a verdict, an unreadable answer, or it gave up).
_status.FINISHED = frozenset({_status.GRADED, _status.INVALID, _status.ERROR})
# An instructor's mark settles these.
_status.MARKABLE = frozenset({_status.NEEDS_REVIEW, _status.ERROR, _status.INVALID})
# No points until an instructor marks it (in an exam; in practice the student self-marks).
_status.AWAITING_MARK = frozenset({_status.NEEDS_REVIEW, _status.ERROR})
# The engine gave a verdict, found the answer unreadable or could not decide: a corrected key
# grades it again (one it gave up on waits for an instructor).
_status.REGRADABLE = frozenset({_status.GRADED, _status.INVALID, _status.NEEDS_REVIEW})


class Mark(models.Model):
    """One marking of an answer by an instructor; a revised mark adds one, so the history
    of who gave what, and when, is kept."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="marks")
    score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Empty: withdrawn."
    )
    feedback = models.TextField(blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="marks"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["marked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.response} marked {self.score} by {self.marked_by}"


class RegradeQuerySet(models.QuerySet):
    def unfinished(self) -> "RegradeQuerySet":
        return self.filter(status__in=Regrade.UNFINISHED)


class Regrade(models.Model):
    """A run grading a part's answers again after its key was corrected, in batches on a
    Celery worker (quizapp.services.regrading). `cursor` is the last answer done, in id
    order: a run stopped midway resumes after it, so no answer is regraded twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        STOPPED = "stopped", "Stopped: the key changed during the run"

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="regrades")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    key = models.JSONField(help_text="The key graded against (Part.grading_key).")
    total = models.PositiveIntegerField(help_text="Answers to grade again, counted at the start.")
    done = models.PositiveIntegerField(default=0)
    cursor = models.PositiveBigIntegerField(default=0)

    objects = RegradeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Regrade #{self.pk} of {self.part}"

    @property
    def finished(self) -> bool:
        return self.status not in self.UNFINISHED


class RegradeChange(models.Model):
    """One answer a regrade changed: its grade before and after. Unchanged answers have none."""

    regrade = models.ForeignKey(Regrade, on_delete=models.CASCADE, related_name="changes")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="regrade_changes")
    old_status = models.CharField(max_length=12, choices=Response.Status.choices)
    old_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    old_correct = models.BooleanField(null=True, blank=True)
    new_status = models.CharField(max_length=12, choices=Response.Status.choices)
    new_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    new_correct = models.BooleanField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["regrade", "response"]
        constraints = [
            models.UniqueConstraint(fields=["regrade", "response"], name="one_change_per_regrade")
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.old_score} -> {self.new_score}"

    @property
    def delta(self) -> Decimal:
        """The points the answer gained (negative: lost)."""
        return (self.new_score or Decimal(0)) - (self.old_score or Decimal(0))


class EarlierTry(models.Model):
    """A practice answer as it stood when the student chose "Try again": every try is kept,
    so progress can tell first tries from latest ones."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="earlier_tries")
    try_number = models.PositiveIntegerField()
    answer = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Response.Status.choices)
    auto_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    self_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    review_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["response", "try_number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "try_number"], name="one_row_per_try")
        ]

    def __str__(self) -> str:
        return f"{self.response} try {self.try_number}"


class ExtraTime(models.Model):
    """A student's extra time on exam attempts (an accommodation), as a share of each
    exam's duration: 25 gives 75 minutes for a 60-minute exam."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extra_time"
    )
    percent = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(300)]
    )

    def __str__(self) -> str:
        return f"{self.student} +{self.percent}%"


class ReviewCard(models.Model):
    """A part a student answered in practice, scheduled for review by FSRS
    (quizapp.services.reviews): `state` is the scheduler's card, `due` when it comes back."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="review_cards")
    state = models.JSONField()
    due = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "part"], name="one_card_per_part")
        ]
        indexes = [models.Index(fields=["student", "due"])]

    def __str__(self) -> str:
        return f"{self.student} {self.part} due {self.due:%Y-%m-%d %H:%M}"


class ReviewLog(models.Model):
    """One review of a card: the graded practice answer (and its try) that made it."""

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="log")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reviews")
    try_number = models.PositiveIntegerField()
    rating = models.PositiveSmallIntegerField()  # fsrs.Rating: 1 Again .. 4 Easy
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["reviewed_at", "pk"]
        constraints = [
            # A grading run twice reviews once.
            models.UniqueConstraint(fields=["response", "try_number"], name="one_review_per_try")
        ]

    def __str__(self) -> str:
        return f"{self.card} rated {self.rating}"
