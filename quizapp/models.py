"""The quiz domain: a bank of exams (questions, parts, options) and students' attempts at them.

A question's identity is (exam slug, question number) and a part's is (question, label): the
exam file is reloaded in place on that identity, so students' attempts keep pointing at the
same rows.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone


class Exam(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    course = models.CharField(max_length=200)
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    instructions = models.TextField(blank=True, help_text="Markdown.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "slug"]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["exam", "name"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "name"], name="unique_topic_per_exam")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
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
    # Set when a reload no longer has this question: kept for the attempts that used it.
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["exam", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "number"], name="unique_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.exam.slug} Q{self.number}"

    @property
    def points(self) -> Decimal:
        return sum((part.points for part in self.parts.all()), Decimal(0))


class Part(models.Model):
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

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="unique_part_label")
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.label}".strip()

    @property
    def rubric(self) -> str:
        return self.answer.get("rubric", "") if self.kind == self.Kind.TEXT else ""

    @property
    def is_auto_graded(self) -> bool:
        return self.kind != self.Kind.TEXT


class Option(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(help_text="Markdown with LaTeX math.")
    correct = models.BooleanField(default=False)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["part", "position"]

    def __str__(self) -> str:
        return self.text[:60]


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
    question_order = models.JSONField(default=list)
    option_order = models.JSONField(default=dict, help_text="{part id: [option ids]}")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["student", "exam", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.student} {self.exam.slug} {self.mode} #{self.pk}"


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
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="responses")
    answer = models.TextField(blank=True)
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
    correct = models.BooleanField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    verdict = models.JSONField(default=dict, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    # Grading bookkeeping: what revision was queued, when, and how many tries it has taken.
    queued_revision = models.PositiveIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    grading_tries = models.PositiveIntegerField(default=0)
    graded_at = models.DateTimeField(null=True, blank=True)

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
