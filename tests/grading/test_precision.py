"""Verdicts decided by the mathematics, not by the tolerance of double precision (issue 14):
tiny values are not all equal, near-equal constants are told apart, cancellation is
recognised, narrow domains are sampled where the reference is defined, and the verdicts do
not depend on the seed."""

import pytest

import grading
from grading.spec import clear_memo

POLY13_EXPANDED = (
    "14336000000 x^13 + 250265600000 x^12 + 1862860800000 x^11 + 7623925760000 x^10"
    " + 18290677760000 x^9 + 24744757985280 x^8 + 14567212351488 x^7 - 3267871272960 x^6"
    " - 6408053107200 x^5 + 670406720000 x^4 + 1179708800000 x^3 - 429244800000 x^2"
    " + 56696000000 x - 2680000000"
)
POLY13_FACTORED = "512 (2x+5)^7 (5x-1)^5 (70x+67)"
NESTED_ROOTS = "(930249+416020 sqrt(5))^(1/30) - (930249-416020 sqrt(5))^(1/30)"


def spec(expected: str, *variables: str, **more) -> dict:
    return {"expected": expected, "variables": list(variables), **more}


# (name, spec, answer, the verdict it must get)
CASES = [
    # Tiny values are values: no absolute floor makes them equal.
    ("e^-21 is not e^-22", spec("exp(-21)"), "exp(-22)", False),
    ("0 is not e^-30", spec("0"), "exp(-30)", False),
    ("e^-30 is not 0", spec("exp(-30)"), "0", False),
    ("x e^-30 is not 0", spec("x exp(-30)", "x"), "0", False),
    ("0 is not x e^-30", spec("0", "x"), "x exp(-30)", False),
    ("x e^-30 is x e^-30", spec("x exp(-30)", "x"), "x / exp(30)", True),
    ("a tiny added constant counts", spec("exp(x)", "x"), "exp(x) + 1e-20", False),
    ("a constant below double resolution", spec("pi"), "pi + 10^-30", False),
    # Near-equal constants are told apart; decimals are exact.
    ("a rounded exponent", spec("2^((1/5.1) t)", "t"), "2^(0.196078431373 t)", False),
    ("the same exponent, written as a fraction", spec("2^((1/5.1) t)", "t"), "2^(10/51 t)", True),
    ("the same exponent, divided", spec("2^((1/5.1) t)", "t"), "2^(t/5.1)", True),
    ("decimals add exactly", spec("0.3 x", "x"), "0.1 x + 0.2 x", True),
    ("a rounded third", spec("x/3", "x"), "0.333333333333333 x", False),
    # Cancellation: true identities stay true, and large terms do not hide differences.
    ("degree 13, expanded against factored", spec(POLY13_EXPANDED, "x"), POLY13_FACTORED, True),
    ("degree 13, factored against expanded", spec(POLY13_FACTORED, "x"), POLY13_EXPANDED, True),
    (
        "degree 13, one coefficient off",
        spec(POLY13_FACTORED, "x"),
        POLY13_EXPANDED.replace("56696000000 x", "56696000001 x"),
        False,
    ),  # fmt: skip
    ("nested roots equal 1", spec("1"), NESTED_ROOTS, True),
    ("1 equals the nested roots", spec(NESTED_ROOTS), "1", True),
    ("nested roots are not 1 + 1e-12", spec(NESTED_ROOTS), "1 + 1e-12", False),
    (
        "large terms cancelling",
        spec("exp(2x)", "x"),
        "(exp(x) + 10^9)^2 - 10^18 - 2*10^9 exp(x)",
        True,
    ),  # fmt: skip
    (
        "large terms cancelling, off by a little",
        spec("exp(2x)", "x"),
        "(exp(x) + 10^9)^2 - 10^18 - 2*10^9 exp(x) + 0.001",
        False,
    ),  # fmt: skip
    # Narrow domains: sampled where the reference is defined.
    ("a power of a cube", spec("6((x-2)^3)^k", "x", "k"), "6 (x-2)^(3k)", True),
    ("a cube's power", spec("6 (x-2)^(3k)", "x", "k"), "6((x-2)^3)^k", True),
    ("defined from x = 5 on", spec("sqrt(x-3) sqrt(x-5)", "x"), "sqrt((x-3)(x-5))", True),
    (
        "undefined below x = 3, where the reference is defined",
        spec("sqrt((x-3)(x-5))", "x"),
        "sqrt(x-3) sqrt(x-5)",
        False,
    ),  # fmt: skip
    ("defined from x = 50 on", spec("log(x - 50)", "x"), "log(2 (x - 50)) - log(2)", True),
]


def verdict(answer_spec: dict, text: str) -> bool | None:
    return grading.check_expression(answer_spec, text, cache=grading.LRUCache())["equivalent"]


@pytest.mark.parametrize(
    ("answer_spec", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_verdict_is_decided_by_the_mathematics(answer_spec, text, expected):
    assert verdict(answer_spec, text) is expected


@pytest.mark.parametrize("salt", [1, 2, 3, 4, 5])
def test_verdicts_do_not_depend_on_the_seed(monkeypatch, salt):
    import grading.sampling

    monkeypatch.setattr(grading.sampling, "SEED_SALT", salt)
    clear_memo()
    try:
        assert [verdict(s, t) for _, s, t, _ in CASES] == [v for *_, v in CASES]
    finally:
        clear_memo()


def test_high_precision_past_its_cost_bound_is_undecided_never_wrong(monkeypatch):
    import grading.precise

    monkeypatch.setattr(grading.precise, "MAX_OPERATIONS", 5)
    answer = "(exp(x) + 10^9)^2 - 10^18 - 2*10^9 exp(x)"  # every point needs high precision
    result = grading.check_expression(spec("exp(2x)", "x"), answer, cache=grading.LRUCache())
    assert result["equivalent"] is None
    assert result["feedback"].startswith("Could not decide")
    assert verdict(spec("1"), NESTED_ROOTS) is None


def test_rounding_bounds_keep_the_size_of_cancelling_terms():
    import numpy as np

    from grading.evaluate import make_batch
    from grading.scales import EPS, ScaleEvaluator

    compiled = grading.compile_spec(spec("x", "x"))
    batch = make_batch(compiled, np.random.default_rng(0), {}, 8)
    tree = compiled.read("(x + 10^9) - 10^9").tree
    values, bound = ScaleEvaluator(batch, float("inf")).pair(tree)
    x = batch.scalars["x"]
    assert (values != x).any()  # the cancellation lost digits...
    assert (np.abs(values - x) <= EPS * bound).all()  # ...within the bound
    assert (bound >= 2e9).all()  # which keeps the size of the terms, 10^9, not of x
