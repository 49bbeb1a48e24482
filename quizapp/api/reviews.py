"""Spaced repetition through the API: the student's cards due before a time, and a review
session (a practice attempt holding the due parts, answered through the usual endpoints)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.schema import error
from quizapp.api.serializers import AttemptDetailOut
from quizapp.api.throttles import AttemptStartThrottle, WriteRateThrottle
from quizapp.models import ReviewCard
from quizapp.services.reviews import review_due_list, review_retrievability, review_session_start
from quizapp.services.selectors import exam_list


class DueFilter(serializers.Serializer):
    due_before = serializers.DateTimeField(
        required=False, help_text="ISO 8601; the cards due before it (default: now)."
    )


class ReviewCardOut(serializers.Serializer):
    part_id = serializers.IntegerField()
    question = serializers.IntegerField(source="part.question.number")
    exam = serializers.SlugField(source="part.question.exam.slug")
    due = serializers.DateTimeField()
    state = serializers.CharField(help_text="learning, review or relearning.")
    retrievability = serializers.FloatField(help_text="Predicted recall now, 0 to 1.")


class SessionIn(serializers.Serializer):
    exam = serializers.SlugField(
        required=False, help_text="Only this exam's due parts (default: the exam with most)."
    )


STATES = {1: "learning", 2: "review", 3: "relearning"}


def _shown(card: ReviewCard, now) -> dict:
    return {
        "part_id": card.part_id,
        "part": card.part,
        "due": card.due,
        "state": STATES.get(card.state.get("state"), "learning"),
        "retrievability": review_retrievability(card=card, at=now),
    }


class MyReviews(QuizApi, APIView):
    @extend_schema(parameters=[DueFilter], responses=ReviewCardOut(many=True))
    def get(self, request: Request) -> Response:
        query = DueFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        now = timezone.now()
        cards = review_due_list(
            student=request.user, before=query.validated_data.get("due_before", now)
        )
        return Response(ReviewCardOut([_shown(c, now) for c in cards], many=True).data)


class ReviewSession(QuizApi, APIView):
    throttle_classes = [WriteRateThrottle, AttemptStartThrottle]

    @extend_schema(
        request=SessionIn,
        responses={201: AttemptDetailOut, 404: error("No such exam."), 422: error("Nothing due.")},
        description="A practice attempt holding the parts due now, shuffled; answer them "
        "through the attempt's part endpoints: each graded answer reviews its card.",
    )
    def post(self, request: Request) -> Response:
        body = SessionIn(data=request.data)
        body.is_valid(raise_exception=True)
        exam = None
        if "exam" in body.validated_data:
            exam = exam_list().filter(slug=body.validated_data["exam"]).first()
            if exam is None:
                raise NotFound("No such exam.")
        attempt = review_session_start(student=request.user, exam=exam)
        return Response(
            AttemptDetailOut(attempt, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
