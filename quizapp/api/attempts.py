"""A student's own attempts: the list, one attempt with its questions, and submitting it.

Another student's attempt is a 404 (selectors.attempt_get_for_student). Every read first
lets the server close an exam attempt whose time is up, so a client never sees an open
attempt past its deadline.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.filters import AttemptFilters
from quizapp.api.schema import error
from quizapp.api.serializers import AttemptDetailOut, AttemptOut
from quizapp.models import Attempt
from quizapp.services import attempt_submit, question_try_again
from quizapp.services.selectors import attempt_close_overdue, attempt_get_for_student, attempt_list


class AttemptList(QuizApi, generics.ListAPIView):
    """Newest first, each with its totals, in a number of queries that does not grow with
    the number of attempts."""

    serializer_class = AttemptOut

    def get_queryset(self) -> QuerySet[Attempt]:
        return AttemptFilters.apply(attempt_list(student=self.request.user), self.request)

    @extend_schema(parameters=[AttemptFilters])
    def get(self, request: Request, *args, **kwargs) -> Response:
        attempt_close_overdue(student=request.user)
        return super().get(request, *args, **kwargs)


class AttemptDetail(QuizApi, APIView):
    @extend_schema(responses=AttemptDetailOut)
    def get(self, request: Request, attempt_id: int) -> Response:
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        return Response(AttemptDetailOut(attempt, context={"request": request}).data)


class AttemptSubmit(QuizApi, APIView):
    @extend_schema(
        request=None,
        responses={202: AttemptOut},
        description="Close the attempt and queue its answers for grading: `status` moves to "
        "`grading`, then `graded` (poll the attempt). Submitting again changes nothing.",
    )
    def post(self, request: Request, attempt_id: int) -> Response:
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        attempt_submit(attempt=attempt)
        # Grading may already have finished (eager Celery); the exam read with it is kept.
        attempt.refresh_from_db(fields=["status", "submitted_at"])
        return Response(AttemptOut(attempt).data, status=status.HTTP_202_ACCEPTED)


class QuestionTryAgain(QuizApi, APIView):
    @extend_schema(
        request=None,
        responses={
            200: AttemptDetailOut,
            403: error("Not a practice attempt."),
            404: error("No such question in this attempt."),
            409: error("A part is not checked or still grading, or the attempt is closed."),
        },
        description="Practice: the question starts a new try. Its parts become blank (the "
        "try that ends is kept for progress: first and latest tries are told apart), its "
        "options are reshuffled, and it moves a few questions later in `questions`, since "
        "its solution was just shown. Allowed once every part is checked (`can_try_again`).",
    )
    def post(self, request: Request, attempt_id: int, question_id: int) -> Response:
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        if question_id not in attempt.question_order:
            raise NotFound("No such question in this attempt.")
        attempt = question_try_again(attempt=attempt, question_id=question_id)
        return Response(AttemptDetailOut(attempt, context={"request": request}).data)
