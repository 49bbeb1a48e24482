"""Compiling a part's `answer` mapping (docs/exam-format.md) into what the checks need.

A spec is compiled once and memoised under a stable hash of its contents, so the page that
validates on every keystroke only pays for reading the student's text.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from .grammar import parse
from .names import BUILTIN_FUNCTIONS, CONSTANTS, NameTable, Resolver
from .nodes import Call, Node, RawCall, Word, walk
from .render import canonical, latex
from .syntax import ParseError, tokenize

KNOWN_KEYS = {
    "expected",
    "variables",
    "positive",
    "functions",
    "positive_functions",
    "indices",
    "free_indices",
    "constraints",
    "defined",
    "mistakes",
    "tests",  # kept test cases (grading/cases.py): checked on save, never part of the key
}
MEMO_SIZE = 256


class SpecError(ValueError):
    """The part's answer specification is wrong (an author's problem, not a student's)."""


@dataclass
class Reading:
    """How one text was read."""

    tree: Node
    notes: list[str]
    canonical: str
    latex: str


@dataclass
class Mistake:
    tree: Node
    feedback: str


@dataclass
class CompiledSpec:
    key: str  # stable hash of the spec mapping
    table: NameTable
    expected: Reading
    mistakes: list[Mistake]
    variable_order: list[str]  # scalar variables as declared, for feedback
    positive: set[str] = field(default_factory=set)  # scalars and indexed bases
    positive_functions: set[str] = field(default_factory=set)
    normalised: dict[str, int] = field(default_factory=dict)  # base -> slot summing to 1
    size_order: list[str] = field(default_factory=list)
    usage: dict[str, str] = field(default_factory=dict)  # function -> an example call
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    samples: Any = None  # sampling.SampleSet, computed on first check

    def read(self, text: str) -> Reading:
        """Parse and resolve a student's text. Raises ParseError."""
        return read(self.table, text)


def read(table: NameTable, text: str) -> Reading:
    tree, notes = parse(text, table.classify_call)
    resolver = Resolver(table, text)
    resolved = resolver.resolve(tree)
    return Reading(resolved, notes + resolver.notes, canonical(resolved), latex(resolved))


def spec_hash(spec: dict) -> str:
    # Kept test cases decide no verdict: keeping one more leaves cached verdicts valid.
    if isinstance(spec, dict) and "tests" in spec:
        spec = {key: value for key, value in spec.items() if key != "tests"}
    data = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def _strings(spec: dict, key: str) -> list[str]:
    value = spec.get(key) or []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise SpecError(f"`{key}` must be a list of names")
    return list(value)


def _name(text: str) -> Word:
    """A declared name such as `q_kn`, `q_{k,n}` or `σ`."""
    try:
        tokens = tokenize(text, lambda word: ("NAME",), [])
    except ParseError as err:
        raise SpecError(f"`{text}` is not a valid name: {err.message}") from None
    if len(tokens) != 1 or tokens[0].type != "NAME":
        raise SpecError(f"`{text}` is not a valid name")
    return tokens[0].info


def _bound(text: Any, sizes: set[str]) -> tuple[Node, set[str]]:
    """An index range bound: an integer or an expression in size symbols such as N or N-1."""
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise SpecError(f"index bound {text!r} must be an integer or a name such as N")
    try:
        raw, _ = parse(str(text), lambda word: ("NAME",))
    except ParseError as err:
        raise SpecError(f"index bound {text!r}: {err.message}") from None
    found = {n.base for n in walk(raw) if isinstance(n, Word)}
    resolver = Resolver(NameTable(sizes=sizes | found), str(text))
    try:
        node = resolver.resolve(raw)
        resolver._check_bound(node)
    except ParseError as err:
        raise SpecError(f"index bound {text!r}: {err.message}") from None
    return node, found


def _resolve(table: NameTable, text: Any, what: str) -> Reading:
    if isinstance(text, int | float) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise SpecError(f"{what} must be an expression in calculator syntax")
    try:
        return read(table, text)
    except ParseError as err:
        raise SpecError(f"{what} `{text}`: {err.message}") from None


def _constraints(spec: dict, table: NameTable, compiled: CompiledSpec) -> None:
    for text in _strings(spec, "constraints"):
        m = re.fullmatch(r"\s*(.+?)\s*(>=|>|=)\s*(.+?)\s*", text)
        if not m:
            raise SpecError(
                f"constraint `{text}` is not of the form `q_kn >= 0` or `sum(q_kn, k) = 1`"
            )
        lhs, op, rhs = m.groups()
        try:
            raw, _ = parse(lhs, table.classify_call)
        except ParseError as err:
            raise SpecError(f"constraint `{text}`: {err.message}") from None
        if op in (">=", ">") and rhs == "0" and isinstance(raw, Word):
            compiled.positive.add(raw.base if raw.base in table.indexed else raw.name)
            continue
        if op == "=" and rhs == "1" and isinstance(raw, RawCall) and raw.fn == "sum":
            args = raw.args
            if len(args) == 2 and all(isinstance(a, Word) for a in args):
                item, index = args
                slots = table.indexed.get(item.base, ())
                if tuple(item.parts) == slots and index.name in slots:
                    compiled.normalised[item.base] = slots.index(index.name)
                    compiled.positive.add(item.base)
                    continue
        raise SpecError(
            f"constraint `{text}` is not supported (use `x >= 0` or `sum(q_kn, k) = 1`)"
        )


