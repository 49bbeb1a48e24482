"""Deciding whether an answer equals the reference, and saying why not.

Order of work: identical canonical forms are equal at once; rational functions are decided
exactly (`exact.py`); everything else by evaluation at the spec's random points, drawn where
the reference is defined (`sampling.py`), comparing values with respect to their magnitude
and rounding, and at high precision where double precision cannot tell (`compare.py`). A
wrong answer is compared with the part's known mistakes, then explained by a point where the
two differ. Running out of time gives `equivalent: None`, never a wrong verdict.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from .compare import Side, compare, plausibly_equal
from .evaluate import Batch, Evaluator, OutOfRange, Undecidable
from .exact import exact_verdict
from .sampling import SampleSet
from .spec import CompiledSpec, Reading

NICE_REAL = (1.0, 2.0, -1.0, 0.5, 3.0, -2.0, 1.5, -0.5)
NICE_POSITIVE = (1.0, 2.0, 0.5, 3.0, 1.5)


def verdict(equivalent: bool | None, feedback: str, mistake: int | None = None) -> dict:
    score = 1.0 if equivalent is True else 0.0
    return {
        "equivalent": equivalent,
        "score": score,
        "feedback": feedback,
        "error": None,
        "mistake": mistake,
    }


def undecided(reason: str) -> dict:
    return verdict(None, f"Could not decide whether this equals the expected answer: {reason}.")


CORRECT = "Correct."


def samples_for(compiled: CompiledSpec, deadline: float) -> SampleSet:
    samples = compiled.samples
    if samples is not None:  # no lock once drawn: a forked child must never wait on one
        return samples
    with compiled.lock:
        if compiled.samples is None:
            compiled.samples = SampleSet(compiled, deadline)
        return compiled.samples


def decide(compiled: CompiledSpec, reading: Reading, deadline: float) -> dict:
    """The verdict fields `equivalent`, `score`, `feedback`, `error` and `mistake`."""
    if reading.canonical == compiled.expected.canonical:
        return verdict(True, CORRECT)
    try:
        samples = samples_for(compiled, deadline)
    except (Undecidable, OutOfRange) as err:
        return undecided(f"the expected answer could not be evaluated ({err})")
    expected = compiled.expected.tree
    # Rational functions are decided exactly (and cheaply) first.
    exact = exact_verdict(expected, reading.tree)
    if exact is True:
        return verdict(True, CORRECT)
    answer, values, reason = None, None, "the expected answer is undefined at most test points"
    try:
        values = samples.evaluate(reading.tree, deadline)
        answer = Side(reading.tree, values)
    except OutOfRange as err:
        return verdict(False, f"Not equivalent: {err}.")
    except Undecidable as err:
        reason = err.reason
    outcome, where = ("unknown", None)
    if answer is not None:
        outcome, where = compare(samples.batches, samples.expected_side, answer, deadline)
    if outcome == "unknown" and exact is None:
        return undecided(reason)
    if outcome == "equal" and exact is None:
        return verdict(True, CORRECT)
    if values is None:
        return verdict(False, "Not equivalent to the expected answer.")
    for i, mistake in enumerate(compiled.mistakes):
        try:
            mine = samples.mistake_side(i, deadline)
            if plausibly_equal(mine, answer) and (
                compare(samples.batches, mine, answer, deadline)[0] == "equal"
            ):
                return verdict(False, mistake.feedback or "This is a common mistake.", i)
        except (Undecidable, OutOfRange):
            break
    return verdict(False, explain(compiled, samples, reading, values, where, deadline))


# --- explaining a difference ------------------------------------------------------------


def fmt_pair(mine: float, theirs: float) -> tuple[str, str]:
    """Two values as text, with enough digits that they differ: "0.93", "1.10"."""
    for digits in range(2, 12):
        a, b = _fmt(mine, digits), _fmt(theirs, digits)
        if a != b:
            return a, b
    return a, b


def _fmt(value: float, digits: int) -> str:
    if not np.isfinite(value):
        return "undefined"
    if value == 0 or 0.01 <= abs(value) < 1e4:
        return f"{value:.{digits}f}"
    return f"{value:.{digits + 1}g}"


def _nice_number(value: float) -> str:
    return f"{value:g}" if value == round(value, 4) else f"{value:.3g}"


def _outcome(mine: float, theirs: float) -> str:
    if not np.isfinite(mine):
        return f"your expression is undefined, the expected one gives {_fmt(theirs, 2)}"
    a, b = fmt_pair(mine, theirs)
    return f"your expression gives {a}, the expected one {b}"


def explain(compiled, samples: SampleSet, reading: Reading, values, where, deadline) -> str:
    table = compiled.table
    if not compiled.size_order and not table.functions and not table.indexed:
        found = _nice_point(compiled, reading, deadline)
        if found is not None:
            return found
    if where is None:
        return "Not equivalent to the expected answer."
    b, p = where
    batch = samples.batches[b]
    mine, theirs = float(values[b][p]), float(samples.expected[b][p])
    settings = [f"{s} = {batch.sizes[s]}" for s in compiled.size_order]
    settings += [f"{i} = {batch.free[i]}" for i in table.free_indices]
    settings += [f"{v} = {_nice_number(batch.scalars[v][p])}" for v in compiled.variable_order]
    randoms = [f"{base}_{''.join(slots)}" for base, slots in table.indexed.items()]
    randoms += [compiled.usage.get(fn, fn) for fn in sorted(table.functions)]
    if not settings and not randoms:
        return f"Not equivalent: {_outcome(mine, theirs)}."
    text = ", ".join(settings)
    if randoms:
        text += (" and " if text else "") + "random values of " + ", ".join(randoms)
    return f"Not equivalent: with {text}, {_outcome(mine, theirs)}."


def _nice_point(compiled: CompiledSpec, reading: Reading, deadline: float) -> str | None:
    """For parts with scalar variables only: a point with small round values where the
    two differ, as "At z = 1, c = 2 your expression gives 0.93, the expected one 1.10"."""
    names = compiled.variable_order or sorted(compiled.table.scalars)
    choices = [NICE_POSITIVE if v in compiled.positive else NICE_REAL for v in names]
    points = list(itertools.islice(itertools.product(*choices), 64))
    scalars = {v: np.array([pt[i] for pt in points]) for i, v in enumerate(names)}
    batch = Batch(len(points), {}, {}, scalars, {}, {}, {})
    try:
        e = Evaluator(batch, deadline).value(compiled.expected.tree)
        a = Evaluator(batch, deadline).value(reading.tree)
    except (Undecidable, OutOfRange):
        return None
    with np.errstate(all="ignore"):
        clear = np.isfinite(e) & (~np.isfinite(a) | (np.abs(a - e) > 1e-3 * np.abs(e) + 1e-6))
    if not clear.any():
        return None
    p = int(np.argmax(clear))
    if not names:
        return f"Not equivalent: {_outcome(float(a[p]), float(e[p]))}."
    at = ", ".join(f"{v} = {_nice_number(points[p][i])}" for i, v in enumerate(names))
    return f"Not equivalent: at {at} {_outcome(float(a[p]), float(e[p]))}."


def budget_deadline(seconds: float) -> float:
    return time.monotonic() + seconds
