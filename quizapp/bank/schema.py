"""Checking an exam file's data before anything touches the database.

Every problem is reported with the question and the field it is in, so an instructor editing
the YAML by hand can find it: `question 7, parts[0].options: exactly one option must be
correct (found 2)`.
"""

import datetime
import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import grading

QUESTION_KINDS = ("choice", "truefalse", "open")
PART_KINDS = ("choice", "numeric", "expression", "text")
# The fields of a question that its `reconstructed` and `corrected` lists may name, each with
# the words students read in the note on the question (Question.notes). The one list of them.
NOTED_FIELDS = {
    "number": "the question's number",
    "topic": "the topic",
    "prompt": "the statement",
    "figure": "the figure",
    "options": "the answer options",
    "key": "the answer key",
    "solution": "the solution",
}
# What a `corrected` entry says: the field, what changed, and the source's own wording.
CORRECTION_KEYS = ("field", "change", "source")


class BankError(ValueError):
    """A malformed exam file. The message names the question and field."""


def _require(mapping: dict, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in mapping or mapping[key] is None:
        raise BankError(f"{where}: `{key}` is required")
    value = mapping[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise BankError(f"{where}, {key}: expected {names}, got {type(value).__name__}")
    return value


def _points(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise BankError(f"{where}, points: expected a number, got {value!r}")
    try:
        points = Decimal(str(value))
    except InvalidOperation as error:
        raise BankError(f"{where}, points: expected a number, got {value!r}") from error
    # Part.points holds 999.99 at most (max_digits=5, decimal_places=2).
    if not 0 <= points < 1000 or points != points.quantize(Decimal("0.01")):
        raise BankError(
            f"{where}, points: {value!r} must be from 0 to 999.99 with at most two decimals"
        )
    return points


def check_exam_header(exam: Any) -> None:
    if not isinstance(exam, dict):
        raise BankError("exam: expected a mapping with slug, title, course, date, ...")
    _require(exam, "slug", "exam", str)
    _require(exam, "title", "exam", str)
    _require(exam, "course", "exam", str)
    date = _require(exam, "date", "exam", (datetime.date, str))
    if isinstance(date, str):
        try:
            datetime.date.fromisoformat(date)
        except ValueError as error:
            raise BankError(f"exam, date: {date!r} is not a date (YYYY-MM-DD)") from error
    minutes = _require(exam, "duration_minutes", "exam", int)
    if minutes < 1:
        raise BankError("exam, duration_minutes: must be at least 1")
    _require(exam, "instructions", "exam", str)
    if not isinstance(exam.get("published", True), bool):
        raise BankError("exam, published: expected true or false")


def check_figure(figure: Any, where: str, fixtures_dir: Path) -> None:
    """A figure is an existing file under fixtures/figures/: a missing one would break every
    page that shows its question."""
    if not isinstance(figure, str) or not figure.startswith("figures/") or ".." in figure:
        raise BankError(f"{where}: {figure!r} must be a path under figures/")
    if not (fixtures_dir / figure).is_file():
        raise BankError(f"{where}: {figure} does not exist under {fixtures_dir.name}/")


def check_reference_expression(answer: dict) -> str | None:
    """The engine must be able to read and evaluate an expression part's reference, its
    definitions and its mistakes (and no mistake may equal the reference)."""
    for text in [answer["expected"], *(m.get("expected", "") for m in answer.get("mistakes", []))]:
        reading = grading.validate(answer, text)
        if not reading["ok"]:
            return f"cannot read {text!r}: {reading['error']}"
    problems = grading.validate_spec(answer)
    return "; ".join(problems) if problems else None


def check_question(
    question: Any,
    where: str,
    fixtures_dir: Path,
    check_expression: Callable[[dict], str | None] = check_reference_expression,
) -> None:
    if not isinstance(question, dict):
        raise BankError(f"{where}: expected a mapping")
    number = _require(question, "number", where, int)
    where = f"question {number}"
    _require(question, "topic", where, str)
    kind = _require(question, "kind", where, str)
    if kind not in QUESTION_KINDS:
        raise BankError(f"{where}, kind: {kind!r} is not one of {', '.join(QUESTION_KINDS)}")
    _require(question, "prompt", where, str)
    if "solution" in question:
        _require(question, "solution", where, str)
    figure = question.get("figure")
    if figure:
        check_figure(figure, f"{where}, figure", fixtures_dir)
    parts = _require(question, "parts", where, list)
    has_options = any(isinstance(part, dict) and part.get("options") for part in parts)
    check_notes(
        question.get("reconstructed", []),
        question.get("corrected", []),
        where,
        present_fields(question, has_options=has_options),
    )
    if not parts:
        raise BankError(f"{where}, parts: a question needs at least one part")
    labels = [part.get("label") if isinstance(part, dict) else None for part in parts]
    if len(set(labels)) != len(labels):
        raise BankError(f"{where}, parts: labels must be unique, got {labels}")
    if kind != "open" and (len(parts) != 1 or parts[0].get("kind") != "choice"):
        raise BankError(f"{where}, parts: a {kind} question has exactly one choice part")
    for index, part in enumerate(parts):
        check_part(part, f"{where}, parts[{index}]", check_expression)
    if kind == "truefalse":
        texts = sorted(str(option.get("text", "")) for option in parts[0]["options"])
        if texts != ["False", "True"]:
            raise BankError(f"{where}, parts[0].options: a true/false question has True and False")


def present_fields(question: Any, *, has_options: bool) -> set[str]:
    """The noted fields a question has: a note may only name one of these. `question` is a
    file's mapping or a Question (whose parts the caller counts)."""
    read = question.get if isinstance(question, dict) else lambda name: getattr(question, name)
    present = {"number", "topic", "prompt", "key"}
    present |= {name for name in ("figure", "solution") if read(name)}
    return present | ({"options"} if has_options else set())


def check_notes(reconstructed: Any, corrected: Any, where: str, present: set[str]) -> None:
    """`reconstructed` lists fields written anew; `corrected` lists changes to the source's
    text, each `{field, change, source}`. Every entry names a field the question has."""
    if not isinstance(reconstructed, list) or not all(
        isinstance(name, str) and name in NOTED_FIELDS for name in reconstructed
    ):
        raise BankError(
            f"{where}, reconstructed: expected a list of field names from {', '.join(NOTED_FIELDS)}"
        )
    if not isinstance(corrected, list):
        raise BankError(f"{where}, corrected: expected a list of {{field, change, source}}")
    for index, entry in enumerate(corrected):
        at = f"{where}, corrected[{index}]"
        if not isinstance(entry, dict) or set(entry) != set(CORRECTION_KEYS):
            raise BankError(f"{at}: expected a mapping with exactly {', '.join(CORRECTION_KEYS)}")
        if not all(isinstance(entry[key], str) and entry[key].strip() for key in CORRECTION_KEYS):
            raise BankError(f"{at}: field, change and source must be non-empty text")
        if entry["field"] not in NOTED_FIELDS:
            raise BankError(
                f"{at}, field: {entry['field']!r} is not one of {', '.join(NOTED_FIELDS)}"
            )
    for key, names in (("reconstructed", reconstructed), ("corrected", corrected)):
        for name in names:
            name = name["field"] if isinstance(name, dict) else name
            if name not in present:
                raise BankError(f"{where}, {key}: names `{name}`, which the question does not have")


def check_part(
    part: Any,
    where: str,
    check_expression: Callable[[dict], str | None] = check_reference_expression,
) -> None:
    if not isinstance(part, dict):
        raise BankError(f"{where}: expected a mapping")
    label = part.get("label", "")
    if not isinstance(label, str) or len(label) > 20:
        raise BankError(f"{where}, label: expected a short string")
    kind = _require(part, "kind", where, str)
    if kind not in PART_KINDS:
        raise BankError(f"{where}, kind: {kind!r} is not one of {', '.join(PART_KINDS)}")
    _points(part.get("points"), where)
    if "prompt" in part and not isinstance(part["prompt"], str):
        raise BankError(f"{where}, prompt: expected text")
    if kind == "choice":
        check_options(part.get("options"), f"{where}, options")
    elif part.get("options"):
        raise BankError(f"{where}, options: only choice parts have options")
    check_answer(kind, part.get("answer"), where, check_expression)


def check_answer(
    kind: str,
    answer: Any,
    where: str,
    check_expression: Callable[[dict], str | None] = check_reference_expression,
) -> None:
    """A part's key (`where` names the part), by its kind: none for a choice part (its
    options' `correct` is the key), a number for a numeric part, a spec the engine accepts
    for an expression, a rubric for a text part. The kept test cases of a numeric or an
    expression part (`tests`) must get the verdicts they keep."""
    if kind == "choice":
        if answer:
            raise BankError(f"{where}, answer: a choice part is keyed by its options' `correct`")
        return
    if answer is None:
        raise BankError(f"{where}: `answer` is required")
    if not isinstance(answer, dict):
        raise BankError(f"{where}, answer: expected dict, got {type(answer).__name__}")
    if kind == "numeric":
        value = _require(answer, "value", f"{where}.answer", (int, float))
        tolerance = answer.get("tolerance", 0)
        if isinstance(value, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            raise BankError(f"{where}.answer: value must be a number and tolerance >= 0")
        if not (math.isfinite(value) and math.isfinite(tolerance)):
            # JSON, and so the database's answer column, has no infinity.
            raise BankError(f"{where}.answer: value and tolerance must be finite numbers")
        problems = grading.check_cases(answer, kind="numeric")
        if problems:
            raise BankError(f"{where}.answer: {'; '.join(problems)}")
    elif kind == "expression":
        _require(answer, "expected", f"{where}.answer", str)
        variables = _require(answer, "variables", f"{where}.answer", list)
        if not all(isinstance(name, str) for name in variables):
            raise BankError(f"{where}.answer, variables: expected a list of names")
        problem = check_expression(answer)
        if problem:
            raise BankError(f"{where}.answer: {problem}")
    else:
        _require(answer, "rubric", f"{where}.answer", str)


def check_options(options: Any, where: str) -> None:
    """A choice part's options: at least two, each with text, exactly one correct."""
    if not isinstance(options, list):
        raise BankError(f"{where}: `options` is required (a list)")
    if len(options) < 2:
        raise BankError(f"{where}: a choice part needs at least two options")
    for index, option in enumerate(options):
        if not isinstance(option, dict) or not isinstance(option.get("text"), str):
            raise BankError(f"{where}[{index}]: expected a mapping with `text`")
        if not isinstance(option.get("correct", False), bool):
            raise BankError(f"{where}[{index}], correct: expected true or false")
    check_correct_count(sum(1 for option in options if option.get("correct")), where)


def check_correct_count(correct: int, where: str, *, complete: bool = True) -> None:
    """Exactly one correct option; while a part is still being built option by option (the
    API), at most one."""
    if correct > 1 or (complete and correct != 1):
        raise BankError(f"{where}: exactly one option must be correct (found {correct})")
