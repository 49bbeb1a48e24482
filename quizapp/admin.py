"""Django admin for instructors: the whole bank editable, answers to mark, a rendered preview."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from quizapp.admin_authoring import (
    PartTryAdmin,
    QuestionPreviewAdmin,
    TryPanel,
    preview_html,
)
from quizapp.admin_bank import BankTransferAdmin
from quizapp.admin_parts import PartForm, part_fieldsets
from quizapp.admin_regrade import NULLIFIED_FIELDS, NullifyActions, RegradeActions, RegradeAdmin
from quizapp.admin_statistics import ExamStatisticsAdmin
from quizapp.bank.schema import BankError
from quizapp.logins import AdminLoginForm
from quizapp.models import (
    Attempt,
    Exam,
    ExtraTime,
    Mark,
    Option,
    Part,
    Question,
    Regrade,
    Response,
    Topic,
)
from quizapp.services import response_review

# The admin's log-in refuses an over-long username before authenticating, as the site's.
admin.site.login_form = AdminLoginForm

MATH_MEDIA = {
    "css": {"all": ["vendor/katex/katex.min.css"]},
    "js": [
        "vendor/katex/katex.min.js",
        "vendor/katex/contrib/auto-render.min.js",
        "quizapp/render-math.js",
    ],
}


class WithMath:
    class Media:
        css = MATH_MEDIA["css"]
        js = MATH_MEDIA["js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Help text about math syntax ("$...$ and $$...$$") is prose: KaTeX must not
        # typeset it (render-math.js skips .no-math).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and "$" in str(field.help_text):
            field.help_text = format_html('<span class="no-math">{}</span>', field.help_text)
        return field


class WithAuthoring(WithMath):
    """The answer fields, the try-answers panel and the live preview (htmx)."""

    class Media:
        css = {"all": [*MATH_MEDIA["css"]["all"], "quizapp/part-editor.css"]}
        js = [*MATH_MEDIA["js"], "vendor/htmx/htmx.min.js", "quizapp/part-editor.js"]


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


@admin.register(Exam)
class ExamAdmin(BankTransferAdmin, ExamStatisticsAdmin, admin.ModelAdmin):
    list_display = ["slug", "title", "course", "date", "duration_minutes", "published"]
    list_filter = ["published"]
    search_fields = ["slug", "title", "course"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TopicInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "exam"]
    list_filter = ["exam"]
    search_fields = ["name"]


class PartInline(TryPanel, admin.StackedInline):
    model = Part
    form = PartForm
    extra = 0
    fieldsets = part_fieldsets(
        ["label", "position", "kind", "points", "prompt", "retired", "nullified", "options_link"]
    )
    readonly_fields = ["nullified", "options_link", "try_answers"]
    show_change_link = True

    @admin.display(description="Options")
    def options_link(self, part: Part) -> str:
        if not part.pk or part.kind != Part.Kind.CHOICE:
            return "-"
        url = reverse("admin:quizapp_part_change", args=[part.pk])
        return format_html('<a href="{}">Edit the {} options</a>', url, part.options.count())


@admin.register(Question)
class QuestionAdmin(
    RegradeActions, NullifyActions, QuestionPreviewAdmin, WithAuthoring, admin.ModelAdmin
):
    list_display = [
        "number",
        "exam",
        "topic",
        "kind",
        "points_total",
        "answers",
        "success_rate",
        "retired",
        "nullified",
    ]
    list_display_links = ["number"]
    list_filter = ["exam", "topic", "kind", "retired", "nullified"]
    search_fields = ["prompt", "solution", "parts__prompt", "parts__options__text"]
    list_select_related = ["exam", "topic"]
    ordering = ["exam", "number"]
    readonly_fields = ["preview", *NULLIFIED_FIELDS]
    fieldsets = [
        (None, {"fields": ["exam", "number", "topic", "kind", "retired"]}),
        ("Content", {"fields": ["prompt", "figure", "solution", "reconstructed", "corrected"]}),
        ("Preview", {"fields": ["preview"]}),
        ("Nullified (the Nullify action of the list sets it)", {"fields": NULLIFIED_FIELDS}),
    ]
    inlines = [PartInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        # Which questions work: how often they are answered, and answered right.
        graded = Q(
            parts__responses__correct__isnull=False,
            parts__kind__in=["choice", "numeric", "expression"],
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related("parts")
            .annotate(
                graded_answers=Count("parts__responses", filter=graded, distinct=True),
                right_answers=Count(
                    "parts__responses",
                    filter=graded & Q(parts__responses__correct=True),
                    distinct=True,
                ),
            )
        )

    @admin.display(description="Graded answers", ordering="graded_answers")
    def answers(self, question: Question) -> int:
        return question.graded_answers

    @admin.display(description="Answered right", ordering="right_answers")
    def success_rate(self, question: Question) -> str:
        if not question.graded_answers:
            return "-"
        return f"{100 * question.right_answers / question.graded_answers:.0f}%"

    @admin.display(description="Points")
    def points_total(self, question: Question) -> str:
        return f"{question.points:g}"

    @admin.display(description="As students see it (with the answer key)")
    def preview(self, question: Question) -> SafeString:
        # Follows the form as it is edited: htmx posts it to the preview endpoint.
        args = [question.pk] if question.pk else []
        shown = (
            preview_html(question, list(question.parts.filter(retired=False)), question.topic)
            if question.pk
            else "The preview appears here as you fill in the question."
        )
        return format_html(
            '<div id="question-preview" hx-post="{}" hx-include="closest form" '
            'hx-trigger="input delay:700ms from:closest form, change from:closest '
            'form" hx-sync="this:replace">{}</div>',
            reverse("admin:quizapp_question_live", args=args),
            shown,
        )


class OptionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """The exam file's rule on the options as they will be saved: exactly one correct."""
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            self.instance.check_options(kept)
        except BankError as problem:
            raise ValidationError(str(problem).removeprefix("options: ").capitalize()) from problem