def _compile(spec: dict, key: str, discover: bool = False) -> CompiledSpec:
    if not isinstance(spec, dict) or "expected" not in spec:
        raise SpecError("an expression answer needs `expected`")
    # Indices and their ranges first: they decide which declared names are indexed.
    indices: dict[str, tuple[Node, Node]] = {}
    sizes: set[str] = set()
    size_order: list[str] = []
    raw_indices = spec.get("indices") or {}
    if not isinstance(raw_indices, dict):
        raise SpecError("`indices` must map an index to its range, like n: [1, N]")
    for name, bounds in raw_indices.items():
        if not (isinstance(name, str) and len(name) == 1 and name.isalpha()):
            raise SpecError(f"index `{name}` must be a single letter")
        if not (isinstance(bounds, list | tuple) and len(bounds) == 2):
            raise SpecError(f"index `{name}` needs a range like [1, N]")
        lo, found_lo = _bound(bounds[0], sizes)
        hi, found_hi = _bound(bounds[1], sizes)
        for s in sorted(found_lo | found_hi):
            if s not in sizes:
                sizes.add(s)
                size_order.append(s)
        indices[name] = (lo, hi)
    scalars: set[str] = set()
    order: list[str] = []
    indexed: dict[str, tuple[str, ...]] = {}
    for text in _strings(spec, "variables"):
        word = _name(text)
        if word.parts and all(p in indices for p in word.parts):
            indexed[word.base] = tuple(word.parts)
        else:
            scalars.add(word.name)
            order.append(word.name)
    functions = set(_strings(spec, "functions"))
    for fn in functions:
        if not re.fullmatch(r"[A-Za-z]+", fn) or fn in BUILTIN_FUNCTIONS or fn == "sum":
            raise SpecError(f"`{fn}` cannot be declared as a function")
    clash = (scalars & functions) | (scalars & sizes) | (set(indices) & (scalars | sizes))
    if clash:
        raise SpecError(f"names declared twice: {', '.join(sorted(clash))}")
    free = tuple(_strings(spec, "free_indices"))
    for index in free:
        if index not in indices:
            raise SpecError(f"free index `{index}` is not in `indices`")
    table = NameTable(
        scalars=scalars,
        indexed=indexed,
        functions=functions,
        indices=indices,
        free_indices=free,
        sizes=sizes,
        discovery=discover,
    )
    defined = spec.get("defined") or {}
    if not isinstance(defined, dict):
        raise SpecError("`defined` must map names to expressions")
    for name, text in defined.items():
        word = _name(str(name))
        reading = _resolve(table, text, f"the definition of `{name}`")
        # A defined name is not a free variable, even if `variables` lists it too.
        table.scalars.discard(word.name)
        if word.parts and table.indexed.get(word.base) == tuple(word.parts):
            del table.indexed[word.base]
        table.defined[word.name] = reading.tree
    expected = _resolve(table, spec["expected"], "`expected`")
    table.discovery = False
    mistakes = []
    for i, entry in enumerate(spec.get("mistakes") or []):
        if not isinstance(entry, dict) or "expected" not in entry:
            raise SpecError(f"mistake {i + 1} needs `expected` and `feedback`")
        reading = _resolve(table, entry["expected"], f"mistake {i + 1}")
        mistakes.append(Mistake(reading.tree, str(entry.get("feedback") or "")))
    compiled = CompiledSpec(
        key=key,
        table=table,
        expected=expected,
        mistakes=mistakes,
        variable_order=[v for v in order if v in table.scalars],
        size_order=size_order,
    )
    for text in _strings(spec, "positive"):
        word = _name(text)
        compiled.positive.add(word.base if word.base in indexed else word.name)
    positive_functions = set(_strings(spec, "positive_functions"))
    if positive_functions - functions:
        raise SpecError("`positive_functions` must also be listed in `functions`")
    compiled.positive_functions = positive_functions
    _constraints(spec, table, compiled)
    compiled.usage = _usage(expected.tree, functions)
    return compiled


def _usage(tree: Node, functions: set[str]) -> dict[str, str]:
    """How the reference answer calls each declared function, e.g. {"w": "w(x_n)"}."""
    usage: dict[str, str] = {}
    for node in walk(tree):
        if isinstance(node, Call) and node.fn in functions and node.fn not in usage:
            usage[node.fn] = canonical(node)
    return {fn: usage.get(fn, f"{fn}(...)") for fn in sorted(functions)}


_MEMO: OrderedDict[str, CompiledSpec] = OrderedDict()
_MEMO_LOCK = threading.Lock()


def compile_spec(spec: dict) -> CompiledSpec:
    """The compiled form of an `answer` mapping, memoised by content. Raises SpecError."""
    key = spec_hash(spec)
    with _MEMO_LOCK:
        hit = _MEMO.get(key)
        if hit is not None:
            _MEMO.move_to_end(key)
            return hit
    compiled = _compile(spec, key)
    with _MEMO_LOCK:
        _MEMO[key] = compiled
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return compiled


def clear_memo() -> None:
    with _MEMO_LOCK:
        _MEMO.clear()


def discovery_table(expected: str, variables: list[str] | None) -> tuple[NameTable, Reading]:
    """For the command line: a table whose variables are `variables`, or else the names the
    expected expression uses. Raises ParseError."""
    if variables:
        table = NameTable(scalars={_name(v).name for v in variables})
        return table, read(table, expected)
    table = NameTable(discovery=True)
    reading = read(table, expected)
    table.discovery = False
    return table, reading


def discover_variables(spec: dict) -> list[str]:
    """For the command line: the scalar variables of a spec whose `variables` are not
    given, that is the names its `expected` uses that nothing else declares. Raises
    SpecError."""
    return sorted(_compile(spec, "", discover=True).table.scalars)


__all__ = ["CONSTANTS", "CompiledSpec", "Reading", "SpecError", "compile_spec", "read"]
