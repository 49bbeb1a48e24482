"""The public functions (re-exported by `grading/__init__.py`)."""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np

from . import numeric
from .cache import DEFAULT_TIMEOUT, UNDECIDED_TIMEOUT, VerdictCache, default_cache
from .cache import cache_key as _key
from .cases import case_problems
from .compare import compare
from .equivalence import budget_deadline, decide, samples_for, undecided
from .evaluate import OutOfRange, Undecidable
from .nodes import Call, walk
from .spec import KNOWN_KEYS, CompiledSpec, Reading, SpecError, compile_spec
from .syntax import ParseError

ENGINE_VERSION = "1.1"
CHECK_SECONDS = 3.0  # in-process budget of one check


def _blank(**fields: Any) -> dict[str, Any]:
    out = {
        "equivalent": None,
        "score": 0.0,
        "feedback": "",
        "error": None,
        "latex": "",
        "canonical": "",
        "mistake": None,
        "engine_version": ENGINE_VERSION,
    }
    out.update(fields)
    return out


def validate(answer_spec: dict, text: str) -> dict[str, Any]:
    """How `text` was read: {"ok", "latex", "canonical", "error", "notes", "column"}.

    Cheap enough to call on every keystroke: the spec is compiled once, and reading is a
    bounded parse plus two tree printers."""
    out: dict[str, Any] = {
        "ok": False,
        "latex": "",
        "canonical": "",
        "error": None,
        "notes": [],
        "column": None,
    }
    try:
        compiled = compile_spec(answer_spec)
    except SpecError as err:
        out["error"] = f"this part is misconfigured: {err}"
        return out
    if not isinstance(text, str):
        out["error"] = "the answer is empty" if text is None else "the answer must be text"
        return out
    try:
        reading = compiled.read(text)
    except ParseError as err:
        out.update(error=err.message, column=err.column)
        return out
    out.update(ok=True, latex=reading.latex, canonical=reading.canonical, notes=reading.notes)
    return out


def prepare(
    answer_spec: dict, text: str, cache: VerdictCache | None
) -> dict[str, Any] | tuple[CompiledSpec, Reading, str]:
    """Everything before the expensive part: a final verdict (misconfigured spec, unreadable
    or blank answer, cache hit), or what `decide` needs and the cache key."""
    try:
        compiled = compile_spec(answer_spec)
    except SpecError as err:
        # The author's problem: undecided (for an instructor), not the student's error.
        return _blank(**undecided(f"this part is misconfigured ({err})"))
    if text is None or (isinstance(text, str) and not text.strip()):
        return _blank(equivalent=False, feedback="No answer.")
    if not isinstance(text, str):
        return _blank(error="the answer must be text")
    try:
        reading = compiled.read(text)
    except ParseError as err:
        return _blank(error=err.message)
    key = _key(ENGINE_VERSION, compiled.key, reading.canonical)
    hit = (default_cache if cache is None else cache).get(key)
    if isinstance(hit, dict):
        # The cached verdict, shown with this text's own reading.
        return {**hit, "latex": reading.latex, "canonical": reading.canonical}
    return compiled, reading, key


def finish(result: dict[str, Any], reading: Reading, key: str, cache: VerdictCache | None):
    out = _blank(**result, latex=reading.latex, canonical=reading.canonical)
    # "Could not decide" may go better on a quieter worker, but the same costly answer sent
    # again and again must not cost a check each time: it is kept for a minute.
    timeout = DEFAULT_TIMEOUT if out["equivalent"] is not None else UNDECIDED_TIMEOUT
    (default_cache if cache is None else cache).set(key, out, timeout)
    return out


def check_expression(
    answer_spec: dict, text: str, *, cache: VerdictCache | None = None
) -> dict[str, Any]:
    """Grade an expression answer in this process (see `check_expression_isolated`)."""
    prepared = prepare(answer_spec, text, cache)
    if isinstance(prepared, dict):
        return prepared
    compiled, reading, key = prepared
    try:
        result = decide(compiled, reading, budget_deadline(CHECK_SECONDS))
    except (RecursionError, MemoryError, OverflowError):
        result = undecided("the expression is too large to check")
    return finish(result, reading, key, cache)


