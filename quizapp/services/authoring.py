"""Writing a part's answer key from the admin: trying a sample answer against a key not
saved yet, and adding a wrong answer seen in the statistics as a mistake rule."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

import grading
from quizapp.models import Attempt, Option, Part, Response
from quizapp.services.answers import (
    Reading,
    answer_grade,
    answer_read,
    verdict_points,
    verdict_status,
)
from quizapp.services.errors import InvalidInput

MAX_ANSWER = 2000
MAX_FEEDBACK = 2000
TRIABLE = (Part.Kind.EXPRESSION, Part.Kind.NUMERIC)


@dataclass(frozen=True)
class TriedAnswer:
    """A sample answer as a student would have seen it checked: how it was read, the
    response it would have become, and the verdict's name for a kept test case."""

    reading: Reading
    response: Response
    verdict: str


def part_try_answer(*, part: Part, text: str) -> TriedAnswer:
    """Check `text` against `part` (saved or not) through the student's Check: the same
    reading, grading and points, nothing stored."""
    text = text.strip()
    if part.kind not in TRIABLE:
        raise InvalidInput("only expression and numeric parts can be tried here")
    if not text:
        raise InvalidInput("type an answer to try")
    if len(text) > MAX_ANSWER:
        raise InvalidInput(f"a sample answer has at most {MAX_ANSWER} characters")
    if part.kind == Part.Kind.EXPRESSION:
        try:
            grading.compile_spec(part.answer)
        except grading.SpecError as problem:
            raise InvalidInput(f"the answer key cannot be read: {problem}") from problem
    elif not isinstance(part.answer.get("value"), int | float):
        raise InvalidInput("the answer key needs a value")
    verdict = answer_grade(part=part, text=text)
    status, feedback = verdict_status(verdict)
    points = part.points if part.points is not None else Decimal(1)
    response = Response(
        part=part,
        attempt=Attempt(mode=Attempt.Mode.PRACTICE, status=Attempt.Status.IN_PROGRESS),
        answer=text,
        status=status,
        feedback=feedback,
        verdict=verdict,
        correct=verdict.get("equivalent"),
        auto_score=verdict_points(verdict, status=status, points=points),
    )
    return TriedAnswer(answer_read(part=part, text=text), response, grading.verdict_name(verdict))


def part_add_mistake(*, part: Part, answer: str, feedback: str) -> Part:
    """Append `answer` to an expression part's mistakes with `feedback`, through the rule
    every saved key follows (Part.clean); nothing is saved when it refuses."""
    answer, feedback = answer.strip(), feedback.strip()
    if part.kind != Part.Kind.EXPRESSION:
        raise InvalidInput("only expression parts have mistake rules")
    if not answer or not feedback:
        raise InvalidInput("a mistake rule needs the wrong answer and its feedback")
    if len(answer) > MAX_ANSWER or len(feedback) > MAX_FEEDBACK:
        raise InvalidInput(f"the answer and the feedback have at most {MAX_FEEDBACK} characters")
    with transaction.atomic():
        locked = Part.objects.select_for_update().get(pk=part.pk)
        mistakes = [
            *(locked.answer.get("mistakes") or []),
            {"expected": answer, "feedback": feedback},
        ]
        locked.answer = {**locked.answer, "mistakes": mistakes}
        try:
            locked.full_clean()
        except ValidationError as problem:
            raise InvalidInput("; ".join(problem.messages)) from problem
        locked.save(update_fields=["answer"])
    return locked


def question_preview_parts(*, parts: list[Part]) -> list[dict]:
    """What the admin's preview shows of each part: the part and its options (those saved,
    since options are edited on the part's own page)."""
    options: dict[int, list[Option]] = defaultdict(list)
    saved = [part.pk for part in parts if part.pk]
    for option in Option.objects.filter(part_id__in=saved, retired=False).order_by("position"):
        options[option.part_id].append(option)
    return [{"part": part, "options": options[part.pk]} for part in parts]
