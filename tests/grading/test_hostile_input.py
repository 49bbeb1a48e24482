"""Hostile input gets a clear error or a quick "not equivalent": never execution, never a
hang or a crash. Through `check_expression_isolated`, what takes too long ends its own
check with "could not decide", and the caller lives on."""

import multiprocessing
import os
import time

import pytest

import grading
import grading.api
from grading import syntax
from grading.isolation import run_isolated
from tests.grading.grading_specs import GELU, POLY

HOSTILE = [
    "__import__('os').system('touch /tmp/grading-pwned')",
    '__import__("os")',
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__",
    "eval('1+1')",
    "exec('import os')",
    "open('/etc/passwd').read()",
    "lambda: 1",
    "import os",
    "os.system('ls')",
    "getattr(x, '__dict__')",
    "[x for x in ()]",
    "{'a': 1}",
    "x if x else 1",
    "x; import os",
    "`ls`",
    "$(ls)",
    "\x00",
    "x\u202ey",
    "\\input{/etc/passwd}",
    "9^9^9^9",
    "9**9**9**9",
    "10^100^100",
    "(10^30)^100",
    "x^(10^100)",
    "2^2^2^2^2",
    "1" * 400,
    "1e999",
    "1e-999",
    "0." + "0" * 200 + "1",
    "(" * 5000 + "x" + ")" * 5000,
    "(" * 30 + "x" + ")" * 30,
    "-" * 240 + "x",
    "x" + "^x" * 100,
    "sigma(" * 20 + "x" + ")" * 20,
    "x" * 100_000,
    "x + " * 25_000 + "x",
    "a" * 499,
    "x" + "+x" * 150,
    # long runs of letters: the search for a glued split must stay small
    "x" * 499,
    "x" * 490 + "_n",
    "xy" * 240 + "_1",
    "σ" * 400,
    "x" * 480 + "sigma(x)",
    # exact simplification is only tried where it is quick
    "(x+1)^100 - 1/(x+1)^100",
    "((x+1)^10)^10",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_refused_or_not_equivalent(text):
    result = grading.validate(POLY, text)
    verdict = grading.check_expression(POLY, text, cache=grading.LRUCache())
    if result["ok"]:
        assert verdict["equivalent"] in (False, None)
    else:
        assert result["error"]
        assert verdict["error"] == result["error"]
        assert verdict["equivalent"] is None and verdict["score"] == 0.0
    assert not os.path.exists("/tmp/grading-pwned")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 100_000, "the answer is too long (100000 characters; at most 500)"),
        ("(" * 5000 + "x" + ")" * 5000, "the answer is too long"),
        ("(" * 30 + "x" + ")" * 30, "too many nested parentheses at column 26"),
        ("9^9^9^9", "the exponent at column 5 is too large (at most 100)"),
        ("(10^30)^100", "too large"),
        ("1" * 400, "too many digits"),
        ("1e999", "too large or too small"),
        ("-" * 240 + "x", "nested too deeply"),
        ("x" + "+x" * 150, "too long (more than 250 symbols)"),
        ("x.__class__", "unexpected `.` at column 2"),
        ("__import__('os')", "unexpected `_` at column 1: a name cannot start with `_`"),
    ],
)
def test_hostile_text_gets_a_clear_message(text, message):
    assert message in grading.validate(POLY, text)["error"]


def test_deep_nesting_is_rejected_by_the_linear_prescan_before_parsing():
    text = "(" * 5000 + "x" + ")" * 5000
    old = syntax.MAX_LENGTH
    try:
        syntax.MAX_LENGTH = 100_000  # even without the length limit
        with pytest.raises(syntax.ParseError, match="too many nested parentheses"):
            syntax.prescan(text)
    finally:
        syntax.MAX_LENGTH = old


def test_overflowing_values_are_not_equal_by_accident():
    assert grading.check_expression(POLY, "exp(exp(exp(exp(x))))")["equivalent"] is False


# --- isolation ------------------------------------------------------------------------

PATHOLOGICAL = "sum(sum(sum(i j l, i, 1, 1000), j, 1, 1000), l, 1, 1000)"


def test_isolated_check_gives_the_same_verdict():
    for text in ["sigma(cz) + cz sigma(cz)(1-sigma(cz))", "sigma(cz)", "c z +"]:
        local = grading.check_expression(GELU, text, cache=grading.LRUCache())
        isolated = grading.check_expression_isolated(GELU, text, cache=grading.LRUCache())
        assert isolated == local


def test_sums_beyond_every_range_are_refused_before_they_cost_anything():
    verdict = grading.check_expression_isolated(POLY, PATHOLOGICAL, cache=grading.LRUCache())
    assert verdict["equivalent"] is False
    assert "far beyond the question's ranges" in verdict["feedback"]


def test_a_check_past_its_time_is_undecided_and_the_caller_lives(monkeypatch):
    monkeypatch.setattr(grading.api, "_decide_in_child", _endless)
    pid = os.getpid()
    verdict = grading.check_expression_isolated(
        POLY, "x^2 + 1", cache=grading.LRUCache(), wall_seconds=1.0, cpu_seconds=1
    )
    assert verdict["equivalent"] is None
    assert verdict["score"] == 0.0
    assert "could not decide" in verdict["feedback"].lower()
    assert os.getpid() == pid
    # and the engine still works here
    monkeypatch.undo()
    assert grading.check_expression(POLY, "(x-1)(x+1)")["equivalent"] is True


def _spin():
    while True:
        pass


def _allocate():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def _fail():
    raise RuntimeError("boom")


def _answer():
    return {"value": 42}


def test_run_isolated_kills_on_the_wall_clock():
    assert run_isolated(_spin, (), wall_seconds=0.5, cpu_seconds=30) == ("timeout", None)


def test_run_isolated_cpu_limit():
    assert run_isolated(_spin, (), wall_seconds=20, cpu_seconds=1) == ("timeout", None)


def test_run_isolated_memory_limit():
    status, _ = run_isolated(_allocate, (), wall_seconds=20, cpu_seconds=10, memory_mb=200)
    assert status == "memory"


def test_run_isolated_reports_errors_and_results():
    assert run_isolated(_fail, ()) == ("error", "RuntimeError: boom")
    assert run_isolated(_answer, ()) == ("ok", {"value": 42})


def _endless(*args):
    time.sleep(30)


def _in_daemon(queue):
    """Runs inside a daemonic multiprocessing process, like a Celery prefork worker."""
    right = grading.check_expression_isolated(GELU, "sigma(cz) + cz sigma(cz)(1-sigma(cz))")
    grading.api._decide_in_child = _endless  # this daemon's copy only
    slow = grading.check_expression_isolated(POLY, "x^2 + 2", wall_seconds=1.0, cpu_seconds=1)
    queue.put((right["equivalent"], slow["equivalent"], slow["feedback"]))


def test_isolation_works_inside_a_daemon_process():
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    worker = ctx.Process(target=_in_daemon, args=(queue,), daemon=True)
    worker.start()
    try:
        right, slow, feedback = queue.get(timeout=60)
    finally:
        worker.join(timeout=10)
    assert worker.exitcode == 0
    assert right is True
    assert slow is None and "could not decide" in feedback.lower()


def test_when_no_child_process_can_be_made_the_check_is_undecided(monkeypatch):
    import grading.isolation

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(grading.isolation.os, "fork", no_fork)
    verdict = grading.check_expression_isolated(GELU, "sigma(z)", cache=grading.LRUCache())
    assert verdict["equivalent"] is None and verdict["error"] is None
    assert "could not decide" in verdict["feedback"].lower()
