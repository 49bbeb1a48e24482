"""An attempt: the answering page, its autosave, live preview and practice "Check", the
student's own marking of prose answers, submitting, and the results.

Every view loads the student's own attempt (404 for anyone else's) and lets the server
submit it first if its time is up, so a late request cannot change an answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizapp.models import Attempt, Part
from quizapp.services import (
    AttemptClosed,
    InvalidInput,
    QuizError,
    answer_read,
    answer_save,
    attempt_submit,
    question_try_again,
    response_check,
    response_self_mark,
)
from quizapp.services.selectors import (
    attempt_get_for_student,
    attempt_shown_part,
    attempt_shown_questions,
    attempt_totals,
    response_get,
)
from quizapp.web.forms import SelfMarkForm


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    return attempt_get_for_student(student=request.user, attempt_id=attempt_id)


def _revision(request: HttpRequest) -> int | None:
    value = request.POST.get("revision", "")
    # isdigit() alone takes "²", which int() refuses.
    return int(value) if value.isascii() and value.isdigit() else None


def _part_anchor(attempt: Attempt, part_id: int) -> str:
    view = "attempt" if attempt.status == Attempt.Status.IN_PROGRESS else "attempt_results"
    return f"{reverse(view, args=[attempt.pk])}#part-{part_id}"


def _seconds_left(attempt: Attempt) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


@login_required
@require_GET
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("attempt_results", attempt_id=attempt.pk)
    return _render_attempt(request, attempt)


def _render_attempt(
    request: HttpRequest,
    attempt: Attempt,
    *,
    part_id: int | None = None,
    error: str = "",
    notice: str = "",
    mark_error: str = "",
    status: int = 200,
) -> HttpResponse:
    questions = attempt_shown_questions(attempt=attempt)
    for question in questions:
        for item in question.parts:
            if item.part.pk == part_id:
                item.error, item.mark_error = error, mark_error
    context = {
        "attempt": attempt,
        "questions": questions,
        "totals": attempt_totals(attempt=attempt),
        "seconds_left": _seconds_left(attempt),
        "time_left": _clock(_seconds_left(attempt)),
        "time_limit": attempt.time_limit_minutes,
        "notice": notice,
    }
    return render(request, "quizapp/attempt.html", context, status=status)


def _part_update(
    request: HttpRequest,
    attempt: Attempt,
    part_id: int,
    *,
    status: int = 200,
    error: str = "",
    check_error: str = "",
    mark_error: str = "",
    client_revision: int | None = None,
) -> HttpResponse:
    """The fragment that brings one part up to date: its saved state, its feedback, its
    question's solution and the attempt's counters, all swapped out of band."""
    item = attempt_shown_part(attempt=attempt, part_id=part_id)
    item.error, item.mark_error = error, mark_error
    item.client_revision = client_revision
    context = {
        "attempt": attempt,
        "question": item.question,
        "item": item,
        "totals": attempt_totals(attempt=attempt),
        "check_error": check_error,
        "oob": True,
    }
    return render(request, "quizapp/_part_update.html", context, status=status)


def _refused(
    request: HttpRequest,
    attempt: Attempt,
    part_id: int,
    error: QuizError,
    *,
    check: bool = False,
    mark: bool = False,
) -> HttpResponse:
    """Say why a save, a Check (`check`) or a self-mark (`mark`) was refused, beside what was
    pressed: a save's in its saved state, a Check's above the feedback, a mark's below the
    rubric."""
    status = error.status_code
    attempt.refresh_from_db()
    closed = isinstance(error, AttemptClosed) and not attempt.is_open()
    if request.htmx:
        response = _part_update(
            request,
            attempt,
            part_id,
            status=status,
            error="" if check or mark else error.message,
            check_error=error.message if check else "",
            mark_error=error.message if mark else "",
            # A stale tab keeps its revision: its next save must be refused too.
            client_revision=_revision(request) if isinstance(error, AttemptClosed) else None,
        )
        if closed:
            response["HX-Redirect"] = reverse("attempt_results", args=[attempt.pk])
        return response
    if closed:
        return _render_results(request, attempt, error=error.message, status=status)
    message = {"mark_error" if mark else "error": error.message}
    return _render_attempt(request, attempt, part_id=part_id, status=status, **message)


@login_required
@require_POST
def answer_save_view(request: HttpRequest, attempt_id: int, part_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    try:
        answer_save(
            attempt=attempt,
            part_id=part_id,
            answer=request.POST.get("answer", ""),
            revision=_revision(request),
            # A half-typed formula is kept as a draft.
            keep_invalid=True,
        )
    except QuizError as error:
        return _refused(request, attempt, part_id, error)
    if request.htmx:
        return _part_update(request, attempt, part_id)
    messages.success(request, "Your answer is saved.")
    return redirect(_part_anchor(attempt, part_id))


@login_required
@require_POST
def answer_preview(request: HttpRequest, attempt_id: int, part_id: int) -> HttpResponse:
    """How the engine reads what is typed so far (a written answer: how it reads); nothing
    is saved."""
    attempt = _own_attempt(request, attempt_id)
    part = response_get(attempt=attempt, part_id=part_id).part
    if not request.htmx:
        return redirect(_part_anchor(attempt, part_id))
    if part.kind == Part.Kind.TEXT:
        # Written answers: the Markdown and math as they will read.
        text = request.POST.get("answer", "")
        return render(request, "quizapp/attempt.html#text_preview", {"text": text})
    reading = answer_read(part=part, text=request.POST.get("answer", ""))
    return render(request, "quizapp/attempt.html#preview", {"reading": reading})


@login_required
@require_POST
def answer_check(request: HttpRequest, attempt_id: int, part_id: int) -> HttpResponse:
    """Practice: save what is in the form, then grade that part now."""
    attempt = _own_attempt(request, attempt_id)
    part = response_get(attempt=attempt, part_id=part_id).part
    try:
        if "answer" in request.POST or part.kind == Part.Kind.CHOICE:
            answer_save(
                attempt=attempt,
                part_id=part.pk,
                answer=request.POST.get("answer", ""),
                revision=_revision(request),
                # Spaced repetition: a right answer the student was sure of rates Easy.
                sure=request.POST.get("sure") == "1",
            )
        response_check(attempt=attempt, part=part)
    except QuizError as error:
        return _refused(request, attempt, part_id, error, check=True)
    if request.htmx:
        return _part_update(request, attempt, part_id)
    return redirect(_part_anchor(attempt, part_id))


@login_required
@require_GET
def part_feedback(request: HttpRequest, attempt_id: int, part_id: int) -> HttpResponse:
    """Polled while a checked answer is being graded."""
    attempt = _own_attempt(request, attempt_id)
    response_get(attempt=attempt, part_id=part_id)
    if not request.htmx:
        return redirect(_part_anchor(attempt, part_id))
    return _part_update(request, attempt, part_id)


@login_required
@require_POST
def part_self_mark(request: HttpRequest, attempt_id: int, part_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    response = response_get(attempt=attempt, part_id=part_id)
    form = SelfMarkForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput("choose how many points your answer deserves")
        response_self_mark(response=response, score=form.cleaned_data["score"])
    except QuizError as error:
        return _refused(request, attempt, part_id, error, mark=True)
    if request.htmx:
        return _part_update(request, attempt, part_id)
    messages.success(request, "Your own mark is recorded.")
    return redirect(_part_anchor(attempt, part_id))


@login_required
@require_POST
def question_try_again_view(
    request: HttpRequest, attempt_id: int, question_id: int
) -> HttpResponse:
    """Practice: the question starts a new try, a few questions later."""
    attempt = _own_attempt(request, attempt_id)
    try:
        position = attempt.question_order.index(question_id)
        attempt = question_try_again(attempt=attempt, question_id=question_id)
    except ValueError as missing:
        raise Http404("No such question in this attempt.") from missing
    except QuizError as error:
        attempt.refresh_from_db()
        if not attempt.is_open():
            return _render_results(request, attempt, error=error.message, status=error.status_code)
        notice = error.message[:1].upper() + error.message[1:] + "."
        return _render_attempt(request, attempt, notice=notice, status=error.status_code)
    messages.success(request, "The question comes back a few questions further on.")
    # The student goes on with the question that took its place.
    following = attempt.question_order[position]
    return redirect(f"{reverse('attempt', args=[attempt.pk])}#q-{following}")


@login_required
@require_http_methods(["GET", "POST"])
def attempt_submit_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("attempt_results", attempt_id=attempt.pk)
    if request.method == "POST":
        attempt_submit(attempt=attempt)
        return redirect("attempt_results", attempt_id=attempt.pk)
    questions = attempt_shown_questions(attempt=attempt)
    context = {
        "attempt": attempt,
        "totals": attempt_totals(attempt=attempt),
        "unanswered": [q for q in questions if not q.answered],
        "time_left": _clock(_seconds_left(attempt)),
    }
    return render(request, "quizapp/submit.html", context)


@login_required
@require_GET
def attempt_results(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("attempt", attempt_id=attempt.pk)
    return _render_results(request, attempt)


def _render_results(
    request: HttpRequest, attempt: Attempt, *, error: str = "", status: int = 200
) -> HttpResponse:
    grading = attempt.status == Attempt.Status.GRADING
    totals = attempt_totals(attempt=attempt)
    context = {
        "attempt": attempt,
        "totals": totals,
        "graded_parts": totals.parts - totals.pending,
        # While grading, only the indicator is polled; the answers come once all are graded.
        "questions": [] if grading else attempt_shown_questions(attempt=attempt),
        "timed_out": attempt.deadline is not None
        and attempt.submitted_at is not None
        and attempt.submitted_at >= attempt.deadline,
        "error": error,
    }
    template = "quizapp/results.html"
    if request.htmx and status == 200:
        template += "#results_body"
    return render(request, template, context, status=status)
