"""Resolved trees to SymPy objects, and the exact check for small rational expressions.

SymPy objects are built explicitly from the tree (sympy.Symbol, sympy.Add, ...), numbers
from Python integers: no text ever reaches SymPy's parser. Everything a tree can hold was
bounded when it was read (exponents at most 100, constants a few thousand bits), so building
is quick; the exact check is further limited to rational functions of small degree, where
`cancel` is exact and fast. Anything else is left to numeric evaluation.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var

MAX_EXACT_DEGREE = 16  # total, both sides together
MAX_EXACT_SIZE = 120  # nodes, both sides together
MAX_EXACT_VARIABLES = 3

_FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh,
}  # fmt: skip


class Builder:
    """Builds SymPy expressions; symbols carry the part's assumptions."""

    def __init__(self, positive: frozenset[str] = frozenset(), evaluate: bool = True) -> None:
        self.positive = positive
        self.evaluate = evaluate
        self.symbols: dict[str, sympy.Symbol] = {}

    def symbol(self, name: str, **assumptions) -> sympy.Symbol:
        if name not in self.symbols:
            self.symbols[name] = sympy.Symbol(name, **assumptions)
        return self.symbols[name]

    def build(self, node: Node) -> sympy.Expr:
        ev = self.evaluate
        if isinstance(node, Num):
            value: Fraction = node.value
            return sympy.Rational(value.numerator, value.denominator)
        if isinstance(node, Var):
            if node.name in self.positive:
                return self.symbol(node.name, positive=True)
            return self.symbol(node.name, real=True)
        if isinstance(node, Const):
            return sympy.pi if node.name == "pi" else sympy.E
        if isinstance(node, Size):
            return self.symbol(node.name, integer=True, positive=True)
        if isinstance(node, Index):
            return self.symbol(node.name, integer=True)
        if isinstance(node, Item):
            indices = [
                self.symbol(i, integer=True) if isinstance(i, str) else sympy.Integer(i)
                for i in node.indices
            ]
            return sympy.Indexed(sympy.IndexedBase(node.base), *indices)
        if isinstance(node, Ref):
            return self.build(node.target)
        if isinstance(node, Neg):
            return sympy.Mul(sympy.Integer(-1), self.build(node.a), evaluate=ev)
        if isinstance(node, Call):
            args = [self.build(a) for a in node.args]
            if node.fn in ("sigma", "sigmoid"):
                t = args[0]
                denominator = sympy.Add(1, sympy.exp(sympy.Mul(-1, t, evaluate=ev)), evaluate=ev)
                return sympy.Pow(denominator, -1, evaluate=ev)
            if node.fn in _FUNCTIONS:
                return _FUNCTIONS[node.fn](args[0], evaluate=ev)
            return sympy.Function(node.fn)(*args)
        if isinstance(node, Sum):
            index = self.symbol(node.index, integer=True)
            return sympy.Sum(
                self.build(node.body), (index, self.build(node.lo), self.build(node.hi))
            )
        assert isinstance(node, Bin)
        a, b = self.build(node.a), self.build(node.b)
        if node.op == "+":
            return sympy.Add(a, b, evaluate=ev)
        if node.op == "-":
            return sympy.Add(a, sympy.Mul(-1, b, evaluate=ev), evaluate=ev)
        if node.op == "*":
            return sympy.Mul(a, b, evaluate=ev)
        if node.op == "/":
            return sympy.Mul(a, sympy.Pow(b, -1, evaluate=ev), evaluate=ev)
        return sympy.Pow(a, b, evaluate=ev)


def to_sympy(node: Node, positive: frozenset[str] = frozenset(), evaluate: bool = True):
    """A resolved tree as a SymPy expression (defined names written out)."""
    return Builder(positive, evaluate).build(node)


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


def exact_equal(expected: Node, answer: Node, positive: frozenset[str]) -> bool | None:
    """True/False when both sides are small rational functions (decided by `cancel`, which
    is exact for them), None when the exact route is not quick and numeric checks decide."""
    names: set[str] = set()
    da, db = rational_degree(expected, names), rational_degree(answer, names)
    if da is None or db is None or da + db > MAX_EXACT_DEGREE:
        return None
    if expected.size + answer.size > MAX_EXACT_SIZE or len(names) > MAX_EXACT_VARIABLES:
        return None
    builder = Builder(positive)
    difference = sympy.cancel(builder.build(expected) - builder.build(answer))
    if difference.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None  # an expression undefined everywhere, such as 1/(x - x)
    return bool(difference == 0)
