"""A student's progress at an exam: attempts over time, points per topic, weak spots."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from quizapp.models import Attempt
from quizapp.services.reviews import topic_recall_list
from quizapp.services.selectors import (
    attempt_history,
    exam_list,
    question_most_missed,
    topic_progress_list,
    topic_weakest,
)
from quizapp.web.charts import history_chart


@login_required
@require_GET
def progress_latest(request: HttpRequest) -> HttpResponse:
    """The progress at the exam last attempted (or the first exam)."""
    latest = Attempt.objects.filter(student=request.user, exam__published=True).newest_first()
    latest = latest.select_related("exam").first()
    exam = latest.exam if latest else exam_list().first()
    if exam is None:
        return redirect("home")
    return redirect("progress", slug=exam.slug)


@login_required
@require_GET
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(exam_list(), slug=slug)
    history = attempt_history(student=request.user, exam=exam)
    topics = topic_progress_list(student=request.user, exam=exam)
    context = {
        "exam": exam,
        "exams": exam_list(),
        "history": history,
        "chart": history_chart(history),
        "tried_topics": [topic for topic in topics if topic.tried],
        "untried_topics": [topic for topic in topics if not topic.tried],
        "missed": question_most_missed(student=request.user, exam=exam),
        "weakest": topic_weakest(exam=exam, progress=topics),
        "recall": topic_recall_list(student=request.user, exam=exam, now=timezone.now()),
    }
    return render(request, "quizapp/progress.html", context)
