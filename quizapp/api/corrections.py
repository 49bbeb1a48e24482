"""For instructors: correcting after the fact. Nullify a question or part (it counts for
nobody) or restore it; regrade a part after its key was corrected: the dry run, the run on a
worker, its progress and its record of every score it changed."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.instructor import INSTRUCTORS_ONLY
from quizapp.api.schema import error
from quizapp.api.serializers import points_field
from quizapp.models import Part, Question, Regrade, RegradeChange
from quizapp.services import nullifying
from quizapp.services.regrading import (
    RegradeSummary,
    regrade_preview,
    regrade_start,
    regrade_summary,
)

ALREADY = error("Already nullified (nullify), or not nullified (unnullify).")
NO_REASON = error("The reason is blank or too long.")
HAND_MARKED = error("A written part is marked by hand: there is nothing to regrade.")


class NullifyIn(serializers.Serializer):
    reason = serializers.CharField(
        max_length=nullifying.REASON_MAX, help_text="Why: students read it beside the question."
    )


class NullifiedOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    nullified = serializers.BooleanField()
    nullified_at = serializers.DateTimeField(allow_null=True)
    nullified_by = serializers.CharField(source="nullified_by.username", allow_null=True)
    nullified_reason = serializers.CharField(allow_blank=True)


class _Nullify(QuizApi, APIView):
    """POST nullifies the question or part, with a reason: it counts for nobody."""

    permission_classes = INSTRUCTORS_ONLY
    model: type[Question | Part]

    @extend_schema(request=NullifyIn, responses={200: NullifiedOut, 409: ALREADY, 422: NO_REASON})
    def post(self, request: Request, pk: int) -> Response:
        item = get_object_or_404(self.model, pk=pk)
        data = NullifyIn(data=request.data)
        data.is_valid(raise_exception=True)
        name = self.model._meta.model_name
        service = getattr(nullifying, f"{name}_nullify")
        service(**{name: item}, by=request.user, reason=data.validated_data["reason"])
        return Response(NullifiedOut(item).data)


class _Unnullify(QuizApi, APIView):
    """POST restores the question or part: it counts again, with the scores students had."""

    permission_classes = INSTRUCTORS_ONLY
    model: type[Question | Part]

    @extend_schema(request=None, responses={200: NullifiedOut, 409: ALREADY})
    def post(self, request: Request, pk: int) -> Response:
        item = get_object_or_404(self.model, pk=pk)
        name = self.model._meta.model_name
        getattr(nullifying, f"{name}_restore")(**{name: item})
        return Response(NullifiedOut(item).data)


class QuestionNullify(_Nullify):
    model = Question


class QuestionUnnullify(_Unnullify):
    model = Question


class PartNullify(_Nullify):
    model = Part


class PartUnnullify(_Unnullify):
    model = Part


# (model name, action, view): routed as /api/instructor/{model}s/{id}/{action}/.
NULLIFY_VIEWS = [
    (view.model._meta.model_name, action, view)
    for action, views in [
        ("nullify", [QuestionNullify, PartNullify]),
        ("unnullify", [QuestionUnnullify, PartUnnullify]),
    ]
    for view in views
]


class ChangeOut(serializers.ModelSerializer):
    response = serializers.IntegerField(source="response_id")
    attempt = serializers.IntegerField(source="response.attempt_id")
    student = serializers.CharField(source="response.attempt.student.username")
    old_score = points_field(allow_null=True)
    new_score = points_field(allow_null=True)

    class Meta:
        model = RegradeChange
        fields = [
            "response",
            "attempt",
            "student",
            "old_status",
            "old_score",
            "old_correct",
            "new_status",
            "new_score",
            "new_correct",
        ]


class SummaryOut(serializers.Serializer):
    part = serializers.IntegerField(source="part.pk")
    checked = serializers.IntegerField(help_text="Answers graded again.")
    changed = serializers.IntegerField(help_text="Scores that change.")
    up = serializers.IntegerField()
    down = serializers.IntegerField()
    points_change = points_field(help_text="Gained in all (negative: lost).")
    changes = ChangeOut(many=True)


class RegradeOut(serializers.ModelSerializer):
    started_by = serializers.CharField(source="started_by.username", allow_null=True)
    summary = serializers.SerializerMethodField(help_text="What it changed so far.")

    class Meta:
        model = Regrade
        fields = [
            "id",
            "part",
            "status",
            "started_by",
            "started_at",
            "finished_at",
            "total",
            "done",
            "summary",
        ]

    @extend_schema(responses=SummaryOut)
    def get_summary(self, regrade: Regrade) -> dict:
        return SummaryOut(regrade_summary(regrade=regrade)).data


class PartRegrade(QuizApi, APIView):
    """GET: the dry run, saving nothing. POST: start the run on a worker (or resume the
    part's unfinished one); poll `/api/instructor/regrades/{regrade_id}/`."""

    permission_classes = INSTRUCTORS_ONLY

    @extend_schema(responses={200: SummaryOut, 403: HAND_MARKED})
    def get(self, request: Request, pk: int) -> Response:
        summary: RegradeSummary = regrade_preview(part=get_object_or_404(Part, pk=pk))
        return Response(SummaryOut(summary).data)

    @extend_schema(request=None, responses={202: RegradeOut, 403: HAND_MARKED})
    def post(self, request: Request, pk: int) -> Response:
        regrade = regrade_start(part=get_object_or_404(Part, pk=pk), by=request.user)
        return Response(RegradeOut(regrade).data, status=status.HTTP_202_ACCEPTED)


class RegradeDetail(QuizApi, APIView):
    """A run's progress (`done` of `total`, `status`) and every score it changed."""

    permission_classes = INSTRUCTORS_ONLY

    @extend_schema(responses=RegradeOut)
    def get(self, request: Request, regrade_id: int) -> Response:
        regrade = get_object_or_404(
            Regrade.objects.select_related("part", "started_by"), pk=regrade_id
        )
        return Response(RegradeOut(regrade).data)
