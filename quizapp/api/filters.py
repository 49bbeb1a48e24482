"""Query-string filters of the lists, checked like bodies: a malformed value is a 400 with
field errors, never a database error."""

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.request import Request

from quizapp.models import Attempt


class Filters(serializers.Serializer):
    """Each field filters on the lookup of the same name in `lookups`; blank means any."""

    lookups: dict[str, str] = {}

    @classmethod
    def apply(cls, queryset: QuerySet, request: Request) -> QuerySet:
        filters = cls(data=request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = {
            name: value for name, value in filters.validated_data.items() if value not in ("", None)
        }
        return queryset.filter(**{cls.lookups[name]: value for name, value in chosen.items()})


class AttemptFilters(Filters):
    lookups = {"exam": "exam__slug", "mode": "mode", "status": "status"}

    exam = serializers.SlugField(
        required=False, allow_blank=True, help_text="Only attempts at this exam (its slug)."
    )
    mode = serializers.ChoiceField(choices=Attempt.Mode.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=Attempt.Status.choices, required=False, allow_blank=True
    )


class StudentAttemptFilters(AttemptFilters):
    lookups = {**AttemptFilters.lookups, "student": "student__username"}

    student = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text="Only this student's (username).",
    )


class QuestionFilters(Filters):
    lookups = {"exam": "exam__slug"}

    exam = serializers.SlugField(
        required=False, allow_blank=True, help_text="Only this exam's questions (its slug)."
    )


class PartFilters(Filters):
    lookups = {"question": "question_id"}

    question = serializers.IntegerField(
        required=False, allow_null=True, help_text="Only this question's parts."
    )


class OptionFilters(Filters):
    lookups = {"part": "part_id"}

    part = serializers.IntegerField(
        required=False, allow_null=True, help_text="Only this part's options."
    )
