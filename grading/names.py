"""Name resolution: what each word of a raw tree means in a part.

A `NameTable` holds a part's names (variables, indexed variables, indices and their sizes,
declared and defined names). `Resolver` turns a raw tree (`syntax.parse`) into a resolved
tree, applying the glue rule (`cz` -> c*z when both are declared and `cz` is not a name),
checking subscripts against the indices in scope and checking arities. Constant parts are
folded on the way (folding.py), which bounds exponents and numbers before anything is
computed.
"""

from __future__ import annotations

import difflib
import math
from fractions import Fraction

from .folding import fold
from .nodes import (
    Bin,
    Call,
    Const,
    Index,
    Item,
    Neg,
    Node,
    Num,
    RawCall,
    Ref,
    Size,
    Sum,
    Var,
    Word,
)
from .syntax import ParseError

BUILTIN_FUNCTIONS = ("exp", "log", "ln", "sqrt", "abs", "sin", "cos", "tan", "tanh",
                     "sigmoid", "sigma")  # fmt: skip
# Spellings that mean the same function; the canonical form uses the second.
FUNCTION_ALIASES = {"ln": "log", "sigmoid": "sigma"}
CONSTANTS = ("pi", "e")
# Glued names are short ("cz", "cx_n"); a longer run of letters is a typo, not a product,
# and the bound keeps the search for a split small.
MAX_GLUED_LETTERS = 12
MAX_SHOWN = 24  # characters of an unknown name quoted back in a message


def _short(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (", ..." if len(names) > limit else "")


class NameTable:
    """The names one part accepts. Built by `spec.compile_spec` (or by the CLI)."""

    def __init__(
        self,
        *,
        scalars: set[str] | None = None,
        indexed: dict[str, tuple[str, ...]] | None = None,
        functions: set[str] | None = None,
        indices: dict[str, tuple[Node, Node]] | None = None,
        free_indices: tuple[str, ...] = (),
        sizes: set[str] | None = None,
        discovery: bool = False,
    ) -> None:
        self.scalars = set(scalars or ())
        self.indexed = dict(indexed or {})  # base -> its declared index letters, q -> (k, n)
        self.functions = set(functions or ())  # declared by the part
        self.indices = dict(indices or {})  # index -> (lo, hi) resolved trees
        self.free_indices = tuple(free_indices)
        self.sizes = set(sizes or ())
        self.defined: dict[str, Node] = {}  # filled in order by the spec compiler
        self.discovery = discovery  # CLI without --vars: unknown words become variables

    # --- questions the tokenizer and resolver ask -------------------------------------
    def all_functions(self) -> set[str]:
        return (set(BUILTIN_FUNCTIONS) | self.functions | {"sum"}) - self.value_names()

    def value_names(self) -> set[str]:
        """Names (without subscript) that stand for a value, not a function."""
        return self.scalars | set(self.defined) | self.sizes | set(self.indices)

    def constants(self) -> set[str]:
        return set(CONSTANTS) - self.value_names()

    def classify_call(self, word: str) -> tuple:
        """For a word followed by "(": ("FUNC",), ("NAME",) or ("SPLIT", prefix, function)."""
        if word in self.value_names() or word in self.constants():
            return ("NAME",)
        functions = self.all_functions()
        if word in functions:
            return ("FUNC",)
        for fn in sorted(functions, key=len, reverse=True):
            if len(word) > len(fn) and word.endswith(fn) and self.glue(word[: -len(fn)]):
                return ("SPLIT", word[: -len(fn)], fn)
        return ("NAME",)

    def glue(self, letters: str, extra: frozenset[str] = frozenset()) -> list[str] | None:
        """Split letters into the fewest declared names (`cz` -> [c, z]), or None."""
        if len(letters) > MAX_GLUED_LETTERS:
            return None
        pieces = {s for s in self.scalars if "_" not in s} | self.sizes | set(extra)
        longest = max((len(p) for p in pieces), default=0)
        best: list[list[str] | None] = [[]] + [None] * len(letters)
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - longest), end):
                head = best[start]
                better = best[end] is None or (head is not None and len(head) + 1 < len(best[end]))
                if head is not None and letters[start:end] in pieces and better:
                    best[end] = head + [letters[start:end]]
        return best[-1]

    def known_names(self) -> list[str]:
        """What this part accepts, for messages."""
        names = sorted(self.scalars) + [
            f"{b}_{''.join(s)}" for b, s in sorted(self.indexed.items())
        ]
        names += sorted(self.defined) + sorted(self.sizes)
        return names


