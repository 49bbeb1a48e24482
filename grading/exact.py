"""Exact decisions for rational functions: evaluation in exact fractions at random points.

Two rational functions of degree at most d (numerator and denominator) differ by a rational
function whose numerator has degree at most 2d; a nonzero polynomial of degree D vanishes at
a random integer point of a range of R values with probability at most D / R (Schwartz and
Zippel). Evaluating both sides exactly (`fractions.Fraction`, literals are exact decimals)
at `POINTS` points of a range of 2^25 integers therefore decides an identity of total degree
400 with an error probability below (400 / 2^25)^5, about 10^-25, and never calls a true
identity false. The points are seeded by the two texts, so a verdict never depends on luck.

Cost is bounded before any arithmetic: the degree bound caps every intermediate number at
a few thousand digits, and the trees are bounded by the reader.
"""

from __future__ import annotations

import hashlib
import random
from fractions import Fraction

from .nodes import Bin, Neg, Node, Num, Ref, Var

MAX_DEGREE = 400  # both sides together
MAX_VARIABLES = 12
POINTS = 5
RANGE = 2**24  # points are drawn from [-RANGE, RANGE]
MAX_DRAWS = 40  # draws to find points where both sides are defined


def _integer_exponent(node: Node) -> int | None:
    if isinstance(node, Neg):
        inner = _integer_exponent(node.a)
        return None if inner is None else -inner
    if isinstance(node, Num) and node.value.denominator == 1:
        return int(node.value)
    return None


def rational_degree(node: Node, names: set[str]) -> int | None:
    """The degree bound of a rational function of scalar variables with integer powers,
    or None when the tree is anything else. Collects the variables into `names`."""
    if isinstance(node, Num):
        return 0
    if isinstance(node, Var):
        names.add(node.name)
        return 1
    if isinstance(node, Ref):
        return rational_degree(node.target, names)
    if isinstance(node, Neg):
        return rational_degree(node.a, names)
    if not isinstance(node, Bin):
        return None
    a = rational_degree(node.a, names)
    if a is None:
        return None
    if node.op == "^":
        power = _integer_exponent(node.b)
        return None if power is None else a * abs(power)
    b = rational_degree(node.b, names)
    if b is None:
        return None
    return max(a, b) if node.op in "+-" else a + b


def _value(node: Node, point: dict[str, Fraction]) -> Fraction:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var):
        return point[node.name]
    if isinstance(node, Ref):
        return _value(node.target, point)
    if isinstance(node, Neg):
        return -_value(node.a, point)
    assert isinstance(node, Bin)
    a = _value(node.a, point)
    if node.op == "^":
        # rational_degree admitted only integer literal exponents.
        return a ** int(_value(node.b, point))  # ZeroDivisionError for 0 to a negative power
    b = _value(node.b, point)
    if node.op == "+":
        return a + b
    if node.op == "-":
        return a - b
    if node.op == "*":
        return a * b
    return a / b  # ZeroDivisionError where a denominator vanishes


def exact_verdict(expected: Node, answer: Node) -> bool | None:
    """True/False when both sides are rational functions of scalar variables (integer
    powers, exact literals) within the degree bound; None when this route does not apply
    (or no point where both are defined was found) and the numeric checks decide."""
    names: set[str] = set()
    da, db = rational_degree(expected, names), rational_degree(answer, names)
    if da is None or db is None or da + db > MAX_DEGREE or len(names) > MAX_VARIABLES:
        return None
    rng = random.Random(_seed(expected, answer))
    order = sorted(names)
    agreed = 0
    for _ in range(MAX_DRAWS):
        point = {v: Fraction(rng.randint(-RANGE, RANGE)) for v in order}
        try:
            e, a = _value(expected, point), _value(answer, point)
        except ZeroDivisionError:
            continue
        if e != a:
            return False
        agreed += 1
        if agreed == POINTS or not order:
            return True
    return None


def _seed(expected: Node, answer: Node) -> str:
    from .render import canonical

    return hashlib.sha256(f"{canonical(expected)}\n{canonical(answer)}".encode()).hexdigest()
