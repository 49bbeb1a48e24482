"""Numeric evaluation of resolved trees at random points, vectorised with NumPy.

A *batch* fixes the sizes (N, K), the free indices (k) and draws M random points: scalar
variables become arrays of M values, indexed variables arrays of shape (M, N) or (M, K, N),
declared functions random smooth functions (so `w(x_n)` is a random value per n, and
`w(2 x_n)` something else). Constraints are honoured: positive names get positive values, and
a name constrained to sum to 1 over an index is normalised along that axis.

The evaluator walks the tree itself (no code generation, no `lambdify`), loops over sum
indices in Python and works on whole arrays of points at each node. It watches a deadline.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var
from .render import item_name

MAX_SUM_TERMS = 1000


class Undecidable(Exception):
    """The check cannot be completed (time out, a sum too long); `reason` is for students."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutOfRange(Exception):
    """An indexed variable was used with an index outside its range: a wrong answer."""


# Sums nested in one another multiply: the total terms a check may add up, whatever the
# sizes the part samples (theirs multiply to a few hundred at most).
MAX_NESTED_SUM_TERMS = 20_000


def sum_terms(lo: int, hi: int, enclosing: int) -> int:
    """The terms this sum adds for each term of the sums around it (`enclosing`), checked
    before any is evaluated: a sum beyond every range of the question is a wrong answer,
    refused at once, not an expensive "could not decide"."""
    n = max(0, hi - lo + 1)
    if n > MAX_SUM_TERMS:
        raise OutOfRange(
            f"a sum has more than {MAX_SUM_TERMS} terms, far beyond the question's ranges"
        )
    if enclosing * n > MAX_NESTED_SUM_TERMS:
        raise OutOfRange(
            f"these nested sums add up more than {MAX_NESTED_SUM_TERMS} terms, far beyond "
            "the question's ranges"
        )
    return enclosing * max(n, 1)


@dataclass
class Batch:
    m: int
    sizes: dict[str, int]
    free: dict[str, int]
    scalars: dict[str, np.ndarray]
    arrays: dict[str, np.ndarray]
    offsets: dict[str, tuple[int, ...]]  # per indexed base, the lower bound of each slot
    functions: dict[str, tuple[np.ndarray, bool]]  # name -> (parameters, positive)
    extra: dict = field(default_factory=dict)


def int_value(node: Node, env: dict[str, int], sizes: dict[str, int]) -> int:
    """A sum bound or index range bound (integers, sizes, indices, + - *)."""
    if isinstance(node, Num):
        return int(node.value)
    if isinstance(node, Size):
        return sizes[node.name]
    if isinstance(node, Index):
        return env[node.name]
    if isinstance(node, Neg):
        return -int_value(node.a, env, sizes)
    assert isinstance(node, Bin)
    a, b = int_value(node.a, env, sizes), int_value(node.b, env, sizes)
    return a + b if node.op == "+" else a - b if node.op == "-" else a * b


def _real(
    rng: np.random.Generator, shape: tuple[int, ...], positive: bool, span=(0.2, 3.0)
) -> np.ndarray:
    # Magnitudes in [0.2, 3] by default: large enough to separate forms, small enough not to
    # overflow. Wider spans are for references defined only far from 0 (`sampling.py`).
    values = rng.uniform(*span, size=shape)
    if not positive:
        values *= rng.choice((-1.0, 1.0), size=shape)
    return values


def make_batch(
    compiled,
    rng: np.random.Generator,
    sizes: dict[str, int],
    m: int,
    span: tuple[float, float] = (0.2, 3.0),
    like: Batch | None = None,
) -> Batch:
    """A batch of m random points; with `like`, more points of that batch (the same sizes,
    free indices and functions), drawn with magnitudes in `span`."""
    table = compiled.table
    free = {}
    for name in table.free_indices:
        lo_node, hi_node = table.indices[name]
        lo, hi = int_value(lo_node, {}, sizes), int_value(hi_node, {}, sizes)
        free[name] = int(rng.integers(lo, hi + 1))
    scalars = {v: _real(rng, (m,), v in compiled.positive, span) for v in sorted(table.scalars)}
    arrays, offsets, raw = {}, {}, {}
    for base, slots in sorted(table.indexed.items()):
        bounds = [table.indices[s] for s in slots]
        los = tuple(int_value(lo, {}, sizes) for lo, _ in bounds)
        dims = tuple(
            max(int_value(hi, {}, sizes) - lo + 1, 0)
            for lo, (_, hi) in zip(los, bounds, strict=True)
        )
        values = _real(rng, (m, *dims), base in compiled.positive, span)
        if base in compiled.normalised:
            axis = 1 + compiled.normalised[base]
            raw[base] = rng.uniform(0.1, 1.0, size=(m, *dims))  # for `precise.py`
            values = raw[base] / raw[base].sum(axis=axis, keepdims=True)
        arrays[base], offsets[base] = values, los
    functions = {}
    for fn in sorted(table.functions):
        # f(t) = A sin(B t + C) + D t + E for arguments combined with weights R; positive
        # functions are the exponential of a smaller such wave.
        params = rng.uniform((0.8, 0.7, 0.0, -0.3, -0.5), (1.4, 1.9, 2 * math.pi, 0.3, 0.5))
        functions[fn] = (params, fn in compiled.positive_functions)
    if like is not None:
        free, functions = like.free, like.functions
    extra = {"raw": raw, "normalised": dict(compiled.normalised)}
    return Batch(m, dict(sizes), free, scalars, arrays, offsets, functions, extra)


