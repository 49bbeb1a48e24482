"""A student's progress: per exam and per topic, attempts, points earned and maximum."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.serializers import points_field
from quizapp.services.selectors import exam_progress_list


class TopicProgressOut(serializers.Serializer):
    topic = serializers.CharField()
    attempts = serializers.IntegerField(help_text="Attempts in which a part of it was answered.")
    score = points_field()
    max_score = points_field()
    share = serializers.FloatField(
        help_text="score / max_score over the parts answered, 0 when none is graded yet."
    )
    parts_answered = serializers.IntegerField(help_text="Distinct parts of it answered.")
    parts_total = serializers.IntegerField(help_text="Its parts in use.")
    tried = serializers.BooleanField(help_text="Whether any part of it was answered.")
    first_score = points_field()
    first_max_score = points_field()
    first_share = serializers.FloatField(
        help_text="As share, over each part's first try only (score and share are over the "
        "latest try: practice's try-again keeps every try)."
    )


class ExamProgressOut(serializers.Serializer):
    exam = serializers.SlugField(source="exam.slug")
    title = serializers.CharField(source="exam.title")
    attempts = serializers.IntegerField()
    score = points_field()
    max_score = points_field()
    topics = TopicProgressOut(many=True)


class ProgressOut(serializers.Serializer):
    exams = ExamProgressOut(
        many=True,
        help_text="Only answers given and graded count: a blank part, or one still waiting "
        "for marking, neither helps nor hurts. Every topic in use is listed, tried or not.",
    )


class MyProgress(QuizApi, APIView):
    @extend_schema(responses=ProgressOut)
    def get(self, request: Request) -> Response:
        progress = exam_progress_list(student=request.user)
        return Response(ProgressOut({"exams": progress}).data)
