"""Comparing two expressions' values at the sample points, respecting magnitude.

At each point where both are defined, two double-precision values are
  equal      when they agree to the last bits, or within the rounding error that their
             evaluation may carry (`scales.py`), provided that error is small next to them;
  different  when they differ by far more (10^5 times) than that rounding error;
  doubtful   otherwise (cancellation, or a difference close to rounding): such points are
             decided again at high precision (`precise.py`).
There is no absolute floor: 0 and e^-30 differ, as do e^-21 and e^-22. Expressions without
variables are decided at high precision, and those holding constants finer than double
precision resolves (`1e-20`, `10^-30`, a 15-digit decimal) are confirmed at high precision
before being called equal.
"""

from __future__ import annotations

import numpy as np

from .evaluate import Batch, Evaluator, OutOfRange, Undecidable
from .nodes import Bin, Call, Index, Item, Node, Num, Ref, Size, Var, walk
from .precise import decide_point
from .scales import EPS, ScaleEvaluator

MIN_POINTS = 8  # points where both sides are defined, to call two expressions equal
AGREE = 32 * EPS  # relative: the last few bits (finer constants are confirmed anyway)
WITHIN = 64  # times the rounding bound
CLEAR = 1e5  # times the rounding bound: a difference rounding cannot explain
TRUSTED = 1e-9  # rounding bound relative to the values, below which double agreement counts
MAX_PRECISE_POINTS = 8  # doubtful points decided at high precision, per comparison
CONFIRM_POINTS = 2


class Side:
    """One expression's values on a spec's batches; its rounding bounds (per batch) and
    whether it holds constants finer than double precision are worked out when first
    needed, once: a wrong answer usually shows on the first batch."""

    def __init__(self, tree: Node, values: list[np.ndarray]) -> None:
        self.tree, self.values = tree, values
        self._bounds: dict[int, np.ndarray] = {}
        self._fine: bool | None = None
        self.constant = not any(_varies(n) for n in walk(tree))

    def bound(self, b: int, batch: Batch, deadline: float) -> np.ndarray:
        if b not in self._bounds:
            try:
                self._bounds[b] = ScaleEvaluator(batch, deadline).pair(self.tree)[1]
            except (OutOfRange, Undecidable):
                self._bounds[b] = np.full(batch.m, np.nan)
        return self._bounds[b]

    @property
    def fine(self) -> bool:
        if self._fine is None:
            self._fine = has_fine_constants(self.tree)
        return self._fine


