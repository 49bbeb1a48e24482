"""For instructors only: editing the bank (exams, questions, parts, options), reading every
student's attempts with everything shown, and marking answers.

A question, part or option that students' attempts use is not deleted (409): their answers
point at it. Retire it instead (`retired: true`), as reloading the exam file does.
"""

from pathlib import Path

from django.conf import settings
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
from quizapp.api.serializers import (
    PartOut,
    StudentAttemptDetailOut,
    StudentAttemptOut,
    shown_part,
)
from quizapp.bank.loader import check_reference_expression
from quizapp.bank.schema import RECONSTRUCTABLE, BankError, check_part
from quizapp.models import Attempt, Exam, Option, Part, Question, Topic
from quizapp.models import Response as PartResponse
from quizapp.services import attempt_close_if_overdue, record_review
from quizapp.services.selectors import response_of

INSTRUCTORS_ONLY = [IsAuthenticated, IsInstructor]
IN_USE = error("Students' attempts use it: retire it instead (`retired: true`).")


class ExamAdmin(serializers.ModelSerializer):
    class Meta:
        model = Exam
        fields = ["id", "slug", "title", "course", "date", "duration_minutes", "instructions",
                  "updated_at"]


class QuestionAdmin(serializers.ModelSerializer):
    exam = serializers.SlugRelatedField(slug_field="slug", queryset=Exam.objects.all())
    topic = serializers.CharField(source="topic.name", max_length=200)
    reconstructed = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(RECONSTRUCTABLE)), required=False
    )
    points = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False,
                                      read_only=True)

    class Meta:
        model = Question
        fields = ["id", "exam", "number", "topic", "kind", "prompt", "figure", "solution",
                  "reconstructed", "retired", "points"]

    def validate_figure(self, figure: str) -> str:
        # Checked like the exam file's: a missing figure would break the static manifest.
        if figure and (
            not figure.startswith("figures/")
            or ".." in figure
            or not (Path(settings.FIXTURES_DIR) / figure).is_file()
        ):
            raise serializers.ValidationError("Expected an existing file under figures/.")
        return figure

    def validate(self, attrs: dict) -> dict:
        if self.instance and attrs.get("exam", self.instance.exam) != self.instance.exam:
            raise serializers.ValidationError({"exam": "A question stays in its exam."})
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
    points = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0,
                                      coerce_to_string=False)
    answer = serializers.JSONField(
        required=False,
        help_text="The key, as in docs/exam-format.md: numeric {value, tolerance}, expression "
        "{expected, variables, ...}, text {rubric}; empty for a choice part.",
    )

    class Meta:
        model = Part
        fields = ["id", "question", "label", "position", "kind", "points", "prompt", "answer",
                  "retired"]

    def validate(self, attrs: dict) -> dict:
        def current(name: str, default=None):
            return attrs.get(name, getattr(self.instance, name, default))

        if self.instance and current("question") != self.instance.question:
            raise serializers.ValidationError({"question": "A part stays in its question."})
        kind, answer = current("kind"), current("answer", {}) or {}
        if kind == Part.Kind.CHOICE:
            if answer:
                raise serializers.ValidationError(
                    {"answer": "A choice part is keyed by its options' `correct`."}
                )
            return attrs
        entry = {"label": current("label", ""), "kind": kind,
                 "points": str(current("points")), "answer": answer}
        try:
            check_part(entry, "part", check_reference_expression)
        except BankError as problem:
            raise serializers.ValidationError({"answer": str(problem)}) from problem
        return attrs


class OptionAdmin(serializers.ModelSerializer):
    part = serializers.PrimaryKeyRelatedField(
        queryset=Part.objects.filter(kind=Part.Kind.CHOICE), help_text="A choice part's id."
    )

    class Meta:
        model = Option
        fields = ["id", "part", "position", "text", "correct", "feedback"]

    def validate(self, attrs: dict) -> dict:
        if self.instance and attrs.get("part", self.instance.part) != self.instance.part:
            raise serializers.ValidationError({"part": "An option stays in its part."})
        return attrs


class ReviewIn(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True,
        help_text="Counts over the automatic grade; null withdraws the marking.",
    )
    feedback = serializers.CharField(allow_blank=True, required=False, default="")


def refuse_if(in_use: bool) -> None:
    if in_use:
        raise Conflict("Students' attempts use this; retire it instead (`retired: true`).")


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
        refuse_if(PartResponse.objects.filter(part__question=question).exists())
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
        refuse_if(part.responses.exists())
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
        refuse_if(PartResponse.objects.filter(part=option.part_id, answer=str(option.pk)).exists())
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
        attempt = attempt_close_if_overdue(get_object_or_404(Attempt, pk=attempt_id))
        context = {"request": request, "reveal_all": True}
        return Response(StudentAttemptDetailOut(attempt, context=context).data)


class ReviewAnswer(QuizApi, APIView):
    permission_classes = INSTRUCTORS_ONLY

    @extend_schema(request=ReviewIn, responses={200: PartOut, 422: error("Score out of range.")})
    def post(self, request: Request, attempt_id: int, part_id: int) -> Response:
        attempt = get_object_or_404(Attempt, pk=attempt_id)
        data = ReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        record_review(
            response=response_of(attempt, part_id),
            reviewer=request.user,
            score=data.validated_data["score"],
            feedback=data.validated_data["feedback"],
        )
        return Response(PartOut(shown_part(attempt, part_id), context={"reveal_all": True}).data)
