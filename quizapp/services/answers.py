"""Reading and grading one answer to one part: the bridge between the bank and the engine."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

import grading
from quizapp.models import Part


@dataclass(frozen=True)
class Reading:
    error: str | None = None
    latex: str = ""
    canonical: str = ""
    notes: tuple[str, ...] = ()


def read_answer(part: Part, text: str) -> Reading:
    """How the answer was read, or why it cannot be; a blank answer is fine (not answered)."""
    text = text.strip()
    if not text:
        return Reading()
    if part.kind == Part.Kind.CHOICE:
        if not text.isdigit() or not part.options.filter(pk=int(text)).exists():
            return Reading(error="choose one of this question's options")
        return Reading(canonical=str(int(text)))
    if part.kind == Part.Kind.TEXT:
        if len(text) > 20_000:
            return Reading(error="this answer is too long (at most 20,000 characters)")
        return Reading(canonical=text)
    if part.kind == Part.Kind.NUMERIC:
        result = grading.validate_numeric(part.answer, text)
    else:
        result = grading.validate(part.answer, text)
    if not result["ok"]:
        return Reading(error=result["error"])
    return Reading(
        latex=result["latex"], canonical=result["canonical"], notes=tuple(result["notes"])
    )


def grade_answer(part: Part, text: str) -> dict:
    """The engine's verdict on an answer: {equivalent, score (0..1), feedback, error, ...}.

    Text parts are not graded here: they wait for the student's or an instructor's marking.
    """
    if part.kind == Part.Kind.CHOICE:
        option = part.options.filter(pk=int(text)).first() if text.isdigit() else None
        right = bool(option and option.correct)
        return {
            "equivalent": right,
            "score": 1.0 if right else 0.0,
            "feedback": (option.feedback if option else "")
            or ("Correct." if right else "Not the right option."),
            "error": None if option else "this option is not one of the question's",
            "engine_version": grading.ENGINE_VERSION,
        }
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
