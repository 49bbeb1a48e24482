"""The expression tree shared by every stage of the engine.

The parser (`syntax.py`) produces a *raw* tree, in which names are still the words the
student typed (`Word`) and function calls are still unchecked (`RawCall`). Name resolution
(`names.py`) turns it into a *resolved* tree, whose leaves say what each name is. Every later
stage (printing, numeric evaluation, the SymPy builder) reads only resolved trees.

Nodes are plain classes with slots: cheap to build, and the tree is never mutated after
resolution, so the evaluator may memoise on node identity.
"""

from __future__ import annotations

from fractions import Fraction

# Each node's `span` is (first column, column after the last), 1-based, in the original text.
Span = tuple[int, int]


class Node:
    __slots__ = ("span", "paren", "size", "depth", "deps")

    def __init__(self, span: Span = (0, 0)) -> None:
        self.span = span
        self.paren = False  # written inside parentheses (raw trees only)
        self.size = 1  # node count of the subtree
        self.depth = 1  # height of the subtree
        self.deps: frozenset[str] = frozenset()  # index names free in the subtree

    def children(self) -> tuple[Node, ...]:
        return ()

    def _measure(self) -> None:
        kids = self.children()
        self.size = 1 + sum(k.size for k in kids)
        self.depth = 1 + max((k.depth for k in kids), default=0)
        deps: frozenset[str] = frozenset()
        for k in kids:
            deps |= k.deps
        self.deps = deps


class Num(Node):
    """A literal number, kept exact. `text` is the literal as typed (for display)."""

    __slots__ = ("value", "text")

    def __init__(self, value: Fraction, text: str, span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.value = value
        self.text = text


class Word(Node):
    """Raw tree only: a name as typed, `base` letters plus an optional subscript."""

    __slots__ = ("base", "sub", "parts", "before_paren")

    def __init__(
        self, base: str, sub: str, parts: tuple[str, ...], before_paren: bool, span: Span
    ) -> None:
        super().__init__(span)
        self.base = base  # letters, Greek letters already spelled out ("σ" -> "sigma")
        self.sub = sub  # canonical subscript text: "kn" for q_kn, q_{kn} and q_{k,n}
        self.parts = parts  # the subscript split into index slots
        self.before_paren = before_paren  # directly followed by "(": maybe a function call

    @property
    def name(self) -> str:
        return f"{self.base}_{self.sub}" if self.sub else self.base


class RawCall(Node):
    """Raw tree only: `fn(args)` as typed."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: str, args: tuple[Node, ...], span: Span) -> None:
        super().__init__(span)
        self.fn = fn
        self.args = args
        self._measure()

    def children(self) -> tuple[Node, ...]:
        return self.args


class Named(Node):
    """A leaf that is a name: the subclasses say what kind of name."""

    __slots__ = ("name",)

    def __init__(self, name: str, span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.name = name


class Var(Named):
    """A declared scalar variable."""

    __slots__ = ()


class Const(Named):
    """`pi` or `e`."""

    __slots__ = ()


class Size(Named):
    """The size symbol of an index range, such as N in n = 1..N: a positive integer."""

    __slots__ = ()


class Index(Named):
    """An index used as a number (k in `k x_k`), bound by a sum or declared free."""

    __slots__ = ()

    def __init__(self, name: str, span: Span = (0, 0)) -> None:
        super().__init__(name, span)
        self.deps = frozenset((name,))


class Item(Node):
    """An indexed variable such as x_n or q_kn. Each index is an index name or an int."""

    __slots__ = ("base", "indices")

    def __init__(self, base: str, indices: tuple[str | int, ...], span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.base = base
        self.indices = indices
        self.deps = frozenset(i for i in indices if isinstance(i, str))


class Ref(Node):
    """A name the part defines (`defined:`), standing for its definition."""

    __slots__ = ("name", "target")

    def __init__(self, name: str, target: Node, span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.name = name
        self.target = target  # the resolved definition
        self.deps = target.deps


class Call(Node):
    """A function applied to arguments: a built-in (`exp`, `sigma`, ...) or a declared one."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: str, args: tuple[Node, ...], span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.fn = fn
        self.args = args
        self._measure()

    def children(self) -> tuple[Node, ...]:
        return self.args


class Sum(Node):
    """sum(body, index, lo, hi); the bounds are resolved trees too."""

    __slots__ = ("body", "index", "lo", "hi")

    def __init__(self, body: Node, index: str, lo: Node, hi: Node, span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.body = body
        self.index = index
        self.lo = lo
        self.hi = hi
        self._measure()
        self.deps = (body.deps - {index}) | lo.deps | hi.deps

    def children(self) -> tuple[Node, ...]:
        return (self.body, self.lo, self.hi)


class Bin(Node):
    """A binary operation: op is one of + - * / ^. `implicit` marks juxtaposition (`2x`)."""

    __slots__ = ("op", "a", "b", "implicit")

    def __init__(self, op: str, a: Node, b: Node, span: Span = (0, 0), implicit: bool = False):
        super().__init__(span)
        self.op = op
        self.a = a
        self.b = b
        self.implicit = implicit
        self._measure()

    def children(self) -> tuple[Node, ...]:
        return (self.a, self.b)


class Neg(Node):
    __slots__ = ("a",)

    def __init__(self, a: Node, span: Span = (0, 0)) -> None:
        super().__init__(span)
        self.a = a
        self._measure()

    def children(self) -> tuple[Node, ...]:
        return (self.a,)


def walk(node: Node):
    """Every node of a tree, parents first, without recursion (trees are shallow, but cheap)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children())
