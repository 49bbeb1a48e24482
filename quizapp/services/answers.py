"""Reading and grading one answer to one part: the bridge between the bank and the engine."""

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

import grading
from quizapp.models import Attempt, Part, Response
from quizapp.services.errors import TooBusy

log = logging.getLogger(__name__)

# The engine's message about a broken spec quotes the reference answer: students get this,
# instructors the detail (logged, and shown by the admin's part form and `grading lint`).
PART_BROKEN = "this part cannot be graded now; instructors have been told"
UNDECIDED = (
    "The checker could not decide whether this answer is right in the time it has. It has "
    "been kept for an instructor to mark; try writing it in a simpler form."
)


@dataclass(frozen=True)
class Reading:
    error: str | None = None
    latex: str = ""
    canonical: str = ""
    notes: tuple[str, ...] = ()


def _option_id(text: str) -> int | None:
    # isdigit() alone takes "²", which int() refuses.
    return int(text) if text.isascii() and text.isdigit() else None


def answer_read(*, part: Part, text: str) -> Reading:
    """How the answer was read, or why it cannot be; a blank answer is fine (not answered)."""
    text = text.strip()
    if not text:
        return Reading()
    if part.kind == Part.Kind.CHOICE:
        option_id = _option_id(text)
        if option_id is None or not part.options.filter(pk=option_id).exists():
            return Reading(error="choose one of this question's options")
        return Reading(canonical=str(option_id))
    if part.kind == Part.Kind.TEXT:
        if len(text) > 20_000:
            return Reading(error="this answer is too long (at most 20,000 characters)")
        return Reading(canonical=text)
    if part.kind == Part.Kind.NUMERIC:
        result = grading.validate_numeric(part.answer, text)
    else:
        try:
            grading.compile_spec(part.answer)
        except grading.SpecError as problem:
            log.error("part %s (%s) is misconfigured: %s", part.pk, part, problem)
            return Reading(error=PART_BROKEN)
        result = grading.validate(part.answer, text)
    if not result["ok"]:
        return Reading(error=result["error"])
    return Reading(
        latex=result["latex"], canonical=result["canonical"], notes=tuple(result["notes"])
    )


def answer_grade(*, part: Part, text: str) -> dict:
    """The engine's verdict on an answer: {equivalent, score (0..1), feedback, error, ...}.

    Text parts are not graded here: they wait for the student's or an instructor's marking.
    """
    if part.kind == Part.Kind.CHOICE:
        options = {str(option.pk): option for option in part.options.all()}
        chosen = options.get(text.strip())
        if chosen is None:
            verdict = grading.grade_choice(None, None)
            return {**verdict, "error": "this option is not one of the question's"}
        correct = next((pk for pk, option in options.items() if option.correct), None)
        verdict = grading.grade_choice(correct, text.strip())
        # The author's feedback on the chosen option says more than "Correct." does.
        return {**verdict, "feedback": chosen.feedback or verdict["feedback"]}
    if part.kind == Part.Kind.NUMERIC:
        return grading.grade_numeric(part.answer, text)
    return grading.check_expression_isolated(
        part.answer,
        text,
        cache=cache,
        wall_seconds=settings.GRADING_WALL_SECONDS,
        cpu_seconds=settings.GRADING_CPU_SECONDS,
        memory_mb=settings.GRADING_MEMORY_MB,
    )


@dataclass(frozen=True)
class Grade:
    """The engine's grade of an answer, as stored on the response."""

    status: str
    correct: bool | None
    auto_score: Decimal | None
    feedback: str
    verdict: dict

    # The response's fields that apply() sets.
    FIELDS: ClassVar[tuple[str, ...]] = (
        "status",
        "correct",
        "auto_score",
        "feedback",
        "verdict",
        "engine_version",
        "graded_at",
    )

    def apply(self, response: Response) -> None:
        response.status = self.status
        response.correct = self.correct
        response.auto_score = self.auto_score
        response.feedback = self.feedback
        response.verdict = self.verdict
        response.engine_version = self.verdict.get("engine_version", grading.ENGINE_VERSION)
        response.graded_at = timezone.now()


def response_auto_grade(*, response: Response) -> Grade:
    """The engine's grade of the answer against its part's current key, not stored: what
    grading, grading at submit and regrading (quizapp.services.regrading) all store."""
    verdict = answer_grade(part=response.part, text=response.answer)
    status, feedback = verdict_status(verdict)
    return grade_from_verdict(response=response, verdict=verdict, status=status, feedback=feedback)


def verdict_status(verdict: dict) -> tuple[str, str]:
    """The status an engine verdict gives an answer, and the feedback the student reads."""
    if verdict.get("equivalent") is None and not verdict.get("error"):
        return Response.Status.NEEDS_REVIEW, UNDECIDED
    if verdict.get("error") and verdict.get("equivalent") is None:
        return Response.Status.INVALID, verdict["error"]
    return Response.Status.GRADED, verdict.get("feedback", "")


def verdict_points(verdict: dict, *, status: str, points: Decimal) -> Decimal | None:
    """The automatic points of a verdict, once its status settles them."""
    if status not in Response.Status.SETTLED:
        return None
    return (points * Decimal(str(verdict.get("score", 0)))).quantize(Decimal("0.01"))


def grade_from_verdict(*, response: Response, verdict: dict, status: str, feedback: str) -> Grade:
    return Grade(
        status=status,
        correct=verdict.get("equivalent"),
        auto_score=verdict_points(verdict, status=status, points=response.part.points),
        feedback=feedback,
        verdict=verdict,
    )


def answer_grading_budget_check(*, student_id: int) -> None:
    """Refuse to queue another practice check while the student already has
    GRADING_PENDING_PER_STUDENT of them waiting: a student sending costly answers again and
    again then waits for their own, and workers stay free for everyone else. Exam submits
    are never refused (an attempt's parts are bounded anyway)."""
    limit = settings.GRADING_PENDING_PER_STUDENT
    pending = Response.objects.filter(
        attempt__student_id=student_id,
        attempt__mode=Attempt.Mode.PRACTICE,
        status=Response.Status.PENDING,
    ).count()
    if pending >= limit:
        raise TooBusy(
            f"you have {pending} answers still being graded; wait for their results before "
            "checking more"
        )
