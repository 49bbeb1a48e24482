"""Nullifying and regrading in the admin: an action that nullifies the selected questions or
parts (with a reason) or restores them, and a part's "Regrade" page (the dry run, then the
run on a worker, then its progress and record), over quizapp.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from quizapp.models import Part, Regrade, RegradeChange
from quizapp.services import nullifying
from quizapp.services.errors import QuizError
from quizapp.services.regrading import regrade_preview, regrade_start, regrade_summary

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
            self.message_user(request, f"{action.capitalize()}d: {done}.", messages.SUCCESS)

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


class PartRegradeAdmin:
    """Mixed into PartAdmin: the part's Regrade page and a run's progress."""

    change_form_template = "admin/quizapp/part/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/regrade/", view(self.regrade_view), name="quizapp_part_regrade"),
            path(
                "regrades/<int:regrade_id>/",
                view(self.regrade_progress_view),
                name="quizapp_part_regrade_progress",
            ),
            *super().get_urls(),
        ]

    def _may_regrade(self, request: HttpRequest, part: Part | None = None) -> None:
        if not (
            self.has_change_permission(request, part)
            and request.user.has_perm("quizapp.add_regrade")
        ):
            raise PermissionDenied

    def regrade_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET: the dry run (what would change, saving nothing). POST: start the run."""
        part = self.get_object(request, unquote(object_id))
        if part is None:
            raise Http404("No such part.")
        self._may_regrade(request, part)
        back = reverse("admin:quizapp_part_change", args=[part.pk])
        try:
            if request.method == "POST":
                regrade = regrade_start(part=part, by=request.user)
                url = reverse("admin:quizapp_part_regrade_progress", args=[regrade.pk])
                return HttpResponseRedirect(url)
            summary = regrade_preview(part=part)
        except QuizError as refused:
            self.message_user(
                request, refused.message[:1].upper() + refused.message[1:], messages.ERROR
            )
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": part,
            "title": f"Regrade {part}: dry run",
            "summary": summary,
            "running": part.regrades.unfinished().first(),
        }
        return TemplateResponse(request, "admin/quizapp/part/regrade.html", context)

    def regrade_progress_view(self, request: HttpRequest, regrade_id: int) -> HttpResponse:
        """A run's progress and record; htmx polls its `progress` partial while it runs."""
        self._may_regrade(request)
        regrade = Regrade.objects.select_related("part__question__exam", "started_by").filter(
            pk=regrade_id
        )
        regrade = regrade.first()
        if regrade is None:
            raise Http404("No such regrade.")
        template = "admin/quizapp/part/regrade_progress.html"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": regrade.part,
            "title": f"Regrade #{regrade.pk} of {regrade.part}",
            "regrade": regrade,
            "summary": regrade_summary(regrade=regrade),
        }
        if request.htmx:
            template += "#progress"
        return TemplateResponse(request, template, context)


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

    list_display = ["id", "part", "status", "done", "total", "started_by", "started_at"]
    list_filter = ["status"]
    list_select_related = ["part__question__exam", "started_by"]
    readonly_fields = [f.name for f in Regrade._meta.fields]
    inlines = [RegradeChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Regrade | None = None) -> bool:
        return False
