"""The SymPy builder, and the rule that no text ever reaches an evaluator."""

import re
from pathlib import Path

import sympy

import grading
from grading.build import to_sympy
from tests.grading.grading_specs import MU, VAR

GRADING = Path(grading.__file__).parent


def build(spec: dict, text: str):
    compiled = grading.compile_spec(spec)
    return to_sympy(compiled.read(text).tree, frozenset(compiled.positive))


def test_arithmetic_and_functions():
    spec = {"expected": "x", "variables": ["x", "c"], "positive": ["c"]}
    x, c = sympy.Symbol("x", real=True), sympy.Symbol("c", positive=True)
    assert build(spec, "x^2 - 1") == x**2 - 1
    assert build(spec, "sigma(c x)") == 1 / (1 + sympy.exp(-c * x))
    assert build(spec, "ln(x) + abs(x) + sqrt(c)") == sympy.log(x) + sympy.Abs(x) + sympy.sqrt(c)
    assert build(spec, "2.5 pi e") == sympy.Rational(5, 2) * sympy.pi * sympy.E


def test_sums_indexed_names_and_declared_functions():
    n = sympy.Symbol("n", integer=True)
    big_n = sympy.Symbol("N", integer=True, positive=True)
    k = sympy.Symbol("k", integer=True)
    x, q = sympy.IndexedBase("x"), sympy.IndexedBase("q")
    w = sympy.Function("w")
    expected = sympy.Sum(w(x[n]) * q[k, n] * x[n], (n, 1, big_n)) / sympy.Sum(
        w(x[n]) * q[k, n], (n, 1, big_n)
    )
    assert build(MU, MU["expected"]) == expected


def test_defined_names_are_written_out():
    assert build(VAR, "mu_k") == build(VAR, "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)")


def test_unevaluated_building_keeps_the_structure():
    compiled = grading.compile_spec({"expected": "x", "variables": ["x"]})
    tree = compiled.read("x + x").tree
    assert to_sympy(tree, evaluate=False).args == (sympy.Symbol("x", real=True),) * 2


FORBIDDEN = re.compile(r"\b(sympify|parse_expr|eval|exec|lambdify)\(|\bS\(|__import__")


def test_no_text_evaluators_in_the_engine():
    for path in GRADING.glob("*.py"):
        if path.name == "tasks.py":
            continue  # the Celery shell, not the engine
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#")[0]
            assert not FORBIDDEN.search(code), f"{path.name}:{number}: {line.strip()}"


def test_the_engine_imports_no_django():
    import subprocess
    import sys

    code = "import sys, grading, grading.cli, grading.isolation; print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=GRADING.parent, check=True
    )
    assert out.stdout.strip() == "False"
