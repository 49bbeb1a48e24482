"""For instructors only: editing the bank (exams, questions, parts, options), reading every
student's attempts with everything shown, and marking answers.

A question, part or option that students' attempts use is not deleted (409): their answers
point at it. Retire it instead (`retired: true`), as reloading the exam file does.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.errors import Conflict
from quizapp.api.filters import OptionFilters, PartFilters, QuestionFilters, StudentAttemptFilters
from quizapp.api.permissions import IsInstructor
from quizapp.api.schema import error
from quizapp.api.serializers import PartOut, StudentAttemptDetailOut, StudentAttemptOut
from quizapp.bank.schema import NOTED_FIELDS, BankError
from quizapp.models import Attempt, Exam, Option, Part, Question, Topic
from quizapp.models import Response as Answer
from quizapp.services import attempt_close_if_overdue, response_review
from quizapp.services.selectors import (
    attempt_shown_part,
    response_get,
    response_marking_queue,
)

INSTRUCTORS_ONLY = [IsAuthenticated, IsInstructor]
# Set by the nullify/unnullify endpoints (quizapp.api.corrections), read-only here.
NULLIFIED = ["nullified", "nullified_at", "nullified_reason"]
IN_USE = error("Students' attempts use it: retire it instead (`retired: true`).")


class ExamAdmin(serializers.ModelSerializer):
    class Meta:
        model = Exam
        fields = [
            "id",
            "slug",
            "title",
            "course",
            "date",
            "duration_minutes",
            "instructions",
            "published",
            "updated_at",
        ]


class QuestionAdmin(serializers.ModelSerializer):
    exam = serializers.SlugRelatedField(slug_field="slug", queryset=Exam.objects.all())
    topic = serializers.CharField(source="topic.name", max_length=200)
    reconstructed = serializers.ListField(
        child=serializers.ChoiceField(choices=list(NOTED_FIELDS)), required=False
    )
    points = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "exam",
            "number",
            "topic",
            "kind",
            "prompt",
            "figure",
            "solution",
            "reconstructed",
            "corrected",
            "retired",
            "points",
            *NULLIFIED,
        ]
        read_only_fields = NULLIFIED

    def validate(self, attrs: dict) -> dict:
        if self.instance and attrs.get("exam", self.instance.exam) != self.instance.exam:
            raise serializers.ValidationError({"exam": "A question stays in its exam."})
        fields = {k: v for k, v in attrs.items() if k not in ("topic", "exam")}
        model_clean(Question, self.instance, fields)
        return attrs

    def create(self, data: dict) -> Question:
        return super().create(self._with_topic(data, data["exam"]))

    def update(self, question: Question, data: dict) -> Question:
        return super().update(question, self._with_topic(data, question.exam))

    @staticmethod
    def _with_topic(data: dict, exam: Exam) -> dict:
        """A topic is named, as in the exam file, and made on first use."""
        if "topic" in data:
            data["topic"], _ = Topic.objects.get_or_create(exam=exam, name=data["topic"]["name"])
        return data


class PartAdmin(serializers.ModelSerializer):
    points = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, coerce_to_string=False
    )
    answer = serializers.JSONField(
        required=False,
        help_text="The key, as in docs/exam-format.md: numeric {value, tolerance}, expression "
        "{expected, variables, ...}, text {rubric}; empty for a choice part. A numeric or "
        "expression key may keep test cases, `tests`: [{answer, verdict}], re-run on save.",
    )

    class Meta:
        model = Part
        fields = [
            "id",
            "question",
            "label",
            "position",
            "kind",
            "points",
            "prompt",
            "answer",
            "retired",
            *NULLIFIED,
        ]
        read_only_fields = NULLIFIED

    def validate(self, attrs: dict) -> dict:
        if (
            self.instance
            and attrs.get("question", self.instance.question) != self.instance.question
        ):
            raise serializers.ValidationError({"question": "A part stays in its question."})
        model_clean(Part, self.instance, attrs)
        return attrs


class OptionAdmin(serializers.ModelSerializer):
    part = serializers.PrimaryKeyRelatedField(
        queryset=Part.objects.filter(kind=Part.Kind.CHOICE), help_text="A choice part's id."
    )

    class Meta:
        model = Option
        fields = ["id", "part", "position", "text", "correct", "feedback", "retired"]

    def validate(self, attrs: dict) -> dict:
        part = attrs.get("part", self.instance and self.instance.part)
        if self.instance and part != self.instance.part:
            raise serializers.ValidationError({"part": "An option stays in its part."})
        option = Option(**{**model_fields(self.instance), **attrs})
        others = [o for o in part.options.all() if o.pk is None or o.pk != option.pk]
        try:
            # Built one option at a time: at most one correct until the part is complete.
            part.check_options([*others, option], complete=False)
        except BankError as problem:
            raise serializers.ValidationError({"correct": str(problem)}) from problem
        return attrs


class ReviewIn(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Counts over the automatic grade; null withdraws the marking.",
    )
    feedback = serializers.CharField(allow_blank=True, required=False, default="")


def refuse_if(in_use: bool) -> None:
    if in_use:
        raise Conflict("Students' attempts use this; retire it instead (`retired: true`).")


def model_fields(instance: object | None) -> dict:
    if instance is None:
        return {}
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def model_clean(model: type, instance: object | None, attrs: dict) -> None:
    """The model's own rules (Model.clean, as the admin applies them) on the data as it
    would be saved, reported as the API's validation errors."""
    candidate = model(**{**model_fields(instance), **attrs})
    try:
        candidate.clean()
    except DjangoValidationError as problem:
        raise serializers.ValidationError(problem.message_dict) from problem


