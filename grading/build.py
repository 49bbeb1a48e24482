"""Resolved trees to SymPy objects (for authors' tools and tests).

SymPy objects are built explicitly from the tree (sympy.Symbol, sympy.Add, ...), numbers
from Python integers: no text ever reaches SymPy's parser. Everything a tree can hold was
bounded when it was read (exponents at most 100, constants a few thousand bits), so building
is quick. Exact verdicts do not go through SymPy: see `exact.py`.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var

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
