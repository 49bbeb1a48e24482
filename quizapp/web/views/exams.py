"""The exams a student can practise, their own attempts at each, and starting a new one."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from quizapp.models import Attempt, Exam
from quizapp.services import InvalidAnswer, attempt_close_if_overdue, attempt_start
from quizapp.services.selectors import attempts_of, attempts_scored, best_scores


def _exams():
    return Exam.objects.annotate(question_count=Count("questions", distinct=True))


def _close_overdue(student) -> None:
    # Lists show an exam attempt as it really stands: past its deadline it is submitted.
    for attempt in attempts_of(student).filter(status=Attempt.Status.IN_PROGRESS,
                                               deadline__isnull=False):
        attempt_close_if_overdue(attempt)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    exams = list(_exams())
    if request.user.is_authenticated:
        _close_overdue(request.user)
        best = best_scores(request.user)
        recent = list(attempts_scored(request.user)[:50])
        for exam in exams:
            exam.best = best.get(exam.pk)
            exam.recent = [a for a in recent if a.exam_id == exam.pk][:3]
            exam.attempt_count = sum(1 for a in recent if a.exam_id == exam.pk)
    return render(request, "quizapp/home.html", {"exams": exams})


@login_required
@require_GET
def exam_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(_exams(), slug=slug)
    return _render_exam(request, exam)


def _render_exam(request: HttpRequest, exam: Exam, error: str = "", status: int = 200):
    _close_overdue(request.user)
    topics = exam.topics.annotate(
        question_count=Count("questions", distinct=True)
    ).filter(question_count__gt=0)
    context = {
        "exam": exam,
        "topics": topics,
        "attempts": attempts_scored(request.user, exam),
        "best": best_scores(request.user).get(exam.pk),
        "error": error,
    }
    return render(request, "quizapp/exam.html", context, status=status)


@login_required
@require_POST
def attempt_new(request: HttpRequest, slug: str) -> HttpResponse:
    exam = get_object_or_404(_exams(), slug=slug)
    topic_id = request.POST.get("topic", "")
    topic = None
    if topic_id:
        topic = exam.topics.filter(pk=topic_id).first() if topic_id.isdigit() else None
        if topic is None:
            return _render_exam(request, exam, "This topic is not part of this exam.", 422)
    try:
        attempt = attempt_start(
            student=request.user, exam=exam, mode=request.POST.get("mode", ""), topic=topic
        )
    except InvalidAnswer as error:
        return _render_exam(request, exam, error.message, 422)
    return redirect("attempt", attempt_id=attempt.pk)
