"""A student's progress at an exam: attempts over time, points per topic, weak spots."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from quizapp.models import Exam
from quizapp.services.selectors import (
    attempt_history,
    attempts_of,
    questions_most_missed,
    student_progress,
    weakest_topic,
)
from quizapp.web.charts import history_chart


@login_required
@require_GET
def progress_latest(request: HttpRequest) -> HttpResponse:
    """The progress at the exam last attempted (or the first exam)."""
    latest = attempts_of(request.user).first()
    exam = latest.exam if latest else Exam.objects.first()
    if exam is None:
        return redirect("home")
    return redirect("progress", slug=exam.slug)


@login_required
@require_GET
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(Exam, slug=slug)
    history = attempt_history(request.user, exam)
    context = {
        "exam": exam,
        "exams": Exam.objects.all(),
        "history": history,
        "chart": history_chart(history),
        "topics": student_progress(request.user, exam),
        "missed": questions_most_missed(request.user, exam),
        "weakest": weakest_topic(request.user, exam),
    }
    return render(request, "quizapp/progress.html", context)