def check_expression_isolated(
    answer_spec: dict,
    text: str,
    *,
    cache: VerdictCache | None = None,
    wall_seconds: float = 5.0,
    cpu_seconds: int = 5,
    memory_mb: int = 512,
) -> dict[str, Any]:
    """`check_expression` with the expensive part in a forked child process under CPU,
    memory and wall-clock limits: a hostile expression ends its own check ("could not
    decide"), never the calling worker. Works inside daemonic (Celery prefork) processes.
    Cache look-ups and stores happen in the caller."""
    from .isolation import run_isolated

    prepared = prepare(answer_spec, text, cache)
    if isinstance(prepared, dict):
        return prepared
    compiled, reading, key = prepared
    # Draw the spec's sample points here (the reference answer is trusted), so that they are
    # kept for the next check and the child finds them ready without taking a lock.
    with contextlib.suppress(Undecidable, OutOfRange):
        samples = samples_for(compiled, budget_deadline(CHECK_SECONDS))
        for b, batch in enumerate(samples.batches):  # and their rounding bounds
            samples.expected_side.bound(b, batch, budget_deadline(CHECK_SECONDS))
    # Leave the child a margin to report "out of time" itself before it is killed.
    budget = max(0.05, min(CHECK_SECONDS, wall_seconds * 0.8))
    status, payload = run_isolated(
        _decide_in_child,
        (compiled, reading, budget),
        wall_seconds=wall_seconds,
        cpu_seconds=cpu_seconds,
        memory_mb=memory_mb,
    )
    if status != "ok" or not isinstance(payload, dict):
        reason = {"timeout": "the check ran out of time", "memory": "the check ran out of memory"}
        payload = undecided(reason.get(status, "the check failed"))
    return finish(payload, reading, key, cache)


def _decide_in_child(compiled: CompiledSpec, reading: Reading, budget: float) -> dict:
    try:
        return decide(compiled, reading, budget_deadline(budget))
    except (RecursionError, OverflowError):
        return undecided("the expression is too large to check")


def grade_numeric(answer_spec: dict, text: str) -> dict[str, Any]:
    """A numeric answer within the part's absolute tolerance ("equivalent")."""
    return numeric.grade_numeric(answer_spec, text, ENGINE_VERSION)


def validate_numeric(answer_spec: dict, text: str) -> dict[str, Any]:
    return numeric.validate_numeric(answer_spec, text)


def check_cases(answer_spec: dict, *, kind: str = "expression") -> list[str]:
    """The kept test cases (`answer_spec["tests"]`) of an expression or numeric part that do
    not get the verdict they keep, one message each (see grading/cases.py)."""
    return case_problems(answer_spec, grade_numeric if kind == "numeric" else check_expression)


def grade_choice(correct_option_id: Any, chosen: Any) -> dict[str, Any]:
    """1.0 for the correct option, 0.0 for another one or none."""
    if chosen is None or chosen == "":
        return _blank(equivalent=False, feedback="No answer.")
    right = str(chosen) == str(correct_option_id)
    return _blank(
        equivalent=right,
        score=1.0 if right else 0.0,
        canonical=str(chosen),
        feedback="Correct." if right else "Not the correct option.",
    )


def syntax_help(answer_spec: dict) -> str:
    """One line of plain text: the names and functions this part accepts."""
    try:
        compiled = compile_spec(answer_spec)
    except SpecError:
        return "Use ^ for powers, * or a space for products, sum(EXPR, n) for sums."
    table = compiled.table
    items = list(compiled.variable_order) + sorted(table.scalars - set(compiled.variable_order))
    items += [f"{base}_{''.join(slots)}" for base, slots in table.indexed.items()]
    items += sorted(table.defined) + list(compiled.size_order)
    items += [compiled.usage[fn] for fn in sorted(table.functions)]
    trees = [compiled.expected.tree, *table.defined.values()]
    used = {n.fn for tree in trees for n in walk(tree) if isinstance(n, Call)}
    if used & {"sigma", "sigmoid"}:
        items.append("sigma(t) = 1/(1+e^-t)")
    items += [f"sum(EXPR, {i})" for i in table.indices if i not in table.free_indices]
    return "Use " + ", ".join(items) + ("; " if items else "") + "^ for powers"


def cache_key(answer_spec: dict, canonical: str) -> str:
    """The cache key of a verdict: engine version, spec and canonical answer."""
    return _key(ENGINE_VERSION, compile_spec(answer_spec).key, canonical)


def validate_spec(answer_spec: dict) -> list[str]:
    """Problems with an expression part's `answer` mapping, for authors and the exam loader:
    an empty list when it is fine."""
    if not isinstance(answer_spec, dict):
        return ["`answer` must be a mapping"]
    problems = [f"unknown key `{k}`" for k in sorted(answer_spec) if k not in KNOWN_KEYS]
    try:
        compiled = compile_spec(answer_spec)
    except SpecError as err:
        return problems + [str(err)]
    deadline = budget_deadline(CHECK_SECONDS)
    try:
        samples = samples_for(compiled, deadline)
    except (Undecidable, OutOfRange) as err:
        return problems + [f"`expected` cannot be evaluated: {err}"]
    defined = sum(int(np.isfinite(v).sum()) for v in samples.expected)
    if defined < sum(b.m for b in samples.batches) / 2:
        problems.append("`expected` is undefined at most test points")
    for i, mistake in enumerate(compiled.mistakes):
        try:
            side = samples.mistake_side(i, deadline)
        except (Undecidable, OutOfRange) as err:
            problems.append(f"mistake {i + 1} cannot be evaluated: {err}")
            continue
        if compare(samples.batches, side, samples.expected_side, deadline)[0] == "equal":
            problems.append(f"mistake {i + 1} is equivalent to `expected`")
        if not mistake.feedback:
            problems.append(f"mistake {i + 1} has no feedback")
    return problems + check_cases(answer_spec)
