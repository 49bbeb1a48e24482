"""A student's progress: per exam and per topic, attempts, points earned and maximum."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.serializers import points_field
from quizapp.models import Exam
from quizapp.services.selectors import attempts_of, student_progress


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
        exams = []
        for exam in Exam.objects.all():
            topics = student_progress(request.user, exam)
            exams.append({
                "exam": exam,
                "attempts": attempts_of(request.user).filter(exam=exam).count(),
                "score": sum((t.score for t in topics), Decimal(0)),
                "max_score": sum((t.max_score for t in topics), Decimal(0)),
                "topics": topics,
            })
        return Response(ProgressOut({"exams": exams}).data)
