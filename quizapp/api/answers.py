"""Answering one part: saving (and in practice, grading at once), polling, the student's own
marking of a written answer, and the live preview of how an answer is read."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizapp.api.base import QuizApi
from quizapp.api.schema import error
from quizapp.api.serializers import CLIENT_STATUSES, STATUS_HELP, PartOut
from quizapp.models import Part
from quizapp.services import answer_read, answer_save, answer_save_own, response_self_mark
from quizapp.services.selectors import attempt_get_for_student, attempt_shown_part, response_get


class AnswerIn(serializers.Serializer):
    answer = serializers.CharField(
        allow_blank=True,
        help_text="The answer as typed; for a choice part, the chosen option's id. Blank "
        "clears it.",
    )
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The `revision` last read: an answer changed since (another tab) is 409.",
    )
    sure = serializers.BooleanField(
        required=False,
        help_text="Practice: the student is sure of it; for spaced repetition, a right sure "
        "answer rates Easy.",
    )


class SavedOut(serializers.Serializer):
    """The acknowledgement a client asks for with `Prefer: return=minimal` (RFC 7240)."""

    id = serializers.IntegerField(source="part_id")
    revision = serializers.IntegerField(
        help_text="Send it back with the next PUT: an older revision is refused with 409."
    )
    saved_at = serializers.DateTimeField()
    status = serializers.ChoiceField(
        choices=CLIENT_STATUSES, source="client_status", help_text=STATUS_HELP
    )
    error = serializers.CharField(
        source="feedback",
        required=False,
        help_text="Only when `status` is `invalid`: why the answer cannot be read.",
    )

    def to_representation(self, response) -> dict:
        data = super().to_representation(response)
        if response.status != response.Status.INVALID:
            del data["error"]
        return data


MINIMAL = "return=minimal"


def _prefers_minimal(request: Request) -> bool:
    preferences = request.headers.get("Prefer", "")
    return MINIMAL in (p.strip().lower() for p in preferences.split(","))


class SelfAssessmentIn(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        help_text="Between 0 and the part's points.",
    )


class ValidateIn(serializers.Serializer):
    part_id = serializers.PrimaryKeyRelatedField(queryset=Part.objects.filter(retired=False))
    answer = serializers.CharField(allow_blank=True)


class ValidateOut(serializers.Serializer):
    latex = serializers.CharField(help_text="The answer as read, in LaTeX (for KaTeX).")
    canonical = serializers.CharField(help_text="The answer as read, in calculator syntax.")
    error = serializers.CharField(allow_null=True, help_text="Why it cannot be read; or null.")
    notes = serializers.ListField(child=serializers.CharField())


class PartAnswer(QuizApi, APIView):
    @extend_schema(
        responses=PartOut,
        description="Poll here after a practice answer until `status` is no longer `pending`.",
    )
    def get(self, request: Request, attempt_id: int, part_id: int) -> Response:
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        return Response(PartOut(attempt_shown_part(attempt=attempt, part_id=part_id)).data)

    @extend_schema(
        request=AnswerIn,
        parameters=[
            OpenApiParameter(
                "Prefer",
                str,
                OpenApiParameter.HEADER,
                description="`return=minimal`: the reply is only the saved state (`SavedOut`: "
                "id, revision, saved_at, status, error), not the whole part; an autosave needs "
                "no more, and it costs the server about half as much.",
            )
        ],
        responses={
            200: OpenApiResponse(
                PartOut, description="The part (`SavedOut` with `Prefer: return=minimal`)."
            ),
            409: error(
                "The attempt is submitted or past its deadline, the answer changed in "
                "another tab since `revision`, or (practice) the part was already "
                "checked and its solution shown."
            ),
            422: error("The answer cannot be read: the grading engine's message."),
        },
        description="Save the answer. Practice: it is queued for grading at once (`pending`; "
        "poll with GET) and is then final for this try (the question's `try-again/` starts "
        "another). Exam: saved only, graded on submit.",
    )
    def put(self, request: Request, attempt_id: int, part_id: int) -> Response:
        data = AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answer = {
            "part_id": part_id,
            "answer": data.validated_data["answer"],
            "revision": data.validated_data.get("revision"),
            "grade_now": True,
            "sure": data.validated_data.get("sure"),
        }
        if _prefers_minimal(request):
            saved = answer_save_own(student=request.user, attempt_id=attempt_id, **answer)
            return Response(SavedOut(saved).data, headers={"Preference-Applied": MINIMAL})
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        saved = answer_save(attempt=attempt, **answer)
        shown = attempt_shown_part(attempt=attempt, part_id=part_id, part=saved.part)
        return Response(PartOut(shown).data)


class SelfAssessment(QuizApi, APIView):
    @extend_schema(
        request=SelfAssessmentIn,
        responses={
            200: PartOut,
            403: error("Not a written part of a practice attempt."),
            409: error("The solution is not shown yet: save (check) the answer first."),
            422: error("The score is out of range."),
        },
    )
    def post(self, request: Request, attempt_id: int, part_id: int) -> Response:
        attempt = attempt_get_for_student(student=request.user, attempt_id=attempt_id)
        response = response_get(attempt=attempt, part_id=part_id)
        data = SelfAssessmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        response_self_mark(response=response, score=data.validated_data["score"])
        return Response(PartOut(attempt_shown_part(attempt=attempt, part_id=part_id)).data)


class ValidateAnswer(QuizApi, APIView):
    @extend_schema(request=ValidateIn, responses=ValidateOut)
    def post(self, request: Request) -> Response:
        data = ValidateIn(data=request.data)
        data.is_valid(raise_exception=True)
        reading = answer_read(
            part=data.validated_data["part_id"], text=data.validated_data["answer"]
        )
        return Response(ValidateOut(reading).data)
