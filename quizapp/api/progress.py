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
    attempts = serializers.IntegerField()
    score = points_field()
    max_score = points_field()
    share = serializers.FloatField(help_text="score / max_score, 0 when nothing is graded.")


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
        help_text="Only graded answers count: one still waiting for marking neither helps nor "
        "hurts.",
    )


class MyProgress(QuizApi, APIView):
    @extend_schema(responses=ProgressOut)
    def get(self, request: Request) -> Response:
        progress = exam_progress_list(student=request.user)
        return Response(ProgressOut({"exams": progress}).data)
