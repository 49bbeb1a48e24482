"""The admin's authoring helpers, over the form as it is being edited (nothing is saved):
trying a sample answer against a part's key (the student's Check, quizapp.services.authoring)
and the question's preview following the form. Both answer htmx posts of the whole form."""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from quizapp.admin_parts import AnswerFields
from quizapp.models import Part, Question, Topic
from quizapp.services.authoring import part_try_answer, question_preview_parts
from quizapp.services.errors import InvalidInput
from quizapp.services.selectors import ShownPart, ShownQuestion

# The inline's prefix on the question page ("parts-3"), none on the part's own page.
PREFIX = re.compile(r"(parts-\d{1,3})?")
MAX_PARTS = 50


def _refused(message: str, status: int) -> HttpResponse:
    text = message[:1].upper() + message[1:]
    html = format_html('<p class="errornote" role="alert">{}</p>', text)
    return HttpResponse(html, status=status)


def _points(text: str | None) -> Decimal:
    try:
        points = Decimal(text or "1")
    except InvalidOperation:
        return Decimal(1)
    return points if points.is_finite() and points >= 0 else Decimal(1)


def _whole(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else 0


def part_from_post(data: QueryDict, prefix: str, saved: Part | None = None) -> Part:
    """An unsaved part as the form has it: the key from the answer fields when they read,
    else the saved key. Raises InvalidInput naming the field that does not read."""
    name = (lambda field: f"{prefix}-{field}") if prefix else (lambda field: field)
    kind = data.get(name("kind")) or (saved.kind if saved else "")
    if kind not in Part.Kind.values:
        raise InvalidInput("choose the part's kind")
    fields = AnswerFields(data, prefix=prefix or None)
    if not fields.is_valid():
        field, errors = next(iter(fields.errors.items()))
        raise InvalidInput(f"{fields[field].label}: {' '.join(errors)}")
    return Part(
        pk=saved.pk if saved else None,
        label=data.get(name("label"), ""),
        position=_whole(data.get(name("position"))),
        kind=kind,
        points=_points(data.get(name("points"))),
        prompt=data.get(name("prompt"), ""),
        answer=fields.answer_spec(kind),
    )


class TryPanel:
    """Mixed into the part's admin and inline: the try-answers panel as a read-only field."""

    @admin.display(description="Try an answer")
    def try_answers(self, part: Part) -> SafeString:
        return try_answers_panel()


class PartTryAdmin(TryPanel):
    """Mixed into PartAdmin: POST `try/` the part form (any prefix) and `try_answer`."""

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(require_POST(self.try_view))
        return [path("try/", view, name="quizapp_part_try"), *super().get_urls()]

    def try_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        prefix = request.POST.get("prefix", "")
        if not PREFIX.fullmatch(prefix):
            return _refused("this form cannot be read", 400)
        try:
            part = part_from_post(request.POST, prefix)
            tried = part_try_answer(part=part, text=request.POST.get("try_answer", ""))
        except InvalidInput as refused:
            return _refused(refused.message, refused.status_code)
        shown = ShownPart(
            part=part,
            response=tried.response,
            options=[],
            revealed=True,
            question=ShownQuestion(attempt=tried.response.attempt, position=1, question=Question()),
        )
        html = render_to_string(
            "admin/quizapp/_try_answer.html",
            {"tried": tried, "item": shown, "attempt": tried.response.attempt},
            request,
        )
        return HttpResponse(html)


def try_answers_panel() -> SafeString:
    """The panel beside a part's test cases (its prefix is found by part-editor.js)."""
    return format_html(
        '<div class="try-answers" data-part-try>'
        '<input type="text" class="vTextField input-math" data-try-answer autocomplete="off" '
        'spellcheck="false" aria-label="A sample answer" placeholder="An answer, as a '
        'student would type it">'
        ' <button type="button" class="button" hx-post="{}" hx-include="closest form" '
        'hx-target="next .try-result" hx-swap="innerHTML">Try it</button>'
        '<div class="try-result" aria-live="polite"></div></div>',
        reverse("admin:quizapp_part_try"),
    )


class QuestionPreviewAdmin:
    """Mixed into QuestionAdmin: POST `preview/` (or `<id>/preview/`) the question form and
    its parts inline; the preview as the form stands, nothing saved."""

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("preview/", view(require_POST(self.preview_view)), name="quizapp_question_live"),
            path(
                "<path:object_id>/preview/",
                view(require_POST(self.preview_view)),
                name="quizapp_question_live",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        saved = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and saved is None:
            return _refused("no such question", 404)
        if not (
            self.has_change_permission(request, saved)
            if saved
            else self.has_add_permission(request)
        ):
            raise PermissionDenied
        data = request.POST
        question = Question(
            pk=saved.pk if saved else None,
            number=_whole(data.get("number")),
            kind=data.get("kind", ""),
            prompt=data.get("prompt", ""),
            figure=data.get("figure", ""),
            solution=data.get("solution", ""),
            reconstructed=saved.reconstructed if saved else [],
            corrected=saved.corrected if saved else [],
        )
        topic = Topic.objects.filter(pk=_whole(data.get("topic"))).first()
        saved_parts = {part.pk: part for part in saved.parts.all()} if saved else {}
        parts = []
        try:
            total = min(int(data.get("parts-TOTAL_FORMS", 0)), MAX_PARTS)
        except ValueError:
            return _refused("this form cannot be read", 400)
        for index in range(total):
            prefix = f"parts-{index}"
            if data.get(f"{prefix}-DELETE") or data.get(f"{prefix}-retired"):
                continue
            previous = saved_parts.get(_whole(data.get(f"{prefix}-id")))
            try:
                part = part_from_post(data, prefix, previous)
            except InvalidInput:
                if previous is None:
                    continue
                part = previous
            parts.append(part)
        parts.sort(key=lambda part: part.position)
        return HttpResponse(preview_html(question, parts, topic))


def preview_html(question: Question, parts: list[Part], topic: Topic | None) -> SafeString:
    return render_to_string(
        "admin/quizapp/_question_preview.html",
        {
            "question": question,
            "topic": topic,
            "points": sum((part.points for part in parts), Decimal(0)),
            "items": question_preview_parts(parts=parts),
        },
    )
