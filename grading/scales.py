"""How much rounding a double-precision value may carry: a running error bound.

Alongside each value the evaluator here carries `s`, a first-order bound on its rounding
error in units of the machine epsilon: every operation adds the size of its own result and
passes on its operands' errors, scaled by how sensitive the operation is to them. A sum of
large terms that cancel keeps the size of the terms in `s` although its value is small, so
a comparison can tell "equal within rounding" from "different" from "cancellation: cannot
tell in double precision" (then `precise.py` decides).

Run only where plain values do not already agree to the last bits, batch by batch: the
reference answer's and the known mistakes' bounds once per spec, an answer's when needed.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .evaluate import Batch, Undecidable, _float, int_value, position, sum_terms
from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var

EPS = float(np.finfo(float).eps)


def _ratio(s, a):
    """s / |a|, and 0 where s is 0 (an exact operand contributes nothing, even at a = 0)."""
    return np.where(s == 0, 0.0, s / np.abs(a))


class ScaleEvaluator:
    """Evaluates (value, error bound / EPS) pairs on one batch, memoised like `Evaluator`."""

    def __init__(self, batch: Batch, deadline: float) -> None:
        self.batch = batch
        self.deadline = deadline
        self.env: dict[str, int] = dict(batch.free)
        self.memo: dict[tuple, tuple] = {}

    def pair(self, node: Node) -> tuple[np.ndarray, np.ndarray]:
        """`node`'s values at each point, and their error bounds in units of EPS."""
        with np.errstate(all="ignore"):
            v, s = self.ev(node)
        m = (self.batch.m,)
        return (
            np.broadcast_to(np.asarray(v, dtype=float), m),
            np.broadcast_to(np.asarray(s, dtype=float), m),
        )

    def ev(self, node: Node) -> tuple:
        kind = type(node)
        if kind is Bin:
            return self._bin(node.op, self.ev(node.a), self.ev(node.b))
        if kind is Var:
            return self.batch.scalars[node.name], 0.0
        if kind is Item:
            value = self.batch.arrays[node.base][
                (slice(None), *position(self.batch, self.env, node))
            ]
            # Normalised values carry the rounding of their normalisation.
            normalised = node.base in self.batch.extra.get("normalised", ())
            return value, 2.0 * np.abs(value) if normalised else 0.0
        if kind is Num:
            v = _float(node.value)
            exact = node.value.denominator & (node.value.denominator - 1) == 0
            return v, 0.0 if exact else abs(v)
        if kind is Neg:
            v, s = self.ev(node.a)
            return -v, s
        if kind is Index:
            return np.float64(self.env[node.name]), 0.0
        if kind is Size:
            return np.float64(self.batch.sizes[node.name]), 0.0
        if kind is Const:
            return np.float64(math.pi if node.name == "pi" else math.e), 1.0
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

    @staticmethod
    def _bin(op: str, x: tuple, y: tuple) -> tuple:
        (a, sa), (b, sb) = x, y
        if op == "+" or op == "-":
            r = a + b if op == "+" else a - b
            return r, sa + sb + np.abs(r)
        if op == "*":
            r = a * b
            return r, np.abs(b) * sa + np.abs(a) * sb + np.abs(r)
        if op == "/":
            r = a / b
            return r, (sa + np.abs(r) * sb) / np.abs(b) + np.abs(r)
        r = np.power(a, b)
        log_a = np.log(np.abs(a))
        sens = np.abs(b) * _ratio(sa, a) + np.where(sb == 0, 0.0, sb * np.abs(log_a))
        return r, np.abs(r) * (sens + 1.0)

    def _sum(self, node: Sum) -> tuple:
        lo = int_value(node.lo, self.env, self.batch.sizes)
        hi = int_value(node.hi, self.env, self.batch.sizes)
        outer = getattr(self, "enclosing_terms", 1)
        self.enclosing_terms = sum_terms(lo, hi, outer)
        saved = self.env.get(node.index)
        total = (np.float64(0.0), 0.0)
        try:
            for i in range(lo, hi + 1):
                if time.monotonic() > self.deadline:
                    raise Undecidable("the check ran out of time")
                self.env[node.index] = i
                total = self._bin("+", total, self.ev(node.body))
        finally:
            self.enclosing_terms = outer
            if saved is None:
                self.env.pop(node.index, None)
            else:
                self.env[node.index] = saved
        return total

    def _call(self, node: Call) -> tuple:
        if time.monotonic() > self.deadline:
            raise Undecidable("the check ran out of time")
        args = [self.ev(a) for a in node.args]
        (t, st), fn = args[0], node.fn
        if fn in ("sigma", "sigmoid"):
            r = 1.0 / (1.0 + np.exp(-t))
            return r, r * (1 - r) * (st + np.abs(t)) + 3 * r
        if fn == "exp":
            r = np.exp(t)
            return r, r * (st + np.abs(t)) + r
        if fn in ("log", "ln"):
            r = np.log(t)
            return r, _ratio(st, t) + np.abs(r) + 1.0
        if fn == "sqrt":
            r = np.sqrt(t)
            return r, 0.5 * _ratio(st, r * r) * r + r
        if fn == "abs":
            return np.abs(t), st
        if fn in ("sin", "cos", "tan", "tanh"):
            r = getattr(np, fn)(t)
            slope = {"sin": np.abs(np.cos(t)), "cos": np.abs(np.sin(t)),
                     "tan": 1 + r * r, "tanh": 1 - r * r}[fn]  # fmt: skip
            # Argument reduction loses about |t| EPS of the argument itself.
            return r, slope * (st + np.abs(t)) + np.abs(r)
        params, positive = self.batch.functions[fn]
        amp, freq, phase, slope, shift = params
        for j, (extra, s_extra) in enumerate(args[1:], start=1):
            w = 0.5 + 0.3 * j
            t, st = t + w * extra, st + w * s_extra + np.abs(t + w * extra)
        wave = amp * np.sin(freq * t + phase)
        sens = amp * freq * (st + np.abs(t)) + np.abs(wave)
        if positive:
            r = np.exp(0.5 * wave + shift)
            return r, r * (0.5 * sens + 2.0)
        r = wave + slope * t + shift
        return r, sens + abs(slope) * st + 2 * np.abs(r) + np.abs(wave)
