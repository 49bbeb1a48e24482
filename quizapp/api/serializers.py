"""How an attempt looks to a client: shared by the students' and the instructors' endpoints.

The selectors decide what is revealed (quizapp.services.selectors.is_revealed); these
serializers only drop what is not. Before a part is revealed its output has no key, no
score, no feedback, no solution and no rubric at all, not even as null.
"""

from django.templatetags.static import static
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizapp.bank.schema import NOTED_FIELDS
from quizapp.models import Attempt, Part, Question, QuestionNote, Response
from quizapp.services.selectors import (
    ShownPart,
    ShownQuestion,
    attempt_shown_questions,
    attempt_totals,
)

STATUS_HELP = (
    "`blank`: not answered; `saved`: saved, not graded yet (exam mode until submit); "
    "`pending`: queued for grading, poll again; `graded`: scored; `needs_review`: waits for a "
    "marking (a written answer, or one the checker could not decide or grade); `invalid`: "
    "the answer cannot be read (see `error`)."
)
# The statuses a client sees (Response.client_status): never `error`.
CLIENT_STATUSES = [s for s in Response.Status.values if s != Response.Status.ERROR]
# Keys present only once the part is revealed to the student.
REVEALED_ONLY = ("score", "max_score", "self_score", "correct", "feedback", "expected")


def points_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, **kwargs
    )


class OptionOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(help_text="Markdown with LaTeX math.")
    correct = serializers.BooleanField(required=False, help_text="Once revealed.")
    feedback = serializers.CharField(required=False, help_text="Once revealed.")


class PartOut(serializers.Serializer):
    id = serializers.IntegerField(source="part.pk")
    question_id = serializers.IntegerField(source="part.question_id")
    label = serializers.CharField(source="part.label")
    kind = serializers.ChoiceField(choices=Part.Kind.choices, source="part.kind")
    prompt = serializers.CharField(source="part.prompt", help_text="Markdown.")
    points = points_field(source="part.points")
    counts = serializers.BooleanField(
        help_text="False once the part or its question is nullified: its points are in no total."
    )
    options = OptionOut(many=True)
    syntax_help = serializers.CharField(allow_null=True)
    answer = serializers.CharField(
        source="response.answer",
        help_text="The saved answer (for a choice part, the chosen option's id).",
    )
    revision = serializers.IntegerField(
        source="response.revision",
        help_text="Send it back with the next PUT: an older revision is refused with 409.",
    )
    saved_at = serializers.DateTimeField(source="response.saved_at")
    status = serializers.ChoiceField(
        choices=CLIENT_STATUSES, source="response.client_status", help_text=STATUS_HELP
    )
    revealed = serializers.BooleanField(
        help_text="Whether the key, score, feedback and solution are shown (practice: once "
        "checked; exam: once submitted).",
    )
    error = serializers.CharField(
        source="response.feedback",
        required=False,
        help_text="Only when `status` is `invalid`: why the answer cannot be read.",
    )
    score = points_field(source="response.score", required=False, allow_null=True)
    max_score = points_field(source="part.points", required=False)
    self_score = points_field(
        source="response.self_score",
        required=False,
        allow_null=True,
        help_text="The student's own marking of a written answer (practice).",
    )
    correct = serializers.BooleanField(source="response.correct", required=False, allow_null=True)
    feedback = serializers.CharField(source="response.feedback", required=False)
    expected = serializers.CharField(
        source="reference",
        required=False,
        allow_null=True,
        help_text="The reference answer of a numeric or expression part.",
    )
    rubric = serializers.CharField(
        source="part.rubric",
        required=False,
        help_text="A written part's marking rubric (Markdown), once every part of the "
        "question is revealed (as the solution).",
    )
    solution = serializers.CharField(
        source="question.question.solution",
        required=False,
        help_text="The question's official solution, once every part of it is revealed.",
    )

    def to_representation(self, shown: ShownPart) -> dict:
        data = super().to_representation(shown)
        if shown.part.kind != Part.Kind.TEXT or not (
            shown.rubric_shown or self.context.get("reveal_all")
        ):
            del data["rubric"]
        if shown.response.status != Response.Status.INVALID:
            del data["error"]
        if not (shown.question.solution_shown or self.context.get("reveal_all")):
            del data["solution"]
        if not (shown.revealed or self.context.get("reveal_all")):
            for key in REVEALED_ONLY:
                data.pop(key, None)
            for option in data["options"]:
                del option["correct"], option["feedback"]
        return data


class CorrectionOut(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(NOTED_FIELDS), help_text="What was corrected.")
    change = serializers.CharField(help_text="What changed (Markdown with LaTeX).")
    source = serializers.CharField(help_text="The original exam's own wording.")


class ScoreNoteOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["nullified", "regraded"])
    text = serializers.CharField(source="change", help_text="The note, in words.")
    reason = serializers.CharField(
        source="source", allow_blank=True, help_text="Why it was nullified, as instructors put it."
    )


