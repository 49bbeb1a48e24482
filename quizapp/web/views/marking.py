"""The marking queue: instructors mark the exam answers that wait for them, one after the
other, each beside its rubric and the official solution."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from quizapp.models import Response
from quizapp.services import QuizError, response_review
from quizapp.services.selectors import response_for_marking, response_marking_queue
from quizapp.web.forms import MarkForm, MarkingFilterForm

MARKERS_ONLY = permission_required("quizapp.change_response", raise_exception=True)
SHOWN_IN_QUEUE = 50


@login_required
@MARKERS_ONLY
@require_http_methods(["GET"])
def marking_queue(request: HttpRequest) -> HttpResponse:
    """The first answer of the queue, or the empty queue."""
    filters = MarkingFilterForm(request.GET)
    if not filters.is_valid():
        return _render(request, filters=filters, status=400)
    first = response_marking_queue(**filters.cleaned_data).first()
    if first is not None:
        return redirect(_answer_url(first.pk, request.GET))
    return _render(request, filters=filters)


@login_required
@MARKERS_ONLY
@require_http_methods(["GET", "POST"])
def marking_answer(request: HttpRequest, response_id: int) -> HttpResponse:
    filters = MarkingFilterForm(request.GET)
    if not filters.is_valid():
        return _render(request, filters=filters, status=400)
    response = response_for_marking(response_id=response_id)
    if request.method == "GET":
        form = MarkForm(initial={"score": response.review_score, "feedback": response.feedback})
        return _render(request, filters=filters, response=response, form=form)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            response_review(
                response=response,
                reviewer=request.user,
                score=form.cleaned_data["score"],
                feedback=form.cleaned_data["feedback"],
            )
        except QuizError as refused:
            form.add_error("score", str(refused)[:1].upper() + str(refused)[1:] + ".")
        else:
            messages.success(request, f"Marked {response.attempt.student.username}'s answer.")
            following = response_marking_queue(**filters.cleaned_data).exclude(pk=response.pk)
            upcoming = following.first()
            if upcoming is None:
                return redirect(_queue_url(request.GET))
            return redirect(_answer_url(upcoming.pk, request.GET))
    return _render(request, filters=filters, response=response, form=form, status=422)


def _render(
    request: HttpRequest,
    *,
    filters: MarkingFilterForm,
    response: Response | None = None,
    form: MarkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    queue = (
        response_marking_queue(**filters.cleaned_data)
        if filters.is_valid()
        else Response.objects.none()
    )
    context = {
        "filters": filters,
        "queue": list(queue[:SHOWN_IN_QUEUE]),
        "waiting": queue.count(),
        "response": response,
        "form": form,
        "query": _kept(request.GET),
    }
    return render(request, "quizapp/marking.html", context, status=status)


def _answer_url(response_id: int, query) -> str:
    return _with_query(reverse("marking_answer", args=[response_id]), query)


def _queue_url(query) -> str:
    return _with_query(reverse("marking"), query)


def _with_query(url: str, query) -> str:
    kept = _kept(query)
    return f"{url}?{kept}" if kept else url


def _kept(query) -> str:
    """The queue's filters of a query string, to carry from one answer to the next."""
    return urlencode({k: v for k, v in query.items() if k in MarkingFilterForm.base_fields and v})
