"""Printing resolved trees: the canonical form (cache keys) and LaTeX (the preview).

Both are read straight off the tree the student's text produced, so the preview shows the
structure as typed (`a + b` stays `a + b`) and costs microseconds: no SymPy involved.

The canonical form is calculator syntax with explicit `*`, normalised spellings (`ln` ->
`log`, `sigmoid` -> `sigma`), resolved names (`cz` -> `c*z`) and explicit sum bounds. Two
texts with the same canonical form mean the same expression; that is all a cache key needs.
"""

from __future__ import annotations

from fractions import Fraction

from .names import FUNCTION_ALIASES
from .nodes import Bin, Call, Const, Index, Item, Neg, Node, Num, Ref, Size, Sum, Var
from .syntax import GREEK_NAMES

ATOM = 5


def decimal(value: Fraction) -> str:
    """A literal's exact decimal text: literals are decimals, so this always terminates."""
    if value.denominator == 1:
        return str(value.numerator)
    places, scaled = 0, value
    while scaled.denominator != 1:
        scaled *= 10
        places += 1
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _subscript(indices: tuple[str | int, ...]) -> str:
    parts = [str(i) for i in indices]
    return "".join(parts) if all(len(p) == 1 for p in parts) else "{" + ",".join(parts) + "}"


def item_name(node: Item) -> str:
    return f"{node.base}_{_subscript(node.indices)}"


# --- canonical --------------------------------------------------------------------------


def canonical(node: Node) -> str:
    return _canon(node)[0]


def _wrap(text: str, needs: bool) -> str:
    return f"({text})" if needs else text


def _canon(node: Node) -> tuple[str, int]:
    if isinstance(node, Num):
        return decimal(node.value), ATOM
    if isinstance(node, Var | Const | Size | Index | Ref):
        return node.name, ATOM
    if isinstance(node, Item):
        return item_name(node), ATOM
    if isinstance(node, Call):
        fn = FUNCTION_ALIASES.get(node.fn, node.fn)
        return f"{fn}({', '.join(canonical(a) for a in node.args)})", ATOM
    if isinstance(node, Sum):
        parts = (canonical(node.body), node.index, canonical(node.lo), canonical(node.hi))
        return "sum({}, {}, {}, {})".format(*parts), ATOM
    if isinstance(node, Neg):
        text, prec = _canon(node.a)
        return "-" + _wrap(text, prec < 3), 3
    assert isinstance(node, Bin)
    (a, pa), (b, pb) = _canon(node.a), _canon(node.b)
    if node.op == "+":
        return f"{a} + {b}", 1
    if node.op == "-":
        return f"{a} - {_wrap(b, pb <= 1)}", 1
    if node.op == "*":
        return f"{_wrap(a, pa < 2)}*{_wrap(b, pb < 2)}", 2
    if node.op == "/":
        return f"{_wrap(a, pa < 2)}/{_wrap(b, pb <= 2)}", 2
    return f"{_wrap(a, pa <= 4)}^{_wrap(b, pb <= 2)}", 4


# --- LaTeX ------------------------------------------------------------------------------

LATEX_FUNCTIONS = {
    "exp": r"\exp", "log": r"\log", "ln": r"\ln", "sin": r"\sin", "cos": r"\cos",
    "tan": r"\tan", "tanh": r"\tanh", "sigma": r"\sigma", "sigmoid": r"\sigma",
}  # fmt: skip
# Capital Greek letters that LaTeX draws as Latin ones.
LATIN_CAPITALS = {"Alpha", "Beta", "Epsilon", "Zeta", "Eta", "Iota", "Kappa", "Mu", "Nu",
                  "Omicron", "Rho", "Tau", "Chi"}  # fmt: skip


def latex_name(name: str) -> str:
    base, _, sub = name.partition("_")
    if base in GREEK_NAMES or base.lower() in GREEK_NAMES:
        if base == "omicron":
            out = "o"
        elif base in LATIN_CAPITALS:
            out = r"\mathrm{" + base[0] + "}"
        else:
            out = "\\" + ("varepsilon" if base == "epsilon" else base)
    elif len(base) > 1:
        out = r"\mathit{" + base + "}"
    else:
        out = base
    return out + (f"_{{{sub.strip('{}')}}}" if sub else "")


def latex(node: Node) -> str:
    return _tex(node)[0]


def _paren(text: str, needs: bool) -> str:
    return rf"\left({text}\right)" if needs else text


def _number_tex(node: Num) -> str:
    text = node.text
    if text.startswith("."):
        text = "0" + text
    if "e" in text.lower() and not text.isdigit():
        mantissa, _, exp = text.lower().partition("e")
        return rf"{mantissa} \cdot 10^{{{int(exp)}}}"
    return text


def _tex(node: Node) -> tuple[str, float]:
    if isinstance(node, Num):
        return _number_tex(node), ATOM
    if isinstance(node, Const):
        return (r"\pi" if node.name == "pi" else "e"), ATOM
    if isinstance(node, Var | Size | Index | Ref):
        return latex_name(node.name), ATOM
    if isinstance(node, Item):
        return latex_name(node.base) + "_{" + _subscript(node.indices).strip("{}") + "}", ATOM
    if isinstance(node, Call):
        args = ", ".join(latex(a) for a in node.args)
        if node.fn == "sqrt":
            return rf"\sqrt{{{args}}}", ATOM
        if node.fn == "abs":
            return rf"\left|{args}\right|", ATOM
        head = LATEX_FUNCTIONS.get(node.fn) or (
            node.fn if len(node.fn) == 1 else r"\operatorname{" + node.fn + "}"
        )
        return rf"{head}\left({args}\right)", ATOM
    if isinstance(node, Sum):
        body, prec = _tex(node.body)
        head = rf"\sum_{{{node.index}={latex(node.lo)}}}^{{{latex(node.hi)}}}"
        return f"{head} {_paren(body, prec < 2)}", 1.5
    if isinstance(node, Neg):
        text, prec = _tex(node.a)
        return "-" + _paren(text, prec < 2), 3
    assert isinstance(node, Bin)
    (a, pa), (b, pb) = _tex(node.a), _tex(node.b)
    if node.op == "+":
        return f"{a} + {_paren(b, pb == 3)}", 1
    if node.op == "-":
        return f"{a} - {_paren(b, pb <= 1.5 or pb == 3)}", 1
    if node.op == "*":
        left, right = _paren(a, pa < 2), _paren(b, pb < 2 or pb == 3)
        digit = right[:1].isdigit()
        sep = r" \cdot " if digit or not node.implicit else r"\,"
        return f"{left}{sep}{right}", 2
    if node.op == "/":
        return rf"\frac{{{a}}}{{{b}}}", ATOM
    base_needs = pa <= 4 or isinstance(node.a, Bin) and node.a.op == "/"
    return f"{_paren(a, base_needs)}^{{{b}}}", 4
