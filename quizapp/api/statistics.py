"""Item analysis for instructors: `GET /api/instructor/exams/{slug}/statistics/`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.permissions import IsInstructor
from quizapp.models import Exam
from quizapp.services.statistics import exam_item_analysis


class OptionCountOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    chosen = serializers.IntegerField(help_text="How many submitted exam attempts chose it.")


class WrongAnswerOut(serializers.Serializer):
    answer = serializers.CharField(help_text="The group's most frequent answer, as read.")
    count = serializers.IntegerField(help_text="Answers equivalent to it (the engine decides).")
    mistake = serializers.IntegerField(
        allow_null=True, help_text="The index of the mistake rule that caught it, if any."
    )


class PartStatisticsOut(serializers.Serializer):
    question = serializers.IntegerField()
    label = serializers.CharField(allow_blank=True)
    kind = serializers.CharField()
    responses = serializers.IntegerField(help_text="Scored answers in submitted exam attempts.")
    facility = serializers.FloatField(allow_null=True, help_text="Mean score over the maximum.")
    discrimination = serializers.FloatField(
        allow_null=True, help_text="Correlation with the rest of the exam."
    )
    sd = serializers.FloatField(allow_null=True)
    options = OptionCountOut(many=True)
    wrong_answers = WrongAnswerOut(many=True)


class ExamStatisticsOut(serializers.Serializer):
    exam = serializers.SlugField()
    attempts = serializers.IntegerField(help_text="Submitted exam attempts.")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    alpha = serializers.FloatField(allow_null=True, help_text="Cronbach's alpha over the parts.")
    parts = PartStatisticsOut(many=True)


class ExamStatistics(QuizApi, APIView):
    permission_classes = [IsAuthenticated, IsInstructor]

    @extend_schema(responses=ExamStatisticsOut)
    def get(self, request: Request, slug: str) -> Response:
        exam = get_object_or_404(Exam, slug=slug)
        return Response(ExamStatisticsOut(exam_item_analysis(exam=exam)).data)
