"""Numeric parts: reading a typed number and comparing it within the part's tolerance.

Accepted: integers, decimals (`0.5`, `.5`), e-notation (`1e-3`), fractions of those (`1/2`),
and infinities (`inf`, `+inf`, `-inf`, `∞`, `infinity`), each with an optional sign. The
text is read by a regular expression into exact fractions; nothing is evaluated.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

MAX_LENGTH = 100
DEFAULT_TOLERANCE = 1e-9
_NUMBER = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
NUMBER_RE = re.compile(rf"([+-]?)\s*({_NUMBER})(?:\s*/\s*({_NUMBER}))?")
INFINITY_RE = re.compile(r"([+-]?)\s*(?:inf|infinity|∞)", re.IGNORECASE)
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


class NumberError(ValueError):
    pass


def _exact(text: str) -> Fraction:
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    value = Fraction(int(whole + frac or "0"), 10 ** len(frac))
    power = int(exponent) if exponent else 0
    return value * 10**power if power >= 0 else value / 10 ** (-power)


def read_number(text: str) -> Fraction | float:
    """The number typed, exact (Fraction) or an infinity (float). Raises NumberError."""
    if not isinstance(text, str):
        raise NumberError("the answer must be text")
    if len(text) > MAX_LENGTH:
        raise NumberError(f"the answer is too long (at most {MAX_LENGTH} characters)")
    cleaned = text.translate(MINUS_SIGNS).strip()
    if not cleaned:
        raise NumberError("the answer is empty")
    m = INFINITY_RE.fullmatch(cleaned)
    if m:
        return -math.inf if m.group(1) == "-" else math.inf
    m = NUMBER_RE.fullmatch(cleaned)
    if not m:
        raise NumberError(
            f"`{text.strip()}` is not a number: type for example 0.5, 1/2, 1e-3 or -inf"
        )
    sign, top, bottom = m.groups()
    value = _exact(top)
    if bottom is not None:
        denominator = _exact(bottom)
        if denominator == 0:
            raise NumberError("division by zero: the denominator is 0")
        value /= denominator
    return -value if sign == "-" else value


def expected_value(spec: dict) -> float:
    value = spec.get("value") if isinstance(spec, dict) else None
    if isinstance(value, bool) or value is None:
        raise NumberError("this part has no numeric `value`")
    if isinstance(value, int | float):
        return float(value)
    return float(read_number(str(value)))


def tolerance(spec: dict) -> float:
    tol = spec.get("tolerance", DEFAULT_TOLERANCE)
    return float(tol) if tol is not None else DEFAULT_TOLERANCE


def _display(value: Fraction | float) -> tuple[str, str]:
    """(LaTeX, canonical text) of a number as read."""
    if isinstance(value, float):
        return (r"-\infty" if value < 0 else r"\infty"), ("-inf" if value < 0 else "inf")
    if value.denominator == 1:
        text = str(value.numerator)
        return text, text
    sign = "-" if value < 0 else ""
    top, bottom = abs(value.numerator), value.denominator
    return rf"{sign}\frac{{{top}}}{{{bottom}}}", f"{value.numerator}/{bottom}"


def within(answer: Fraction | float, value: float, tol: float) -> bool:
    if math.isinf(value) or isinstance(answer, float):
        return answer == value
    try:
        mine = float(answer)
    except OverflowError:
        return False
    # A hair of relative slack so that 1/3 matches 0.3333333333333333 whatever the tolerance.
    return abs(mine - value) <= tol + 1e-12 * abs(value)


def validate_numeric(answer_spec: dict, text: str) -> dict[str, Any]:
    try:
        value = read_number(text)
    except NumberError as err:
        return {"ok": False, "latex": "", "canonical": "", "error": str(err), "notes": []}
    latex, canonical = _display(value)
    return {"ok": True, "latex": latex, "canonical": canonical, "error": None, "notes": []}


def grade_numeric(answer_spec: dict, text: str, engine_version: str) -> dict[str, Any]:
    base = {"mistake": None, "engine_version": engine_version}
    try:
        expected = expected_value(answer_spec)
        tol = tolerance(answer_spec)
    except (NumberError, TypeError, ValueError) as err:
        feedback = f"Could not decide: this part is misconfigured ({err})."
        return {
            "equivalent": None,
            "score": 0.0,
            "feedback": feedback,
            "latex": "",
            "canonical": "",
            "error": None,
            **base,
        }
    if text is None or (isinstance(text, str) and not text.strip()):
        return {
            "equivalent": False,
            "score": 0.0,
            "feedback": "No answer.",
            "error": None,
            "latex": "",
            "canonical": "",
            **base,
        }
    try:
        value = read_number(text)
    except NumberError as err:
        return {
            "equivalent": None,
            "score": 0.0,
            "feedback": "",
            "error": str(err),
            "latex": "",
            "canonical": "",
            **base,
        }
    latex, canonical = _display(value)
    ok = within(value, expected, tol)
    return {
        "equivalent": ok,
        "score": 1.0 if ok else 0.0,
        "feedback": "Correct." if ok else "Not the expected value.",
        "error": None,
        "latex": latex,
        "canonical": canonical,
        **base,
    }
