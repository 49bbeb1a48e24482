"""Compiling a part's `answer` mapping; problems reported to authors; syntax help."""

from pathlib import Path

import pytest

import grading
from tests.grading.grading_specs import GELU, GMM, MU, PI, POLY, VAR

EXAM = Path(__file__).resolve().parents[2] / "fixtures" / "cs433-2024.yaml"


@pytest.mark.parametrize("spec", [GELU, MU, VAR, PI, POLY])
def test_the_exam_specs_are_sound(spec):
    assert grading.validate_spec(spec) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "needs `expected`"),
        ({"expected": "x +"}, "`expected` `x +`: `+` at column 3 needs something after it"),
        ({"expected": "y", "variables": ["x"]}, "unknown name `y`"),
        ({"expected": "x", "variables": "x y"} | {"indices": {"nn": [1, "N"]}}, "single letter"),
        ({"expected": "x", "indices": {"n": [1]}}, "needs a range like [1, N]"),
        ({"expected": "x", "indices": {"n": [1, 2.5]}}, "must be an integer or a name"),
        ({"expected": "x", "variables": ["x"], "free_indices": ["k"]}, "not in `indices`"),
        ({"expected": "x", "variables": ["x"], "functions": ["exp"]}, "cannot be declared"),
        ({"expected": "x", "variables": ["x"], "functions": ["x"]}, "declared twice"),
        ({"expected": "x", "variables": ["x", "1x"]}, "not a valid name"),
        ({"expected": "x", "variables": ["x"], "constraints": ["x >= 3"]}, "not supported"),
        ({"expected": "x", "variables": ["x"], "constraints": ["x"]}, "not of the form"),
        ({"expected": "x", "variables": ["x"], "positive_functions": ["w"]}, "`functions`"),
        ({"expected": "x", "variables": ["x"], "mistakes": ["x"]}, "needs `expected`"),
        ({"expected": "x", "variables": ["x"], "defined": {"m": "x +"}}, "definition of `m`"),
        ({"expected": "x", "variables": 3}, "must be a list of names"),
    ],
)
def test_spec_errors(spec, message):
    with pytest.raises(grading.SpecError) as err:
        grading.compile_spec(spec)
    assert message in str(err.value)
    assert any(message in p for p in grading.validate_spec(spec))


def test_validate_spec_finds_authoring_mistakes():
    spec = {
        "expected": "x^2",
        "variables": ["x"],
        "typo": 1,
        "mistakes": [{"expected": "x x", "feedback": "same"}, {"expected": "x"}],
    }
    assert grading.validate_spec(spec) == [
        "unknown key `typo`",
        "mistake 1 is equivalent to `expected`",
        "mistake 2 has no feedback",
    ]
    assert grading.validate_spec({"expected": "log(-1 - x^2)", "variables": ["x"]}) == [
        "`expected` is undefined at most test points"
    ]
    out_of_range = {
        "expected": "sum(x_n, n, 1, N + 1)",
        "variables": ["x_n"],
        "indices": {"n": [1, "N"]},
    }
    (problem,) = grading.validate_spec(out_of_range)
    assert problem.startswith("`expected` cannot be evaluated: your expression uses x_n")
    verdict = grading.check_expression(out_of_range, "sum(x_n, n)")
    assert verdict["equivalent"] is None and "could not be evaluated" in verdict["feedback"]


def test_compiled_specs_are_memoised_by_content():
    assert grading.compile_spec(dict(MU)) is grading.compile_spec(dict(MU))
    assert grading.compile_spec(MU) is not grading.compile_spec(PI)


def test_declared_names_in_any_notation():
    spec = {**GMM, "variables": ["x_{n}", "q_{k,n}"], "expected": "sum(q_kn x_n, n)"}
    assert grading.validate(spec, "sum(x_n q_{kn}, n)")["ok"]
    assert grading.validate({"expected": "σ + μ", "variables": ["σ", "mu"]}, "sigma + μ")["ok"]


def test_index_ranges_can_be_expressions():
    spec = {"expected": "sum(x_n, n)", "variables": ["x_n"], "indices": {"n": [0, "N-1"]}}
    assert grading.validate(spec, "sum(x_n, n)")["canonical"] == "sum(x_n, n, 0, N - 1)"
    assert grading.check_expression(spec, "sum(x_n, n, 0, N-1)")["equivalent"] is True
    assert grading.check_expression(spec, "sum(x_n, n, 1, N-1)")["equivalent"] is False


@pytest.mark.parametrize(
    ("spec", "help_text"),
    [
        (GELU, "Use z, c, sigma(t) = 1/(1+e^-t); ^ for powers"),
        (MU, "Use x_n, q_kn, N, K, w(x_n), sum(EXPR, n); ^ for powers"),
        (VAR, "Use x_n, q_kn, m_k, mu_k, N, K, w(x_n), sum(EXPR, n); ^ for powers"),
        (POLY, "Use x; ^ for powers"),
    ],
)
def test_syntax_help(spec, help_text):
    assert grading.syntax_help(spec) == help_text


def test_syntax_help_for_a_broken_spec_is_generic():
    assert "^ for powers" in grading.syntax_help({"expected": "x +"})


def _bank_expression_parts():
    if not EXAM.exists():
        return []
    import yaml

    exam = yaml.safe_load(EXAM.read_text(encoding="utf-8"))
    return [
        pytest.param(part["answer"], id=f"{q['number']}{part.get('label', '')}")
        for q in exam["questions"]
        for part in q.get("parts") or []
        if part.get("kind") == "expression"
    ]


@pytest.mark.parametrize("spec", _bank_expression_parts())
def test_the_bank_expression_parts(spec):
    assert grading.validate_spec(spec) == []
    assert grading.check_expression(spec, spec["expected"])["equivalent"] is True
    for i, mistake in enumerate(spec.get("mistakes") or []):
        verdict = grading.check_expression(spec, mistake["expected"])
        assert verdict["equivalent"] is False
        assert verdict["mistake"] == i
