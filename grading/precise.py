"""Deciding one sample point at high precision with mpmath, when double precision cannot.

A point is evaluated twice, at 30 and at 60 significant digits, on the very same inputs
(the batch's doubles are exact binary numbers; literals are exact fractions; normalised
values are normalised again at the working precision). The change between the two
precisions bounds the rounding of the 30-digit values, and the 60-digit values carry about
10^-30 of that: so two expressions are equal at the point when their 60-digit values agree
within that bound, different when they do not, and undecided only when even 30 digits were
all lost to cancellation.

Cost is bounded: every operation counts against `MAX_OPERATIONS` and the check's deadline;
past either, the point is undecided (never a wrong verdict).
"""

from __future__ import annotations

import threading
import time

import mpmath

from .evaluate import Batch, int_value, sum_terms
from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var

LOW_DPS, HIGH_DPS = 30, 60
MAX_OPERATIONS = 20_000  # per evaluation of one tree at one point and precision
HUGE = 2**2048  # larger than any double: no finite double value needs more

_local = threading.local()


class TooCostly(Exception):
    """The high-precision evaluation would take too long: the point stays undecided."""


def _context() -> mpmath.MPContext:
    # One private context per thread (creating one costs milliseconds); its precision is
    # set per evaluation, so threads never see each other's.
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = mpmath.MPContext()
    return ctx


class PreciseEvaluator:
    """Evaluates a tree at point `p` of a batch; NaN where the value is undefined."""

    def __init__(self, batch: Batch, p: int, dps: int, deadline: float) -> None:
        self.ctx = _context()
        self.ctx.dps = dps
        self.batch, self.p, self.deadline = batch, p, deadline
        self.env: dict[str, int] = dict(batch.free)
        self.memo: dict[tuple, object] = {}
        self.operations = 0
        self.nan = self.ctx.nan

    def value(self, node: Node):
        out = self.ev(node)
        return out if self.ctx.isfinite(out) else self.nan

    def ev(self, node: Node):
        self.operations += 1
        if self.operations > MAX_OPERATIONS or (
            self.operations % 64 == 0 and time.monotonic() > self.deadline
        ):
            raise TooCostly
        ctx, kind = self.ctx, type(node)
        if kind is Num:
            return ctx.mpf(node.value.numerator) / node.value.denominator
        if kind is Var:
            return ctx.mpf(float(self.batch.scalars[node.name][self.p]))
        if kind is Item:
            return self._item(node)
        if kind is Const:
            return +ctx.pi if node.name == "pi" else +ctx.e
        if kind is Index:
            return ctx.mpf(self.env[node.name])
        if kind is Size:
            return ctx.mpf(self.batch.sizes[node.name])
        if kind is Neg:
            return -self.ev(node.a)
        if kind is Bin:
            return self._bin(node.op, self.ev(node.a), self.ev(node.b))
        key = (id(node), *(self.env.get(d) for d in node.deps))
        if key in self.memo:
            return self.memo[key]
        if kind is Sum:
            out = self._sum(node)
        elif kind is Ref:
            out = self.ev(node.target)
        else:
            assert kind is Call
            out = self._call(node)
        self.memo[key] = out
        return out

    def _bin(self, op: str, a, b):
        ctx = self.ctx
        if ctx.isnan(a) or ctx.isnan(b):
            return self.nan
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b if b != 0 else self.nan
        if a == 0:
            return self.nan if b < 0 else (ctx.one if b == 0 else ctx.zero)
        if a < 0 and not ctx.isint(b):
            return self.nan  # as NumPy: a negative base to a non-integer power
        if a < 0:  # an integer power of a negative number
            sign = -1 if int(b) % 2 else 1
            return a ** int(b) if abs(b) <= 4096 else sign * ctx.exp(b * ctx.log(-a))
        return a**b

    def _item(self, node: Item):
        batch = self.batch
        offsets = batch.offsets[node.base]
        where = tuple(
            (self.env[i] if isinstance(i, str) else i) - offsets[slot]
            for slot, i in enumerate(node.indices)
        )
        raw = batch.extra.get("raw", {}).get(node.base)
        if raw is None:
            return self.ctx.mpf(float(batch.arrays[node.base][(self.p, *where)]))
        # Normalised along one slot: normalise again at this precision, so the values sum
        # to 1 exactly as far as this precision can tell.
        axis = batch.extra["normalised"][node.base]
        line = list(where)
        line[axis] = slice(None)
        total = self.ctx.fsum(float(v) for v in raw[(self.p, *line)])
        return self.ctx.mpf(float(raw[(self.p, *where)])) / total

    def _sum(self, node: Sum):
        lo = int_value(node.lo, self.env, self.batch.sizes)
        hi = int_value(node.hi, self.env, self.batch.sizes)
        outer = getattr(self, "enclosing_terms", 1)
        self.enclosing_terms = sum_terms(lo, hi, outer)
        saved = self.env.get(node.index)
        total = self.ctx.zero
        try:
            for i in range(lo, hi + 1):
                self.env[node.index] = i
                total = self._bin("+", total, self.ev(node.body))
        finally:
            self.enclosing_terms = outer
            if saved is None:
                self.env.pop(node.index, None)
            else:
                self.env[node.index] = saved
        return total

    def _call(self, node: Call):
        ctx = self.ctx
        args = [self.ev(a) for a in node.args]
        if any(ctx.isnan(a) for a in args):
            return self.nan
        t, fn = args[0], node.fn
        if fn in ("sigma", "sigmoid"):
            return 1 / (1 + ctx.exp(-t))
        if fn == "exp":
            return ctx.exp(t)
        if fn in ("log", "ln"):
            return ctx.log(t) if t > 0 else self.nan
        if fn == "sqrt":
            return ctx.sqrt(t) if t >= 0 else self.nan
        if fn == "abs":
            return abs(t)
        if fn in ("sin", "cos", "tan", "tanh"):
            if abs(t) > HUGE:  # argument reduction would need that many digits of pi
                raise TooCostly
            return getattr(ctx, fn)(t)
        params, positive = self.batch.functions[fn]
        amp, freq, phase, slope, shift = (ctx.mpf(float(v)) for v in params)
        for j, extra in enumerate(args[1:], start=1):
            t = t + (ctx.mpf(5) + 3 * j) / 10 * extra
        wave = amp * ctx.sin(freq * t + phase)
        if positive:
            return ctx.exp(wave / 2 + shift)
        return wave + slope * t + shift


