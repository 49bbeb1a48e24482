"""The exams a student can attempt, and starting an attempt."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.schema import error
from quizapp.api.serializers import AttemptDetailOut, points_field
from quizapp.api.throttles import AttemptStartThrottle, WriteRateThrottle
from quizapp.models import Attempt, Exam, Topic
from quizapp.services import attempt_start
from quizapp.services.selectors import exam_list, topic_list


class ExamOut(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    max_points = points_field(read_only=True)

    class Meta:
        model = Exam
        fields = [
            "slug",
            "title",
            "course",
            "date",
            "duration_minutes",
            "question_count",
            "max_points",
        ]


class TopicOut(serializers.Serializer):
    name = serializers.CharField()
    question_count = serializers.IntegerField()


class ExamDetailOut(ExamOut):
    topics = serializers.SerializerMethodField(
        help_text="What a practice attempt can be limited to (`topic` when starting one)."
    )

    class Meta(ExamOut.Meta):
        fields = [*ExamOut.Meta.fields, "instructions", "topics"]

    @extend_schema_field(TopicOut(many=True))
    def get_topics(self, exam: Exam) -> list[dict]:
        return TopicOut(topic_list(exam=exam), many=True).data


class AttemptStartIn(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=Attempt.Mode.choices,
        help_text="`practice`: check each answer as you go; `exam`: timed, graded on submit.",
    )
    topic = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A topic's name from the exam's `topics`: only its questions.",
    )

    def validate_topic(self, name: str) -> Topic | None:
        if not name:
            return None
        topic = topic_list(exam=self.context["exam"]).filter(name=name).first()
        if topic is None:
            raise serializers.ValidationError("This exam has no topic by that name.")
        return topic


class ExamList(QuizApi, generics.ListAPIView):
    serializer_class = ExamOut

    def get_queryset(self) -> QuerySet[Exam]:
        return exam_list()


class ExamDetail(QuizApi, generics.RetrieveAPIView):
    serializer_class = ExamDetailOut
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Exam]:
        return exam_list()


class AttemptStart(QuizApi, APIView):
    throttle_classes = [WriteRateThrottle, AttemptStartThrottle]

    @extend_schema(
        request=AttemptStartIn,
        responses={
            201: AttemptDetailOut,
            422: error("Nothing to attempt here (e.g. a topic without questions in use)."),
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        exam = get_object_or_404(exam_list(), slug=slug)
        data = AttemptStartIn(data=request.data, context={"exam": exam})
        data.is_valid(raise_exception=True)
        attempt = attempt_start(
            student=request.user,
            exam=exam,
            mode=data.validated_data["mode"],
            topic=data.validated_data.get("topic"),
        )
        return Response(
            AttemptDetailOut(attempt, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
