"""Folding constant subtrees while a tree is resolved, to bound them before any arithmetic.

Exponents that are constants must be at most 100 in size (so `9^9^9^9` is refused at its
second `^`), exact constants stay under a few thousand bits, and a literal division by zero
is an error at its column. Exact values are Fractions; constants whose value is irrational
are floats (or NaN when their value is not needed); subtrees with variables fold to None.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .nodes import Bin, Call, Node
from .syntax import ParseError

MAX_EXPONENT = 100
MAX_BITS = 4000  # of any exact constant: keeps exact arithmetic on constants instant


def fold(node: Node, consts: dict[int, Fraction | float | None]) -> Fraction | float | None:
    """The value of a constant subtree (Fraction when exact, float otherwise, None when
    it has variables), raising on division by zero and on exponents or numbers too
    large to compute with."""
    col = node.span[0]
    if isinstance(node, Call):
        if any(consts.get(id(a)) is None for a in node.args):
            return None
        return math.nan  # a constant whose value is not needed
    assert isinstance(node, Bin)
    a, b = consts.get(id(node.a)), consts.get(id(node.b))
    if node.op == "^":
        return _fold_power(node, a, b)
    if node.op == "/" and b == 0:
        raise ParseError(f"division by zero at column {node.b.span[0]}", node.b.span[0])
    if a is None or b is None:
        return None
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        if _bits(a) + _bits(b) > MAX_BITS:
            raise ParseError(f"a number at column {col} is too large", col)
        return _arith(node.op, a, b)
    try:
        return float(_arith(node.op, float(a), float(b)))
    except (OverflowError, ZeroDivisionError):
        return math.nan


def _fold_power(node: Bin, base, exponent) -> Fraction | float | None:
    col = node.b.span[0]
    if exponent is None:
        return None  # e^(-x^2): a variable exponent is fine
    size = 0.0 if isinstance(exponent, float) and math.isnan(exponent) else abs(exponent)
    if size > MAX_EXPONENT:
        raise ParseError(f"the exponent at column {col} is too large (at most {MAX_EXPONENT})", col)
    if base is None:
        return None
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if base == 0 and exponent < 0:
            raise ParseError(f"division by zero at column {node.span[0]}", node.span[0])
        if exponent.denominator == 1:
            if _bits(base) * abs(exponent.numerator) > MAX_BITS:
                raise ParseError(f"the power at column {node.span[0]} is too large", node.span[0])
            return base**exponent.numerator
    return math.nan


def _arith(op: str, a, b):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b


def _bits(value: Fraction) -> int:
    return value.numerator.bit_length() + value.denominator.bit_length()
