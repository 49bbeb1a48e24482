"""Numeric parts: typed numbers within the part's tolerance; malformed numbers are errors."""

import math

import pytest

import grading

ZERO = {"value": 0}
HALF = {"value": 0.5, "tolerance": 1e-6}
INF = {"value": math.inf}
MINUS_INF = {"value": -math.inf}


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (ZERO, "0"),
        (ZERO, "0.0"),
        (ZERO, "-0"),
        (ZERO, " 0 "),
        (ZERO, "0/5"),
        (ZERO, "1e-10"),  # within the default tolerance 1e-9
        (HALF, "1/2"),
        (HALF, "0.5"),
        (HALF, ".5"),
        (HALF, "5e-1"),
        (HALF, "2/4"),
        (HALF, "0.5000001"),
        (HALF, "+0.5"),
        ({"value": 1}, "1"),
        ({"value": 1}, "1.0"),
        ({"value": -2}, "−2"),  # Unicode minus
        ({"value": 1 / 3}, "1/3"),
        ({"value": "1/3"}, "0.333333333333333333"),
        (INF, "inf"),
        (INF, "+inf"),
        (INF, "∞"),
        (INF, "infinity"),
        (INF, "Infinity"),
        (INF, "INF"),
        (MINUS_INF, "-inf"),
        (MINUS_INF, "-∞"),
        (MINUS_INF, "− infinity"),
    ],
)
def test_right_numbers(spec, text):
    verdict = grading.grade_numeric(spec, text)
    assert verdict["equivalent"] is True, verdict
    assert verdict["score"] == 1.0
    assert verdict["error"] is None


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (ZERO, "0.001"),
        (ZERO, "1"),
        (ZERO, "inf"),
        (HALF, "0.51"),
        (HALF, "-0.5"),
        (INF, "-inf"),
        (INF, "1e300"),
        (MINUS_INF, "inf"),
        ({"value": 1}, "0.999"),
    ],
)
def test_wrong_numbers(spec, text):
    verdict = grading.grade_numeric(spec, text)
    assert verdict["equivalent"] is False
    assert verdict["score"] == 0.0
    assert verdict["error"] is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1..2", "`1..2` is not a number: type for example 0.5, 1/2, 1e-3 or -inf"),
        ("abc", "`abc` is not a number"),
        ("0x10", "is not a number"),
        ("1,5", "is not a number"),
        ("1/0", "division by zero"),
        ("2^3", "is not a number"),
        ("__import__('os')", "is not a number"),
        ("9" * 200, "too long"),
    ],
)
def test_malformed_numbers_are_errors(text, message):
    verdict = grading.grade_numeric(ZERO, text)
    assert verdict["equivalent"] is None and verdict["score"] == 0.0
    assert message in verdict["error"]
    validated = grading.validate_numeric(ZERO, text)
    assert validated["ok"] is False and message in validated["error"]


def test_blank_is_wrong_not_an_error():
    verdict = grading.grade_numeric(ZERO, "  ")
    assert verdict["equivalent"] is False and verdict["error"] is None


@pytest.mark.parametrize(
    ("text", "latex", "canonical"),
    [
        ("0.50", r"\frac{1}{2}", "1/2"),
        ("-3/6", r"-\frac{1}{2}", "-1/2"),
        ("1e3", "1000", "1000"),
        ("∞", r"\infty", "inf"),
        ("-inf", r"-\infty", "-inf"),
    ],
)
def test_validate_numeric_shows_the_number_read(text, latex, canonical):
    assert grading.validate_numeric(ZERO, text) == {
        "ok": True,
        "latex": latex,
        "canonical": canonical,
        "error": None,
        "notes": [],
    }


def test_verdict_shape():
    verdict = grading.grade_numeric(HALF, "1/2")
    assert set(verdict) == {
        "equivalent",
        "score",
        "feedback",
        "error",
        "latex",
        "canonical",
        "mistake",
        "engine_version",
    }
    assert verdict["engine_version"] == grading.ENGINE_VERSION


def test_misconfigured_numeric_part_is_undecided():
    verdict = grading.grade_numeric({"tolerance": 1}, "1")
    assert verdict["equivalent"] is None and "misconfigured" in verdict["feedback"]


def test_choice():
    assert grading.grade_choice(3, 3)["score"] == 1.0
    assert grading.grade_choice(3, "3")["equivalent"] is True
    assert grading.grade_choice(3, 4)["score"] == 0.0
    assert grading.grade_choice(3, None)["equivalent"] is False
