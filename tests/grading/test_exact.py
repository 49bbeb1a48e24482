"""Exact verdicts for rational functions: exact fractions at seeded random integer points."""

import pytest

import grading
from grading.exact import exact_verdict

XY = grading.compile_spec({"expected": "x", "variables": ["x", "y"]})


def exact(a: str, b: str) -> bool | None:
    return exact_verdict(XY.read(a).tree, XY.read(b).tree)


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("(x+y)^2", "x^2 + 2x y + y^2", True),
        ("1/(x+1)", "1/(x+2)", False),
        ("(x^3 - x)/x", "x^2 - 1", True),  # equal wherever both are defined
        ("(x+y)^100", "x", False),  # degree 101: still exact
        ("(x+y)^20 (x-y)^20", "(x^2 - y^2)^20", True),
        ("0.1 x + 0.2 x", "0.3 x", True),  # decimals are exact
        ("x/3", "0.333333333333333 x", False),
        ("x^2 - 1 + 1e-12", "x^2 - 1", False),
        ("2/4", "0.5", True),  # constants too
        ("exp(x)", "exp(x)", None),  # not a rational function: numeric evaluation decides
        ("(x+y)^100 (x-y)^100 (x+1)^100 (y+1)^100", "x", None),  # over the degree bound
        ("x/(x - x)", "x", None),  # undefined everywhere
    ],
)
def test_exact_verdicts(a, b, verdict):
    assert exact(a, b) is verdict


def test_exact_verdicts_are_reproducible():
    assert [exact("(x+y)^2", "x^2 + y^2") for _ in range(3)] == [False] * 3
