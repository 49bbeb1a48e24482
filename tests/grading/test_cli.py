"""`python -m grading check ...`, run as a separate process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "grading", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_check_equivalent():
    done = run("check", "--expected", "x^2-1", "--answer", "(x-1)(x+1)")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "equivalent": True,
        "error": None,
        "latex": r"\left(x - 1\right)\,\left(x + 1\right)",
    }


def test_check_not_equivalent_and_errors():
    done = run("check", "--expected", "x^2-1", "--answer", "(x-1)(x+2)")
    assert json.loads(done.stdout)["equivalent"] is False
    done = run("check", "--expected", "x^2-1", "--answer", "(x-1)(y+1)")
    result = json.loads(done.stdout)
    assert done.returncode == 0
    assert result["equivalent"] is None
    assert result["error"].startswith("unknown name `y` at column 7")


def test_check_with_declared_variables():
    done = run("check", "--expected", "x", "--answer", "x + 0 y", "--vars", "x,y")
    assert json.loads(done.stdout)["equivalent"] is True


def test_batch_answers_each_line_in_order():
    lines = [
        {"expected": "sigma(c z)", "answer": "1/(1+e^-cz)"},
        "this is not JSON",
        {"expected": "x", "answer": "__import__('os')"},
        {"expected": "a b", "answer": "ab", "vars": ["a", "b"]},
        [1, 2],
        {"expected": "x^2", "answer": "x x"},
        {"expected": "x +", "answer": "x"},
        {"expected": 3, "answer": "3"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    done = run("check", "--batch", stdin=stdin)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(lines)
    assert [r["equivalent"] for r in results] == [True, None, None, True, None, True, None, None]
    assert results[1]["error"].startswith("line 2:")
    assert "cannot start with `_`" in results[2]["error"]
    assert results[6]["error"].startswith("expected: ")
    assert all(set(r) == {"equivalent", "error", "latex"} for r in results)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--expected", "x"),
        ("check", "--answer", "x"),
        ("check", "--batch", "--expected", "x"),
        ("frobnicate",),
        (),
    ],
)
def test_bad_usage_exits_2(args):
    assert run(*args).returncode == 2


def test_lint_the_exam_bank():
    exam = ROOT / "fixtures" / "cs433-2024.yaml"
    if not exam.exists():
        pytest.skip("no exam bank in this checkout")
    done = run("lint", str(exam))
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("0 problem(s)")


# --- declarations, as a part's spec makes them (issue 14) --------------------------------

GMM_FLAGS = (
    "--vars",
    "x_n,q_kn",
    "--functions",
    "w",
    "--positive-functions",
    "w",
    "--indices",
    "n=1..N,k=1..K",
    "--free-indices",
    "k",
    "--constraint",
    "q_kn >= 0",
    "--constraint",
    "sum(q_kn, k) = 1",
)


def check_in_process(*args: str, stdin: str = "") -> list[dict]:
    import io

    from grading.cli import main

    out = io.StringIO()
    assert main(["check", *args], stdin=io.StringIO(stdin), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("args", "equivalent"),
    [
        (
            (
                "--expected",
                "n(n+1)(2n+1)/6",
                "--answer",
                "sum(k^2, k, 1, n)",
                "--indices",
                "k=1..n",
            ),
            True,
        ),
        (
            (
                "--expected",
                "n(n+1)(2n+1)/6",
                "--answer",
                "sum(k^2, k, 1, n - 1)",
                "--indices",
                "k=1..n",
            ),
            False,
        ),
        (("--expected", "c", "--answer", "sqrt(c^2)", "--positive", "c"), True),
        (("--expected", "c", "--answer", "sqrt(c^2)"), False),
        (("--expected", "w(x) + 1", "--answer", "1 + w(x)", "--functions", "w"), True),
        (
            (
                "--expected",
                "sum(w(x_n) q_kn, n) / sum(w(x_n), n)",
                "--answer",
                "sum(w(x_n) q_kn, n)/sum(sum(w(x_n) q_kn, k), n)",
                *GMM_FLAGS,
            ),
            True,
        ),
        (
            (
                "--expected",
                "mu",
                "--answer",
                "sum(x_n, n)/N",
                "--vars",
                "x_n,mu",
                "--indices",
                "n=1..N",
                "--define",
                "mu=sum(x_n, n)/N",
            ),
            True,
        ),
    ],
)
def test_check_with_the_declarations_of_a_spec(args, equivalent):
    [result] = check_in_process(*args)
    assert result["error"] is None
    assert result["equivalent"] is equivalent


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--indices", "n=1.N"), "expected: index range `n=1.N` is not of the form n=1..N"),
        (
            ("--constraint", "x < 0"),
            "expected: constraint `x < 0` is not of the form `q_kn >= 0` or `sum(q_kn, k) = 1`",
        ),
        (("--define", "mu"), "expected: definition `mu` is not of the form name=EXPR"),
    ],
)
def test_bad_declarations_are_errors(args, error):
    assert check_in_process("--expected", "x", "--answer", "x", *args) == [
        {"equivalent": None, "error": error, "latex": ""}
    ]


def test_batch_lines_carry_the_same_declarations():
    lines = [
        {"expected": "n(n+1)(2n+1)/6", "answer": "sum(k^2, k, 1, n)", "indices": "k=1..n"},
        {"expected": "n(n+1)(2n+1)/6", "answer": "sum(k^2, k, 1, n)", "indices": {"k": [1, "n"]}},
        {"expected": "c", "answer": "sqrt(c^2)", "positive": ["c"]},
        {"expected": "w(x)", "answer": "w(x) + 1", "functions": "w"},
        {"expected": "x", "answer": "x", "positive": 3},
    ]
    results = check_in_process("--batch", stdin="\n".join(json.dumps(x) for x in lines))
    assert [r["equivalent"] for r in results] == [True, True, True, False, None]
    assert results[4]["error"] == "expected: `positive` must be a list of names"


def test_declarations_and_batch_do_not_mix():
    assert run("check", "--batch", "--positive", "c").returncode == 2


@pytest.mark.parametrize(
    ("expected", "answer", "equivalent"),
    [
        # `sigma` used bare is a variable (a Gaussian's width), not the sigmoid.
        ("exp(-(x-mu)^2/(2 sigma^2))", "exp(-(mu-x)^2/(2 sigma^2))", True),
        ("exp(-(x-mu)^2/(2 sigma^2))", "exp(-(mu-x)^2/(2 sigma))", False),
        # Called, it is still the sigmoid.
        ("sigma(x)", "1/(1+exp(-x))", True),
    ],
)
def test_check_without_vars_takes_a_function_name_used_bare_as_a_variable(
    expected, answer, equivalent
):
    done = run("check", "--expected", expected, "--answer", answer)
    assert done.returncode == 0
    assert (json.loads(done.stdout)["equivalent"], json.loads(done.stdout)["error"]) == (
        equivalent,
        None,
    )


def test_lint_runs_the_kept_test_cases_and_fails_on_one_that_breaks(tmp_path):
    bank = tmp_path / "exam.yaml"
    bank.write_text(
        """
questions:
  - number: 3
    parts:
      - label: a
        kind: expression
        answer:
          expected: "2 x"
          variables: [x]
          tests:
            - {answer: "x + x", verdict: correct}
            - {answer: "x^2", verdict: correct}
      - label: b
        kind: numeric
        answer:
          value: 0.5
          tests: [{answer: "0.25", verdict: correct}]
""",
        encoding="utf-8",
    )
    done = run("lint", str(bank))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "question 3a: test 2 (`x^2`): expected correct, got wrong "
        "(Not equivalent: at x = 1 your expression gives 1.00, the expected one 2.00.)",
        "question 3b: test 1 (`0.25`): expected correct, got wrong (Not the expected value.)",
        "2 problem(s)",
    ]