class OptionInline(admin.TabularInline):
    model = Option
    formset = OptionFormSet
    extra = 0
    fields = ["position", "text", "correct", "feedback", "retired"]


@admin.register(Part)
class PartAdmin(RegradeActions, NullifyActions, PartTryAdmin, WithAuthoring, admin.ModelAdmin):
    form = PartForm
    list_display = ["__str__", "kind", "points", "retired", "nullified"]
    list_filter = ["question__exam", "question__topic", "kind", "nullified"]
    search_fields = ["prompt", "options__text", "question__prompt"]
    list_select_related = ["question__exam"]
    fieldsets = part_fieldsets(
        ["question", "label", "position", "kind", "points", "prompt", "retired", *NULLIFIED_FIELDS]
    )
    readonly_fields = ["try_answers", *NULLIFIED_FIELDS]
    inlines = [OptionInline]


admin.site.register(Regrade, RegradeAdmin)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["id", "student", "exam", "mode", "status", "started_at", "submitted_at"]
    list_filter = ["exam", "mode", "status"]
    search_fields = ["student__username"]
    list_select_related = ["student", "exam"]
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class MarkInline(admin.TabularInline):
    """Every marking of the answer, oldest first: a revised mark keeps its history."""

    model = Mark
    extra = 0
    can_delete = False
    fields = ["marked_at", "marked_by", "score", "feedback"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Response | None = None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(WithMath, admin.ModelAdmin):
    """Marking prose answers: everything the student did is read-only, the review is not."""

    list_display = ["id", "student", "part", "status", "auto_score", "self_score", "review_score"]
    # The mode keeps exam answers awaiting an instructor apart from practice self-marks.
    list_filter = [
        "status",
        "attempt__mode",
        "part__kind",
        "attempt__exam",
        "part__question__topic",
    ]
    search_fields = ["attempt__student__username", "answer"]
    list_select_related = ["attempt__student", "part__question__exam"]
    # Everything the student did and the part's maximum are read-only; the marking is not.
    readonly_fields = [
        "student",
        "part",
        "student_answer",
        "rubric",
        "status",
        "auto_score",
        "self_score",
        "maximum",
    ]
    fields = [*readonly_fields, "review_score", "feedback"]
    inlines = [MarkInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Maximum")
    def maximum(self, response: Response) -> str:
        return f"{response.part.points.normalize():f} points"

    @admin.display(description="Student")
    def student(self, response: Response) -> str:
        return response.attempt.student.username

    @admin.display(description="Answer")
    def student_answer(self, response: Response) -> SafeString:
        # As typed, never typeset: a student's `$\color{green}{\Huge ...}$` must not draw
        # over the marking form (render-math.js skips .no-math).
        return format_html('<pre class="no-math student-answer">{}</pre>', response.answer)

    @admin.display(description="Rubric")
    def rubric(self, response: Response) -> SafeString:
        return render_to_string(
            "admin/quizapp/_markdown.html", {"text": response.part.rubric or "-"}
        )

    def save_model(self, request: HttpRequest, obj: Response, form, change: bool) -> None:
        response_review(
            response=obj,
            reviewer=request.user,
            score=form.cleaned_data.get("review_score"),
            feedback=form.cleaned_data.get("feedback", ""),
        )


@admin.register(ExtraTime)
class ExtraTimeAdmin(admin.ModelAdmin):
    """Students' extra time on exam attempts (also set by `manage.py import_students`)."""

    list_display = ["student", "percent"]
    search_fields = ["student__username"]
    list_select_related = ["student"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "student":
            kwargs["queryset"] = User.objects.filter(is_staff=False).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
