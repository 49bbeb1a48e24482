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
        input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip


def test_check_equivalent():
    done = run("check", "--expected", "x^2-1", "--answer", "(x-1)(x+1)")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "equivalent": True, "error": None, "latex": r"\left(x - 1\right)\,\left(x + 1\right)"
    }  # fmt: skip


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