def decide_point(expected: Node, answer: Node, batch: Batch, p: int, deadline: float) -> str:
    """ "equal", "differ", "undefined" (the answer is, the reference is not), "skip" (the
    reference is undefined) or "unknown", from 30- and 60-digit values at point `p`."""
    try:
        e_low = PreciseEvaluator(batch, p, LOW_DPS, deadline).value(expected)
        a_low = PreciseEvaluator(batch, p, LOW_DPS, deadline).value(answer)
        e = PreciseEvaluator(batch, p, HIGH_DPS, deadline).value(expected)
        a = PreciseEvaluator(batch, p, HIGH_DPS, deadline).value(answer)
    except (TooCostly, OverflowError, ZeroDivisionError, ValueError):
        return "unknown"
    ctx = _context()
    if ctx.isnan(e):
        return "skip"
    if ctx.isnan(a):
        return "undefined"
    if ctx.isnan(e_low) or ctx.isnan(a_low):
        return "unknown"
    size = abs(e) + abs(a)
    rounding = abs(e_low - e) + abs(a_low - a) + size * ctx.mpf(10) ** (2 - LOW_DPS)
    if rounding > size / 100 and rounding > abs(e - a):
        return "unknown"  # even 30 digits were lost to cancellation
    # The 60-digit values are about 10^-30 as rounded as the 30-digit ones; 10^-25 is safe.
    return "equal" if abs(e - a) <= rounding * ctx.mpf(10) ** -25 else "differ"