def compare(
    batches: list[Batch], expected_side: Side, answer_side: Side, deadline: float
) -> tuple[str, tuple | None]:
    """("equal" | "differ" | "undefined" | "unknown", (batch, point) where they differ)."""
    trees = (expected_side.tree, answer_side.tree)
    expected, answer = expected_side.values, answer_side.values
    if expected_side.constant and answer_side.constant:
        # Every point has the same values: one point, at high precision, decides.
        outcome = decide_point(trees[0], trees[1], batches[0], 0, deadline)
        if outcome in ("differ", "undefined"):
            return "differ", (0, 0)
        return ("equal" if outcome == "equal" else "unknown"), None
    both_total = expected_total = 0
    doubtful: list[tuple[float, int, int]] = []
    agreed: list[tuple[int, int]] = []
    for b, (e, a) in enumerate(zip(expected, answer, strict=True)):
        e_ok, a_ok = np.isfinite(e), np.isfinite(a)
        both = e_ok & a_ok
        with np.errstate(all="ignore"):
            diff = np.abs(e - a)
            size = np.maximum(np.abs(e), np.abs(a))
        agree = both & (diff <= AGREE * size)
        rest = both & ~agree
        if rest.any():
            noise = EPS * (
                expected_side.bound(b, batches[b], deadline)
                + answer_side.bound(b, batches[b], deadline)
            )
            with np.errstate(all="ignore"):
                equal = rest & (diff <= WITHIN * noise) & (noise <= TRUSTED * size)
                differ = rest & (diff > CLEAR * noise)
                ratio = diff / np.where(noise > 0, noise, np.inf)
            if differ.any():
                return "differ", (b, int(np.argmax(differ)))
            agree |= equal
            for p in np.flatnonzero(rest & ~equal):
                doubtful.append((-float(np.nan_to_num(ratio[p], nan=0.0)), b, int(p)))
        agreed += [(b, int(p)) for p in np.flatnonzero(agree)[:CONFIRM_POINTS]]
        both_total += int(agree.sum())
        expected_total += int(e_ok.sum())
    # Doubtful points, most suspicious first, at high precision.
    # Points left doubtful count for neither side.
    expected_total -= max(0, len(doubtful) - MAX_PRECISE_POINTS)
    for _, b, p in sorted(doubtful)[:MAX_PRECISE_POINTS]:
        outcome = decide_point(trees[0], trees[1], batches[b], p, deadline)
        if outcome in ("differ", "undefined"):
            return "differ", (b, p)
        if outcome == "equal":
            both_total += 1
            agreed.append((b, p))
        else:
            expected_total -= 1
    if expected_total < MIN_POINTS:
        return "unknown", None
    if both_total < expected_total / 3:
        # Undefined where the reference is defined, at most points: not the same function.
        for b, (e, a) in enumerate(zip(expected, answer, strict=True)):
            gap = np.isfinite(e) & ~np.isfinite(a)
            if gap.any():
                return "undefined", (b, int(np.argmax(gap)))
    if both_total < MIN_POINTS:
        return "unknown", None
    if expected_side.fine or answer_side.fine:
        for b, p in agreed[:CONFIRM_POINTS]:
            outcome = decide_point(trees[0], trees[1], batches[b], p, deadline)
            if outcome in ("differ", "undefined"):
                return "differ", (b, p)
            if outcome != "equal":
                return "unknown", None
    return "equal", None


def plausibly_equal(first: Side, second: Side) -> bool:
    """A cheap screen before `compare` when matching known mistakes, where a miss costs only
    the mistake's feedback: False when most points of the first batch where both are
    defined differ by more than a relative 10^-6, which rounding alone does not do."""
    a, b = first.values[0], second.values[0]
    with np.errstate(all="ignore"):
        both = np.isfinite(a) & np.isfinite(b)
        far = both & (np.abs(a - b) > 1e-6 * np.maximum(np.abs(a), np.abs(b)))
    return 2 * int(far.sum()) <= int(both.sum())


def has_fine_constants(tree: Node) -> bool:
    """Whether the tree holds a constant that double precision cannot resolve next to the
    rest: a literal or constant subexpression below 10^-6 or above 10^12, or a literal with
    more than 12 digits."""
    varies: set[int] = set()
    for node in reversed(list(walk(tree))):  # children before their parents
        if _varies(node) or any(id(k) in varies for k in node.children()):
            varies.add(id(node))
        elif isinstance(node, Num):
            if node.value != 0 and _fine_literal(node):
                return True
        elif isinstance(node, Bin | Call) and not 1e-6 <= abs(_constant(node)) <= 1e12:
            return True
    return False


def _varies(node: Node) -> bool:
    # A defined name counts as varying: its definition is not walked here.
    return isinstance(node, Var | Item | Index | Size | Ref) or (
        isinstance(node, Call) and node.fn not in _BUILTIN
    )


_BUILTIN = {"exp", "log", "ln", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigma", "sigmoid"}


def _fine_literal(node: Num) -> bool:
    """A literal below 10^-6 or above 10^12 in size, or with more than 12 digits."""
    value = abs(float(node.value))
    mantissa = node.text.lower().split("e")[0].replace(".", "").lstrip("0")
    return value < 1e-6 or value > 1e12 or len(mantissa) > 12


def _constant(node: Node) -> float:
    batch = Batch(1, {}, {}, {}, {}, {}, {})
    try:
        return float(Evaluator(batch, float("inf")).value(node)[0])
    except (OutOfRange, Undecidable, KeyError):
        return float("nan")