class Resolver:
    """Resolve one raw tree. Collects notes (how the text was read) on the way."""

    def __init__(self, table: NameTable, text: str) -> None:
        self.table = table
        self.text = text
        self.notes: list[str] = []
        self.consts: dict[int, Fraction | float | None] = {}  # id(node) -> constant value

    def _typed(self, node: Node) -> str:
        start, end = node.span
        return self.text[start - 1 : end - 1] if start else ""

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def resolve(self, node: Node, scope: frozenset[str] = frozenset()) -> Node:
        if isinstance(node, Word):
            return self._word(node, scope)
        if isinstance(node, RawCall):
            return self._call(node, scope)
        if isinstance(node, Num):
            self.consts[id(node)] = node.value
            return node
        if isinstance(node, Neg):
            inner = self.resolve(node.a, scope)
            out = Neg(inner, node.span)
            value = self.consts.get(id(inner))
            self.consts[id(out)] = -value if value is not None else None
            return out
        assert isinstance(node, Bin)
        a = self.resolve(node.a, scope)
        b = self.resolve(node.b, scope)
        out = Bin(node.op, a, b, node.span, node.implicit)
        if node.implicit and isinstance(node.a, Bin) and node.a.op == "/" and not node.a.paren:
            self._division_note(node)
        self.consts[id(out)] = fold(out, self.consts)
        return out

    # --- names ------------------------------------------------------------------------
    def _word(self, w: Word, scope: frozenset[str]) -> Node:
        t = self.table
        name, col = w.name, w.span[0]
        if name in t.scalars:
            return Var(name, w.span)
        if name in t.defined:
            return Ref(name, t.defined[name], w.span)
        if not w.sub:
            if name in t.sizes:
                return Size(name, w.span)
            if name in scope or name in t.free_indices:
                return Index(name, w.span)
            if name in t.indices:
                raise ParseError(
                    f"`{name}` at column {col} is an index: use it inside sum(..., {name})", col
                )
            if name in t.constants():
                self._note(
                    "`e` is Euler's number, e ≈ 2.718" if name == "e" else "`pi` is π ≈ 3.14159"
                )
                node = Const(name, w.span)
                self.consts[id(node)] = math.e if name == "e" else math.pi
                return node
            if name in t.all_functions():
                raise ParseError(f"`{name}` at column {col} is a function: write {name}(...)", col)
        elif w.base in t.indexed:
            return self._item(w, scope)
        pieces = t.glue(w.base) if not w.sub else self._glue_with_subscript(w, scope)
        if pieces:
            return self._glued(w, pieces, scope)
        if t.discovery and not w.before_paren:
            t.scalars.add(name)
            return Var(name, w.span)
        raise ParseError(self._unknown(w, scope), col)

    def _glue_with_subscript(self, w: Word, scope: frozenset[str]) -> list[str] | None:
        """`cx_n` -> [c, x_n]: the subscript belongs to the last piece."""
        if len(w.base) > MAX_GLUED_LETTERS:
            return None
        for cut in range(len(w.base) - 1, 0, -1):
            head = self.table.glue(w.base[:cut])
            last = Word(w.base[cut:], w.sub, w.parts, False, w.span)
            if head and self._subscripted_name(last, scope):
                return head + [last.name]
        return None

    def _subscripted_name(self, w: Word, scope: frozenset[str]) -> bool:
        """Whether w is a name as it stands (no glue: that would search all splits again)."""
        t = self.table
        if w.name in t.scalars or w.name in t.defined:
            return True
        if w.base not in t.indexed:
            return False
        try:
            self._item(w, scope)
        except ParseError:
            return False
        return True

    def _glued(self, w: Word, pieces: list[str], scope: frozenset[str]) -> Node:
        self._note(f"`{self._typed(w)}` is read as {'·'.join(pieces)}")
        nodes = []
        for piece in pieces:
            base, _, sub = piece.partition("_")
            parts = w.parts if sub else ()
            nodes.append(self._word(Word(base, sub, parts, False, w.span), scope))
        out = nodes[0]
        for nxt in nodes[1:]:
            out = Bin("*", out, nxt, w.span, implicit=True)
        return out

    def _item(self, w: Word, scope: frozenset[str]) -> Node:
        t = self.table
        slots = t.indexed[w.base]
        declared = f"{w.base}_{''.join(slots)}"
        col = w.span[0]
        if len(w.parts) != len(slots):
            raise ParseError(
                f"`{w.name}` at column {col} needs {len(slots)} index"
                f"{'es' if len(slots) > 1 else ''}, like `{declared}`",
                col,
            )
        if (
            tuple(w.parts) != slots
            and sorted(w.parts) == sorted(slots)
            and all(p in t.indices for p in w.parts)
        ):
            raise ParseError(
                f"write `{declared}` at column {col}: the indices go in that order", col
            )
        indices: list[str | int] = []
        for part in w.parts:
            if part.isdigit():
                indices.append(int(part))
            elif part in scope or part in t.free_indices:
                indices.append(part)
            elif part in t.indices:
                raise ParseError(
                    f"`{w.name}` at column {col} uses the index {part} outside a sum over "
                    f"{part}: write sum(..., {part})",
                    col,
                )
            else:
                raise ParseError(f"`{part}` in `{w.name}` at column {col} is not an index", col)
        return Item(w.base, tuple(indices), w.span)

    def _unknown(self, w: Word, scope: frozenset[str]) -> str:
        t = self.table
        typed, col = self._typed(w) or w.name, w.span[0]
        if len(typed) > MAX_SHOWN:
            return f"unknown name `{typed[:MAX_SHOWN]}...` at column {col}"
        if w.before_paren and not w.sub:
            head = f"`{typed}` at column {col} is not a known function"
            close = difflib.get_close_matches(w.base, sorted(t.all_functions()), n=1)
            return head + (f": did you mean `{close[0]}`?" if close else "")
        head = f"unknown name `{typed}` at column {col}"
        # A split that uses constants or indices too: "ez" -> "did you mean e*z?"
        extra = frozenset(t.constants()) | scope | frozenset(t.free_indices)
        pieces = t.glue(w.base, extra) if not w.sub else None
        if pieces and len(pieces) > 1:
            return head + f": did you mean `{'*'.join(pieces)}`?"
        candidates = t.known_names() + sorted(t.constants())
        close = difflib.get_close_matches(w.name, candidates, n=1, cutoff=0.6)
        if close:
            return head + f": did you mean `{close[0]}`?"
        if t.known_names():
            return head + f" (this answer can use {_short(t.known_names())})"
        return head

    # --- calls ------------------------------------------------------------------------
    def _call(self, node: RawCall, scope: frozenset[str]) -> Node:
        fn, col = node.fn, node.span[0]
        if fn == "sum":
            return self._sum(node, scope)
        if fn in BUILTIN_FUNCTIONS and len(node.args) != 1:
            raise ParseError(f"`{fn}` at column {col} takes exactly one argument", col)
        args = tuple(self.resolve(a, scope) for a in node.args)
        out = Call(fn, args, node.span)
        self.consts[id(out)] = fold(out, self.consts)
        return out

    def _sum(self, node: RawCall, scope: frozenset[str]) -> Node:
        t = self.table
        col = node.span[0]
        usage = "write sum(EXPR, n) or sum(EXPR, n, 1, N)"
        if len(node.args) not in (2, 4):
            raise ParseError(f"the sum at column {col} needs 2 or 4 arguments: {usage}", col)
        index = node.args[1]
        if not isinstance(index, Word) or index.sub or index.paren or len(index.base) != 1:
            raise ParseError(
                f"the second argument of the sum at column {col} must be an index letter: {usage}",
                col,
            )
        name = index.base
        if name in t.scalars or name in t.sizes or name in t.defined or name in t.constants():
            raise ParseError(
                f"`{name}` at column {index.span[0]} cannot be a summation index", index.span[0]
            )
        if len(node.args) == 2:
            if name not in t.indices:
                raise ParseError(
                    f"`{name}` at column {index.span[0]} has no declared range: "
                    f"write sum(EXPR, {name}, 1, N)",
                    index.span[0],
                )
            lo, hi = t.indices[name]
        else:
            lo = self.resolve(node.args[2], scope)
            hi = self.resolve(node.args[3], scope)
            for bound in (lo, hi):
                self._check_bound(bound)
        body = self.resolve(node.args[0], scope | {name})
        out = Sum(body, name, lo, hi, node.span)
        self.consts[id(out)] = None
        return out

    def _check_bound(self, node: Node) -> None:
        """Sum bounds are whole numbers built from integers, sizes and indices."""
        ok = (
            (isinstance(node, Num) and node.value.denominator == 1)
            or isinstance(node, Size | Index)
            or (isinstance(node, Neg) and self._bound_ok(node.a))
            or (
                isinstance(node, Bin)
                and node.op in "+-*"
                and all(self._bound_ok(k) for k in (node.a, node.b))
            )
        )
        if not ok:
            col = node.span[0]
            raise ParseError(
                f"the bound at column {col} must be a whole number such as 1, N or N-1", col
            )

    def _bound_ok(self, node: Node) -> bool:
        try:
            self._check_bound(node)
        except ParseError:
            return False
        return True

    def _division_note(self, node: Bin) -> None:
        div = node.a
        assert isinstance(div, Bin)
        den_start = div.b.span[0]
        whole = self.text[div.span[0] - 1 : node.span[1] - 1]
        num = self.text[div.a.span[0] - 1 : div.a.span[1] - 1]
        rest = self.text[den_start - 1 : node.span[1] - 1]
        self._note(
            f"`{whole}` is read as ({num}/{self._typed(div.b)})·{self._typed(node.b)}; "
            f"write {num}/({rest}) if you meant that"
        )
