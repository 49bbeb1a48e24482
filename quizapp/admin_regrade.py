"""Nullifying and regrading in the admin: an action that nullifies the selected questions or
parts (with a reason) or restores them, a part's or a question's "Regrade" page (the dry
run, then the runs on a worker), and a run's progress and record, over quizapp.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from quizapp.models import Regrade, RegradeChange
from quizapp.services import nullifying
from quizapp.services.errors import QuizError
from quizapp.services.regrading import (
    regrade_parts,
    regrade_preview,
    regrade_start,
    regrade_summary,
)

NULLIFIED_FIELDS = ["nullified", "nullified_at", "nullified_by", "nullified_reason"]


class NullifyForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=nullifying.REASON_MAX,
        help_text="Students read it beside the question.",
    )


class NullifyActions:
    """Mixed into QuestionAdmin and PartAdmin: nullify (with a reason) and restore."""

    actions = ["nullify", "restore"]

    def _each(self, request: HttpRequest, items: QuerySet, action: str, **extra) -> None:
        name = self.model._meta.model_name
        service = getattr(nullifying, f"{name}_{action}")
        done = 0
        for item in items:
            try:
                service(**{name: item}, **extra)
                done += 1
            except QuizError as refused:
                self.message_user(request, refused.message, messages.WARNING)
        if done:
            past = {"nullify": "Nullified", "restore": "Restored"}[action]
            self.message_user(request, f"{past}: {done}.", messages.SUCCESS)

    @admin.action(description="Nullify: count for nobody", permissions=["change"])
    def nullify(self, request: HttpRequest, items: QuerySet) -> HttpResponse | None:
        form = NullifyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._each(
                request, items, "nullify", by=request.user, reason=form.cleaned_data["reason"]
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Nullify {len(items)} {self.model._meta.verbose_name_plural}",
            "items": items,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/quizapp/nullify.html", context)

    @admin.action(description="Restore: count again (un-nullify)", permissions=["change"])
    def restore(self, request: HttpRequest, items: QuerySet) -> None:
        self._each(request, items, "restore")


class RegradeActions:
    """Mixed into PartAdmin and QuestionAdmin: the Regrade page of a part, or of a question's
    auto-graded parts: GET is the dry run, POST starts the runs."""

    change_form_template = "admin/quizapp/regrade_change_form.html"

    def get_urls(self) -> list[URLPattern]:
        name = f"quizapp_{self.model._meta.model_name}_regrade"
        return [
            path(
                "<path:object_id>/regrade/",
                self.admin_site.admin_view(self.regrade_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def regrade_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404("No such item.")
        if not (self.has_change_permission(request, item) and may_regrade(request)):
            raise PermissionDenied
        try:
            parts = regrade_parts(item=item)
            if request.method == "POST":
                runs = [regrade_start(part=part, by=request.user) for part in parts]
                return HttpResponseRedirect(
                    reverse("admin:quizapp_regrade_progress", args=[runs[0].pk])
                    if len(runs) == 1
                    else reverse("admin:quizapp_regrade_changelist")
                )
            summaries = [regrade_preview(part=part) for part in parts]
        except QuizError as refused:
            message = refused.message[:1].upper() + refused.message[1:]
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:quizapp_{self.model._meta.model_name}_change", args=[item.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "title": "Regrade: dry run",
            "summaries": summaries,
            "running": Regrade.objects.unfinished().filter(part__in=parts),
        }
        return TemplateResponse(request, "admin/quizapp/regrade.html", context)


def may_regrade(request: HttpRequest) -> bool:
    return request.user.has_perm("quizapp.add_regrade")


class RegradeChangeInline(admin.TabularInline):
    model = RegradeChange
    extra = 0
    can_delete = False
    fields = ["response", "old_status", "old_score", "new_status", "new_score", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Regrade | None = None) -> bool:
        return False


class RegradeAdmin(admin.ModelAdmin):
    """The record of every regrade: read-only; runs start from a part's Regrade page."""

    list_display = ["id", "part", "status", "progress_link", "started_by", "started_at"]
    list_filter = ["status"]
    list_select_related = ["part__question__exam", "started_by"]
    readonly_fields = [f.name for f in Regrade._meta.fields]
    inlines = [RegradeChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Regrade | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.progress_view)
        return [
            path("<int:regrade_id>/progress/", view, name="quizapp_regrade_progress"),
            *super().get_urls(),
        ]

    @admin.display(description="Progress")
    def progress_link(self, regrade: Regrade) -> str:
        url = reverse("admin:quizapp_regrade_progress", args=[regrade.pk])
        return format_html('<a href="{}">{} of {}</a>', url, regrade.done, regrade.total)

    def progress_view(self, request: HttpRequest, regrade_id: int) -> HttpResponse:
        """A run's progress and record; htmx polls its `progress` partial while it runs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        regrade = Regrade.objects.select_related("part__question__exam", "started_by")
        regrade = regrade.filter(pk=regrade_id).first()
        if regrade is None:
            raise Http404("No such regrade.")
        template = "admin/quizapp/regrade_progress.html"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": regrade,
            "title": "Progress",
            "regrade": regrade,
            "summary": regrade_summary(regrade=regrade),
            "may_run": may_regrade(request),
        }
        if request.htmx:
            template += "#progress"
        return TemplateResponse(request, template, context)
