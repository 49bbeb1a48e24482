"""The exam's item analysis in the admin: a page with bar charts and a CSV download, over
`quizapp.services.statistics` (the API's figures, the same function)."""

import csv

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from quizapp.models import Part
from quizapp.services.authoring import part_add_mistake
from quizapp.services.errors import InvalidInput
from quizapp.services.statistics import exam_item_analysis

CSV_COLUMNS = ["question", "label", "kind", "responses", "facility", "discrimination", "sd"]


class ExamStatisticsAdmin:
    """Mixed into ExamAdmin."""

    change_form_template = "admin/quizapp/exam/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/statistics/",
                view(self.statistics_view),
                name="quizapp_exam_statistics",
            ),
            path(
                "<path:object_id>/statistics.csv",
                view(self.statistics_csv),
                name="quizapp_exam_statistics_csv",
            ),
            path(
                "<path:object_id>/statistics/parts/<int:part_id>/mistakes/",
                view(require_POST(self.add_mistake_view)),
                name="quizapp_exam_add_mistake",
            ),
            *super().get_urls(),
        ]

    def _analysis(self, request: HttpRequest, object_id: str) -> tuple:
        exam = self.get_object(request, unquote(object_id))
        if exam is None:
            raise Http404("No such exam.")
        if not self.has_view_permission(request, exam):
            raise PermissionDenied
        return exam, exam_item_analysis(exam=exam)

    def statistics_view(
        self, request: HttpRequest, object_id: str, refused: dict | None = None
    ) -> HttpResponse:
        exam, analysis = self._analysis(request, object_id)
        for part in analysis["parts"]:
            most = max([o["chosen"] for o in part["options"]] or [0]) or 1
            for option in part["options"]:
                option["width"] = round(100 * option["chosen"] / most)
            part["facility_width"] = round(100 * (part["facility"] or 0))
            # Discrimination runs from -1 to 1: a bar from the middle.
            part["discrimination_width"] = round(50 * abs(part["discrimination"] or 0))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": exam,
            "title": f"Item analysis: {exam.title}",
            "analysis": analysis,
            "can_add_mistakes": _may_change_parts(request),
            "refused": refused,
        }
        return TemplateResponse(
            request,
            "admin/quizapp/exam/statistics.html",
            context,
            status=422 if refused else 200,
        )

    def add_mistake_view(self, request: HttpRequest, object_id: str, part_id: int) -> HttpResponse:
        """A wrong answer of the item analysis added to its part's mistake rules, with the
        feedback typed beside it (the key's rule applies: nothing is saved if it refuses)."""
        if not _may_change_parts(request):
            raise PermissionDenied
        exam, _ = self._analysis(request, object_id)
        part = Part.objects.filter(pk=part_id, question__exam=exam).first()
        if part is None:
            raise Http404("No such part in this exam.")
        answer = request.POST.get("answer", "")
        try:
            part_add_mistake(part=part, answer=answer, feedback=request.POST.get("feedback", ""))
        except InvalidInput as problem:
            refused = {"part": part.pk, "answer": answer, "message": problem.message}
            return self.statistics_view(request, object_id, refused=refused)
        messages.success(request, f"{part}: `{answer}` is now a mistake rule.")
        url = reverse("admin:quizapp_exam_statistics", args=[exam.pk])
        return HttpResponseRedirect(f"{url}#part-{part.pk}")

    def statistics_csv(self, request: HttpRequest, object_id: str) -> HttpResponse:
        exam, analysis = self._analysis(request, object_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exam.slug}-statistics.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for part in analysis["parts"]:
            writer.writerow(["" if part[name] is None else part[name] for name in CSV_COLUMNS])
        return response


def _may_change_parts(request: HttpRequest) -> bool:
    return request.user.has_perm(f"quizapp.{get_permission_codename('change', Part._meta)}")
