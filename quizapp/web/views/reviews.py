"""Spaced repetition in the browser: what is due across exams, and a review session."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from quizapp.api.throttles import AttemptStartThrottle, WriteRateThrottle
from quizapp.services import QuizError
from quizapp.services.reviews import review_due_list, review_next_due, review_session_start
from quizapp.services.selectors import exam_list
from quizapp.web.limits import page_throttled


@login_required
@require_GET
def reviews_due(request: HttpRequest) -> HttpResponse:
    return _render(request)


@login_required
@require_POST
@page_throttled(WriteRateThrottle, AttemptStartThrottle)
def review_session_new(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("exam", "")
    exam = get_object_or_404(exam_list(), slug=slug) if slug else None
    try:
        attempt = review_session_start(student=request.user, exam=exam)
    except QuizError as refused:
        return _render(request, error=refused.message, status=refused.status_code)
    return redirect("attempt", attempt_id=attempt.pk)


def _render(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    now = timezone.now()
    due = review_due_list(student=request.user, before=now)
    by_exam: dict = {}
    for card in due:
        by_exam.setdefault(card.part.question.exam, []).append(card)
    context = {
        "by_exam": list(by_exam.items()),
        "due_count": len(due),
        "next_due": None if due else review_next_due(student=request.user, now=now),
        "error": error,
    }
    return render(request, "quizapp/reviews.html", context, status=status)