NOTES_HELP = " Notes on `solution` or `key` appear with the solution, once every part is revealed."


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField(source="question.pk")
    position = serializers.IntegerField(help_text="1-based place in this attempt's order.")
    number = serializers.IntegerField(source="question.number", help_text="The exam's number.")
    topic = serializers.CharField(source="question.topic.name")
    kind = serializers.ChoiceField(choices=Question.Kind.choices, source="question.kind")
    prompt = serializers.CharField(source="question.prompt", help_text="Markdown with LaTeX.")
    figure_url = serializers.SerializerMethodField()
    points = points_field(help_text="Of the parts that count (not nullified).")
    score = points_field(allow_null=True, help_text="Over the revealed parts; null before.")
    nullified = serializers.BooleanField(help_text="Nothing of it counts any more.")
    try_number = serializers.IntegerField(
        help_text="1, then one more each time the question is tried again (practice)."
    )
    can_try_again = serializers.BooleanField(
        help_text="Practice, every part checked: POST to the question's `try-again/`."
    )
    # Declared once, so DRF copies PartOut's fields once per request, not once per question.
    parts = PartOut(many=True)
    reconstructed = serializers.SerializerMethodField(
        help_text="The fields this version wrote anew, not in the original exam." + NOTES_HELP
    )
    corrected = serializers.SerializerMethodField(
        help_text="Where this version corrected the original exam's text." + NOTES_HELP
    )
    score_notes = ScoreNoteOut(
        many=True,
        help_text="What instructors changed in the scores since: the question or a part "
        "nullified, or a part regraded after a correction to its key (with this student's "
        "score before and after, once revealed).",
    )

    def _notes(self, shown: ShownQuestion, kind: str) -> list[QuestionNote]:
        if self.context.get("reveal_all"):
            notes = shown.question.notes()
        else:
            notes = [*shown.statement_notes, *shown.solution_notes]
        return [note for note in notes if note.kind == kind]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(list(NOTED_FIELDS))))
    def get_reconstructed(self, shown: ShownQuestion) -> list[str]:
        return [note.field for note in self._notes(shown, "reconstructed")]

    @extend_schema_field(CorrectionOut(many=True))
    def get_corrected(self, shown: ShownQuestion) -> list[dict]:
        return CorrectionOut(self._notes(shown, "corrected"), many=True).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_figure_url(self, shown: ShownQuestion) -> str | None:
        if not shown.question.figure:
            return None
        url = static(shown.question.figure)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class AttemptOut(serializers.ModelSerializer):
    """An attempt and its totals. `score` is null while an exam attempt is in progress."""

    exam = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    exam_title = serializers.CharField(source="exam.title", read_only=True)
    topic = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    score = points_field(allow_null=True, source="totals.score")
    max_score = points_field(source="totals.max_score")
    self_score = points_field(source="totals.self_score")
    answered = serializers.IntegerField(source="totals.answered")
    parts = serializers.IntegerField(source="totals.parts")
    pending = serializers.IntegerField(source="totals.pending")
    needs_review = serializers.IntegerField(source="totals.needs_review")
    time_limit_minutes = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Exam mode: this attempt's limit, the student's extra time included.",
    )
    exam_minutes = serializers.IntegerField(
        source="exam.duration_minutes", read_only=True, help_text="The exam's own duration."
    )

    class Meta:
        model = Attempt
        fields = [
            "id",
            "exam",
            "exam_title",
            "mode",
            "topic",
            "status",
            "started_at",
            "deadline",
            "time_limit_minutes",
            "exam_minutes",
            "submitted_at",
            "score",
            "max_score",
            "self_score",
            "answered",
            "parts",
            "pending",
            "needs_review",
        ]
        read_only_fields = fields

    def to_representation(self, attempt: Attempt) -> dict:
        attempt.totals = attempt_totals(attempt=attempt)
        data = super().to_representation(attempt)
        if attempt.mode == Attempt.Mode.EXAM and attempt.status == Attempt.Status.IN_PROGRESS:
            data["score"] = None
        return data


class AttemptDetailOut(AttemptOut):
    questions = serializers.SerializerMethodField(
        help_text="In this attempt's own order, options shuffled as fixed at its start."
    )

    class Meta(AttemptOut.Meta):
        fields = [*AttemptOut.Meta.fields, "questions"]
        read_only_fields = fields

    @extend_schema_field(QuestionOut(many=True))
    def get_questions(self, attempt: Attempt) -> list[dict]:
        questions = attempt_shown_questions(attempt=attempt)
        return QuestionOut(questions, many=True, context=self.context).data


class StudentAttemptOut(AttemptOut):
    student = serializers.CharField(source="student.username", read_only=True)

    class Meta(AttemptOut.Meta):
        fields = ["student", *AttemptOut.Meta.fields]
        read_only_fields = fields


class StudentAttemptDetailOut(AttemptDetailOut):
    student = serializers.CharField(source="student.username", read_only=True)

    class Meta(AttemptDetailOut.Meta):
        fields = ["student", *AttemptDetailOut.Meta.fields]
        read_only_fields = fields