class ExamsAdmin(QuizApi, generics.ListCreateAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = ExamAdmin
    queryset = Exam.objects.all()


@extend_schema_view(delete=extend_schema(responses={204: None, 409: IN_USE}))
class ExamAdminDetail(QuizApi, generics.RetrieveUpdateDestroyAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = ExamAdmin
    queryset = Exam.objects.all()
    lookup_field = "slug"

    def perform_destroy(self, exam: Exam) -> None:
        refuse_if(exam.attempts.exists())
        # Topics protect their questions: delete the questions first, then the rest.
        exam.questions.all().delete()
        exam.delete()


@extend_schema_view(get=extend_schema(parameters=[QuestionFilters]))
class QuestionsAdmin(QuizApi, generics.ListCreateAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = QuestionAdmin

    def get_queryset(self) -> QuerySet[Question]:
        questions = Question.objects.select_related("exam", "topic").prefetch_related("parts")
        return QuestionFilters.apply(questions, self.request)


@extend_schema_view(delete=extend_schema(responses={204: None, 409: IN_USE}))
class QuestionAdminDetail(QuizApi, generics.RetrieveUpdateDestroyAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = QuestionAdmin
    queryset = Question.objects.select_related("exam", "topic")

    def perform_destroy(self, question: Question) -> None:
        refuse_if(question.in_use)
        question.delete()


@extend_schema_view(get=extend_schema(parameters=[PartFilters]))
class PartsAdmin(QuizApi, generics.ListCreateAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = PartAdmin

    def get_queryset(self) -> QuerySet[Part]:
        return PartFilters.apply(Part.objects.all(), self.request)


@extend_schema_view(delete=extend_schema(responses={204: None, 409: IN_USE}))
class PartAdminDetail(QuizApi, generics.RetrieveUpdateDestroyAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = PartAdmin
    queryset = Part.objects.all()

    def perform_destroy(self, part: Part) -> None:
        refuse_if(part.in_use)
        part.delete()


@extend_schema_view(get=extend_schema(parameters=[OptionFilters]))
class OptionsAdmin(QuizApi, generics.ListCreateAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = OptionAdmin

    def get_queryset(self) -> QuerySet[Option]:
        return OptionFilters.apply(Option.objects.all(), self.request)


@extend_schema_view(delete=extend_schema(responses={204: None, 409: IN_USE}))
class OptionAdminDetail(QuizApi, generics.RetrieveUpdateDestroyAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = OptionAdmin
    queryset = Option.objects.all()

    def perform_destroy(self, option: Option) -> None:
        refuse_if(option.in_use)
        option.delete()


@extend_schema_view(get=extend_schema(parameters=[StudentAttemptFilters]))
class AttemptsAdmin(QuizApi, generics.ListAPIView):
    permission_classes = INSTRUCTORS_ONLY
    serializer_class = StudentAttemptOut

    def get_queryset(self) -> QuerySet[Attempt]:
        attempts = Attempt.objects.select_related("exam", "topic", "student")
        return StudentAttemptFilters.apply(attempts, self.request)


class AttemptAdminDetail(QuizApi, APIView):
    permission_classes = INSTRUCTORS_ONLY

    @extend_schema(responses=StudentAttemptDetailOut)
    def get(self, request: Request, attempt_id: int) -> Response:
        attempt = attempt_close_if_overdue(attempt=get_object_or_404(Attempt, pk=attempt_id))
        context = {"request": request, "reveal_all": True}
        return Response(StudentAttemptDetailOut(attempt, context=context).data)


class ReviewAnswer(QuizApi, APIView):
    permission_classes = INSTRUCTORS_ONLY

    @extend_schema(request=ReviewIn, responses={200: PartOut, 422: error("Score out of range.")})
    def post(self, request: Request, attempt_id: int, part_id: int) -> Response:
        attempt = get_object_or_404(Attempt, pk=attempt_id)
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        response_review(
            response=response_get(attempt=attempt, part_id=part_id),
            reviewer=request.user,
            score=data.validated_data["score"],
            feedback=data.validated_data["feedback"],
        )
        return Response(
            PartOut(
                attempt_shown_part(attempt=attempt, part_id=part_id), context={"reveal_all": True}
            ).data
        )


class MarkingFilters(serializers.Serializer):
    exam = serializers.SlugField(required=False, allow_blank=True, help_text="An exam's slug.")
    question = serializers.IntegerField(
        required=False, min_value=1, max_value=10_000, help_text="A question's number."
    )
    student = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="A student's username."
    )


class MarkingItemOut(serializers.ModelSerializer):
    attempt = serializers.IntegerField(source="attempt_id")
    part = serializers.IntegerField(source="part_id")
    exam = serializers.SlugField(source="attempt.exam.slug")
    question = serializers.IntegerField(source="part.question.number")
    label = serializers.CharField(source="part.label")
    student = serializers.CharField(source="attempt.student.username")
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at")
    max_score = serializers.DecimalField(
        source="part.points", max_digits=5, decimal_places=2, coerce_to_string=False
    )
    rubric = serializers.CharField(source="part.rubric")

    class Meta:
        model = Answer
        fields = [
            "id",
            "attempt",
            "part",
            "exam",
            "question",
            "label",
            "student",
            "submitted_at",
            "status",
            "answer",
            "max_score",
            "rubric",
        ]


@extend_schema_view(get=extend_schema(parameters=[MarkingFilters]))
class MarkingQueue(QuizApi, generics.ListAPIView):
    """The exam answers awaiting an instructor, the longest waiting first (students'
    practice self-marks apart). Mark one with its attempt's `review/` endpoint."""

    permission_classes = INSTRUCTORS_ONLY
    serializer_class = MarkingItemOut

    def get_queryset(self) -> QuerySet[Answer]:
        filters = MarkingFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return response_marking_queue(**filters.validated_data)
