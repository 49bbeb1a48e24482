"""The exams a student can practise, their own attempts at each, and starting a new one."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from quizapp.api.throttles import AttemptStartThrottle, WriteRateThrottle
from quizapp.models import Exam
from quizapp.services import QuizError, attempt_start
from quizapp.services.selectors import (
    ExamCard,
    attempt_best_by_exam,
    attempt_close_overdue,
    attempt_list,
    exam_cards,
    exam_list,
    topic_list,
)
from quizapp.web.limits import page_throttled


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        context = {"cards": exam_cards(student=request.user)}
    else:
        context = {"cards": [ExamCard(exam, None, [], 0) for exam in exam_list()]}
    return render(request, "quizapp/home.html", context)


@login_required
@require_GET
def exam_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(exam_list(), slug=slug)
    return _render_exam(request, exam)


def _render_exam(
    request: HttpRequest, exam: Exam, error: str = "", status: int = 200
) -> HttpResponse:
    attempt_close_overdue(student=request.user)
    context = {
        "exam": exam,
        "topics": topic_list(exam=exam),
        "attempts": attempt_list(student=request.user, exam=exam),
        "best": attempt_best_by_exam(student=request.user).get(exam.pk),
        "your_minutes": exam.minutes_for(request.user),
        "error": error,
    }
    return render(request, "quizapp/exam.html", context, status=status)


@login_required
@require_POST
@page_throttled(WriteRateThrottle, AttemptStartThrottle)
def attempt_new(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(exam_list(), slug=slug)
    topic_id = request.POST.get("topic", "")
    topic = None
    if topic_id:
        # isdigit() alone takes "²", which int() refuses.
        if topic_id.isascii() and topic_id.isdigit():
            topic = topic_list(exam=exam).filter(pk=topic_id).first()
        if topic is None:
            return _render_exam(request, exam, "This topic is not part of this exam.", 422)
    try:
        attempt = attempt_start(
            student=request.user, exam=exam, mode=request.POST.get("mode", ""), topic=topic
        )
    except QuizError as error:
        return _render_exam(request, exam, error.message, error.status_code)
    return redirect("attempt", attempt_id=attempt.pk)