def take(batches: list[tuple[Batch, np.ndarray]]) -> Batch:
    """One batch made of the chosen points (index arrays) of batches of the same shape."""
    first = batches[0][0]
    scalars = {v: np.concatenate([b.scalars[v][i] for b, i in batches]) for v in first.scalars}
    arrays = {a: np.concatenate([b.arrays[a][i] for b, i in batches]) for a in first.arrays}
    raw = {
        a: np.concatenate([b.extra["raw"][a][i] for b, i in batches]) for a in first.extra["raw"]
    }
    m = sum(len(i) for _, i in batches)
    extra = {**first.extra, "raw": raw}
    return Batch(m, first.sizes, first.free, scalars, arrays, first.offsets, first.functions, extra)


_UNARY = {
    "exp": np.exp, "log": np.log, "ln": np.log, "sqrt": np.sqrt, "abs": np.abs,
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "tanh": np.tanh,
}  # fmt: skip


def _sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def position(batch: Batch, env: dict[str, int], node: Item) -> tuple[int, ...]:
    """Where an indexed variable's value is in its array; OutOfRange outside its range."""
    offsets = batch.offsets[node.base]
    shape = batch.arrays[node.base].shape
    where = []
    for slot, index in enumerate(node.indices):
        i = env[index] if isinstance(index, str) else index
        pos = i - offsets[slot]
        if not 0 <= pos < shape[slot + 1]:
            last = offsets[slot] + shape[slot + 1] - 1
            raise OutOfRange(
                f"your expression uses {item_name(node)} with {index} = {i}, outside "
                f"{offsets[slot]}..{last}"
            )
        where.append(pos)
    return tuple(where)


class Evaluator:
    """Evaluates trees on one batch. Subtrees that cannot change inside the enclosing sums
    (a defined mean inside a sum over n, say) are memoised by the index values they see."""

    def __init__(self, batch: Batch, deadline: float) -> None:
        self.batch = batch
        self.deadline = deadline
        self.env: dict[str, int] = dict(batch.free)
        self.memo: dict[tuple, np.ndarray] = {}

    def value(self, node: Node) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = self.ev(node)
        return np.broadcast_to(np.asarray(out, dtype=float), (self.batch.m,))

    def ev(self, node: Node):
        kind = type(node)
        if kind is Bin:
            a, b = self.ev(node.a), self.ev(node.b)
            op = node.op
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b
            return np.power(a, b)
        if kind is Var:
            return self.batch.scalars[node.name]
        if kind is Item:
            return self._item(node)
        if kind is Num:
            return _float(node.value)
        if kind is Neg:
            return -self.ev(node.a)
        if kind is Index:
            return np.float64(self.env[node.name])
        if kind is Size:
            return np.float64(self.batch.sizes[node.name])
        if kind is Const:
            return np.float64(math.pi if node.name == "pi" else math.e)
        key = (id(node), *(self.env.get(d) for d in node.deps))
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        if kind is Sum:
            out = self._sum(node)
        elif kind is Ref:
            out = self.ev(node.target)
        else:
            assert kind is Call
            out = self._call(node)
        self.memo[key] = out
        return out

    def _item(self, node: Item):
        return self.batch.arrays[node.base][(slice(None), *position(self.batch, self.env, node))]

    def _sum(self, node: Sum):
        lo = int_value(node.lo, self.env, self.batch.sizes)
        hi = int_value(node.hi, self.env, self.batch.sizes)
        outer = getattr(self, "enclosing_terms", 1)
        self.enclosing_terms = sum_terms(lo, hi, outer)
        saved = self.env.get(node.index)
        total = np.float64(0.0)
        try:
            for i in range(lo, hi + 1):
                if time.monotonic() > self.deadline:
                    raise Undecidable("the check ran out of time")
                self.env[node.index] = i
                total = total + self.ev(node.body)
        finally:
            self.enclosing_terms = outer
            if saved is None:
                self.env.pop(node.index, None)
            else:
                self.env[node.index] = saved
        return total

    def _call(self, node: Call):
        if time.monotonic() > self.deadline:
            raise Undecidable("the check ran out of time")
        args = [self.ev(a) for a in node.args]
        fn = node.fn
        if fn in ("sigma", "sigmoid"):
            return _sigmoid(args[0])
        if fn in _UNARY:
            return _UNARY[fn](args[0])
        params, positive = self.batch.functions[fn]
        amp, freq, phase, slope, shift = params
        t = args[0]
        for j, extra in enumerate(args[1:], start=1):
            t = t + (0.5 + 0.3 * j) * extra
        wave = amp * np.sin(freq * t + phase)
        if positive:
            return np.exp(0.5 * wave + shift)
        return wave + slope * t + shift


def _float(value) -> np.float64:
    try:
        return np.float64(float(value))
    except OverflowError:
        return np.float64(math.inf if value > 0 else -math.inf)
