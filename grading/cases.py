"""Kept test cases: sample answers stored with a part (`answer["tests"]`) and the verdict
each must get, re-run whenever the spec is saved or linted.

    tests:
      - {answer: "2 x sigma(x)", verdict: correct}
      - {answer: "2 sigma(x)", verdict: mistake}

A verdict is named by `verdict_name`, from what the engine returns: `correct`, `wrong`,
`mistake` (wrong, and caught by one of the part's mistakes), `unreadable` (the answer cannot
be read) or `undecided` (the checker could not decide).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

VERDICTS = ("correct", "wrong", "mistake", "unreadable", "undecided")
CASE_KEYS = {"answer", "verdict"}
MAX_CASES = 50

Grader = Callable[[dict, str], dict[str, Any]]


def verdict_name(result: dict[str, Any]) -> str:
    """One word for an engine verdict (`check_expression`, `grade_numeric`)."""
    if result.get("error"):
        return "unreadable"
    if result.get("equivalent") is None:
        return "undecided"
    if result["equivalent"]:
        return "correct"
    return "mistake" if result.get("mistake") is not None else "wrong"


def case_shape_problems(cases: Any) -> list[str]:
    """What is wrong with the shape of a `tests` list (nothing is graded here)."""
    if cases is None:
        return []
    if not isinstance(cases, list):
        return ["`tests` must be a list of {answer, verdict}"]
    if len(cases) > MAX_CASES:
        return [f"`tests` has {len(cases)} cases (at most {MAX_CASES})"]
    problems = []
    for number, case in enumerate(cases, start=1):
        if not isinstance(case, dict) or set(case) != CASE_KEYS:
            problems.append(f"test {number} must have exactly `answer` and `verdict`")
        elif not isinstance(case["answer"], str) or not case["answer"].strip():
            problems.append(f"test {number}: `answer` must be a non-empty text")
        elif case["verdict"] not in VERDICTS:
            problems.append(
                f"test {number}: verdict {case['verdict']!r} is not one of {', '.join(VERDICTS)}"
            )
    return problems


def case_problems(answer_spec: dict, grade: Grader) -> list[str]:
    """Each kept case of the spec graded by `grade`: a message for every case whose verdict
    is not the one it keeps, naming the case and the verdict it got."""
    cases = answer_spec.get("tests")
    problems = case_shape_problems(cases)
    if problems or not cases:
        return problems
    spec = {key: value for key, value in answer_spec.items() if key != "tests"}
    for number, case in enumerate(cases, start=1):
        result = grade(spec, case["answer"])
        got = verdict_name(result)
        if got != case["verdict"]:
            why = result.get("error") or result.get("feedback") or ""
            problems.append(
                f"test {number} (`{case['answer']}`): expected {case['verdict']}, got {got}"
                + (f" ({why})" if why else "")
            )
    return problems
