"""What the attempt and results pages show of each part, built from the shared selectors.

Whatever a student may not see yet (the right option, the expected value) is only copied
here when the selector says the part is revealed, so a template cannot show it by mistake.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import grading
from quizapp.models import Attempt, Option, Part, Response
from quizapp.services import Reading, read_answer
from quizapp.services.selectors import PartView, QuestionView, attempt_questions

GRADED_STATES = (Response.Status.GRADED, Response.Status.INVALID, Response.Status.ERROR)


@dataclass
class PartItem:
    view: PartView
    reading: Reading = field(default_factory=Reading)
    hint: str = ""
    chosen: Option | None = None
    # Set only once revealed.
    correct_option: Option | None = None
    expected_value: object = None
    # What the page says about this part after a request: an error in words, and the
    # revision the browser should keep (a refused stale save keeps its own).
    error: str = ""
    client_revision: int | None = None

    @property
    def part(self) -> Part:
        return self.view.part

    @property
    def response(self) -> Response:
        return self.view.response

    @property
    def revealed(self) -> bool:
        return self.view.revealed

    @property
    def form_revision(self) -> int:
        return self.response.revision if self.client_revision is None else self.client_revision

    @property
    def pending(self) -> bool:
        return self.response.status == Response.Status.PENDING

    @property
    def graded(self) -> bool:
        return self.response.status in GRADED_STATES

    @property
    def outcome(self) -> str:
        """In a word, how this part went: right, partial, wrong, blank, self (marked by the
        student), review (waiting for marking), pending or error."""
        response = self.response
        if response.status == Response.Status.NEEDS_REVIEW:
            return "self" if response.self_score is not None else "review"
        if response.status in (Response.Status.PENDING, Response.Status.ERROR):
            return str(response.status)
        if response.score is None:
            return "review"
        if not response.answer:
            return "blank"
        if response.score >= self.part.points:
            return "right"
        return "partial" if response.score > 0 else "wrong"

    @property
    def self_markable(self) -> bool:
        return (
            self.revealed
            and self.part.kind == Part.Kind.TEXT
            and self.response.status == Response.Status.NEEDS_REVIEW
            and self.response.attempt.mode == Attempt.Mode.PRACTICE
        )

    @property
    def score_choices(self) -> list[Decimal]:
        """Steps a student can give their own prose answer: quarters up to a point, halves
        beyond."""
        points = self.part.points
        step = Decimal("0.25") if points <= 1 else Decimal("0.5")
        choices, value = [], Decimal(0)
        while value < points:
            choices.append(value)
            value += step
        return [*choices, points]


@dataclass
class QuestionItem:
    view: QuestionView
    parts: list[PartItem]

    @property
    def solution_shown(self) -> bool:
        return self.view.solution_shown

    @property
    def answered(self) -> bool:
        return self.view.answered

    @property
    def outcome(self) -> str:
        outcomes = [item.outcome for item in self.parts]
        if all(o == "right" for o in outcomes):
            return "right"
        if all(o == "blank" for o in outcomes):
            return "blank"
        if all(o in ("wrong", "blank") for o in outcomes):
            return "wrong"
        if any(o in ("right", "partial") for o in outcomes):
            return "partial"
        return "review"


def part_item(view: PartView) -> PartItem:
    part, response = view.part, view.response
    item = PartItem(view=view)
    if part.kind in (Part.Kind.EXPRESSION, Part.Kind.NUMERIC) and response.answer:
        item.reading = read_answer(part, response.answer)
    if part.kind == Part.Kind.EXPRESSION:
        item.hint = grading.syntax_help(part.answer)
    if part.kind == Part.Kind.CHOICE:
        item.chosen = next((o for o in view.options if str(o.pk) == response.answer), None)
    if view.revealed:
        item.correct_option = next((o for o in view.options if o.correct), None)
        if part.kind == Part.Kind.NUMERIC:
            item.expected_value = part.answer.get("value")
    return item


def attempt_items(attempt: Attempt) -> list[QuestionItem]:
    return [
        QuestionItem(view=view, parts=[part_item(pv) for pv in view.parts])
        for view in attempt_questions(attempt)
    ]


def question_of_part(attempt: Attempt, part_id: int) -> tuple[QuestionItem, PartItem]:
    """The one question holding this part, for a fragment that updates just that part."""
    for view in attempt_questions(attempt):
        for part_view in view.parts:
            if part_view.part.pk == part_id:
                question = QuestionItem(view=view, parts=[part_item(pv) for pv in view.parts])
                item = next(i for i in question.parts if i.part.pk == part_id)
                return question, item
    raise LookupError(part_id)
