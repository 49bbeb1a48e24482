"""Calculator syntax: limits, the pre-scan and the tokenizer (the grammar is in grammar.py).

Student text (and reference answers: the same code reads both) is only ever read by the
tokenizer below and an LALR parser built from `grammar.GRAMMAR`; nothing evaluates Python.
Everything that could make later work expensive is bounded before any arithmetic: the
length, the nesting depth (checked by a linear pre-scan, so that 5000 parentheses cannot
reach any recursion), the number of tokens and nodes, and the size of literals.

The tokenizer needs one piece of knowledge about the part: which words followed by "(" are
function calls. It asks a `classify_call` callback (see `names.NameTable.classify_call`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from fractions import Fraction

from lark import Token

from .nodes import Word

MAX_LENGTH = 500  # characters
MAX_PAREN_DEPTH = 25  # nested parentheses
MAX_TOKENS = 250
MAX_NODES = 300  # of one parsed expression
MAX_TREE_DEPTH = 60  # keeps every recursive pass far from Python's recursion limit
MAX_DIGITS = 30  # significant digits of a literal
MAX_EXP10 = 30  # |exponent| of a literal in e-notation


class ParseError(ValueError):
    """A problem with the text, in words for students; `column` is 1-based (or None)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# --- Greek letters --------------------------------------------------------------------------

GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
               "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau",
               "upsilon", "phi", "chi", "psi", "omega")  # fmt: skip


def _greek_chars() -> dict[str, str]:
    table = {}
    for name in GREEK_NAMES:
        unicode_name = "LAMDA" if name == "lambda" else name.upper()
        for case, spelled in (("SMALL", name), ("CAPITAL", name.capitalize())):
            table[unicodedata.lookup(f"GREEK {case} LETTER {unicode_name}")] = spelled
    # Variant forms students' keyboards produce.
    table.update({"ς": "sigma", "ϕ": "phi", "ϑ": "theta", "ϵ": "epsilon", "µ": "mu"})
    return table


GREEK_CHARS = _greek_chars()

# --- Tokens ---------------------------------------------------------------------------------

OPERATORS = {
    "+": "PLUS", "-": "MINUS", "\u2212": "MINUS", "\u2013": "MINUS",
    "*": "TIMES", "\u00b7": "TIMES", "\u00d7": "TIMES", "\u22c5": "TIMES", "\u2219": "TIMES",
    "/": "DIVIDE", "\u00f7": "DIVIDE", "^": "POW",
    "(": "LPAR", ")": "RPAR", ",": "COMMA",
}  # fmt: skip
SUPERSCRIPT_DIGITS = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
SUPERSCRIPT_SIGNS = {"⁻": "MINUS", "⁺": "PLUS"}

# Characters with a more helpful message than "unexpected character".
CHAR_HINTS = {
    "=": "type only the expression, without `=`",
    "<": "type only the expression, without comparisons",
    ">": "type only the expression, without comparisons",
    "|": "use abs(...) for an absolute value",
    "[": "use round parentheses ( ) for grouping",
    "]": "use round parentheses ( ) for grouping",
    "{": "use round parentheses ( ) for grouping; braces only go in subscripts like q_{kn}",
    "}": "use round parentheses ( ) for grouping; braces only go in subscripts like q_{kn}",
    "!": "factorials are not supported",
    "\\": "type the expression as on a calculator, not LaTeX (sigma, not \\sigma)",
    "_": "a name cannot start with `_`",
}

NUMBER_RE = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
SUBSCRIPT_RE = re.compile(r"[A-Za-z0-9]+")
BRACED_SUBSCRIPT_RE = re.compile(r"\{([A-Za-z0-9 ,]*)\}")


class Tok(Token):
    """A lark Token carrying what the tree builder needs (a Word, a value...)."""

    __slots__ = ("info",)


def _tok(kind: str, text: str, col: int, end: int, info: object = None) -> Tok:
    tok = Tok(kind, text, start_pos=col, column=col, end_column=end)
    tok.info = info
    return tok


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # not str.isdigit, which accepts "²" and other scripts' digits


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in GREEK_CHARS


def prescan(text: str) -> None:
    """Reject what must never reach the parser, in one linear pass: too long, unbalanced
    or too deeply nested parentheses."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if not text.strip():
        raise ParseError("the answer is empty")
    open_cols: list[int] = []
    for i, ch in enumerate(text, start=1):
        if ch == "(":
            open_cols.append(i)
            if len(open_cols) > MAX_PAREN_DEPTH:
                raise ParseError(
                    f"too many nested parentheses at column {i} (at most {MAX_PAREN_DEPTH})", i
                )
        elif ch == ")":
            if not open_cols:
                raise ParseError(f"unbalanced parenthesis at column {i}: no `(` before it", i)
            open_cols.pop()
    if open_cols:
        col = open_cols[-1]
        raise ParseError(f"unbalanced parenthesis at column {col}: this `(` is never closed", col)


def _number(text: str, pos: int, notes: list[str]) -> tuple[Tok, int]:
    m = NUMBER_RE.match(text, pos)
    assert m is not None
    end = m.end()
    col = pos + 1
    if end < len(text) and (text[end] == "." or _is_digit(text[end])):
        raise ParseError(f"malformed number at column {col}", col)
    mantissa, exponent = m.group(1), m.group(2)
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise ParseError(
            f"the number at column {col} has too many digits (at most {MAX_DIGITS})", col
        )
    exp10 = int(exponent[1:]) if exponent else 0
    if abs(exp10) > MAX_EXP10:
        raise ParseError(f"the number at column {col} is too large or too small", col)
    value = Fraction(int(whole + frac or "0"), 10 ** len(frac))
    value = value * 10**exp10 if exp10 >= 0 else value / 10 ** (-exp10)
    if exponent:
        notes.append(f"`{m.group(0)}` is read as {mantissa}·10^{exp10}")
    return _tok("NUMBER", m.group(0), col, end + 1, value), end


def _subscript(text: str, pos: int) -> tuple[tuple[str, ...], int]:
    """Read the subscript after the `_` at text[pos]; return its index slots and the end."""
    col = pos + 1
    m = BRACED_SUBSCRIPT_RE.match(text, pos + 1)
    if m:
        body = m.group(1)
        pieces = [p.strip() for p in body.split(",")] if "," in body else [body.replace(" ", "")]
        if not all(pieces) or not all(p.isalnum() for p in pieces):
            raise ParseError(f"malformed subscript at column {col}", col)
        if len(pieces) == 1 and not pieces[0].isdigit():
            pieces = list(pieces[0])
        return tuple(pieces), m.end()
    m = SUBSCRIPT_RE.match(text, pos + 1)
    if not m:
        raise ParseError(f"a subscript is missing after `_` at column {col}", col)
    sub = m.group(0)
    return ((sub,) if sub.isdigit() else tuple(sub)), m.end()


def _word(text: str, pos: int, classify_call: Callable[[str], tuple], out: list[Tok]) -> int:
    start = pos
    letters = []
    while pos < len(text) and _is_letter(text[pos]):
        letters.append(GREEK_CHARS.get(text[pos], text[pos]))
        pos += 1
    base = "".join(letters)
    parts: tuple[str, ...] = ()
    if pos < len(text) and text[pos] == "_":
        parts, pos = _subscript(text, pos)
    col, end = start + 1, pos + 1
    look = pos
    while look < len(text) and text[look] in " \t":
        look += 1
    before_paren = look < len(text) and text[look] == "("
    if before_paren and not parts:
        kind = classify_call(base)
        if kind[0] == "FUNC":
            out.append(_tok("FUNC", base, col, end, base))
            return pos
        if kind[0] == "SPLIT":  # "csigma(" -> c sigma(
            prefix, fn = kind[1], kind[2]
            out.append(_tok("NAME", prefix, col, end, Word(prefix, "", (), False, (col, end))))
            out.append(_tok("FUNC", fn, col, end, fn))
            return pos
    sub = "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)
    word = Word(base, sub, parts, before_paren, (col, end))
    out.append(_tok("NAME", text[start:pos], col, end, word))
    return pos


def tokenize(text: str, classify_call: Callable[[str], tuple], notes: list[str]) -> list[Tok]:
    """Split text into tokens; columns are 1-based positions in the original text."""
    out: list[Tok] = []
    pos, n = 0, len(text)
    while pos < n:
        ch = text[pos]
        col = pos + 1
        if ch.isspace():
            pos += 1
        elif _is_digit(ch) or (ch == "." and pos + 1 < n and _is_digit(text[pos + 1])):
            tok, pos = _number(text, pos, notes)
            out.append(tok)
        elif _is_letter(ch):
            pos = _word(text, pos, classify_call, out)
        elif ch == "*" and text.startswith("**", pos):
            out.append(_tok("POW", "**", col, col + 2))
            pos += 2
        elif ch in OPERATORS:
            out.append(_tok(OPERATORS[ch], ch, col, col + 1))
            pos += 1
        elif ch in SUPERSCRIPT_DIGITS or ch in SUPERSCRIPT_SIGNS:
            # x²  -> x ^ 2 ;  x⁻¹ -> x ^ - 1
            out.append(_tok("POW", "^", col, col))
            if ch in SUPERSCRIPT_SIGNS:
                out.append(_tok(SUPERSCRIPT_SIGNS[ch], ch, col, col + 1))
                pos += 1
            start = pos
            while pos < n and text[pos] in SUPERSCRIPT_DIGITS:
                pos += 1
            if pos == start:
                raise ParseError(f"a superscript sign needs digits after it at column {col}", col)
            digits = "".join(SUPERSCRIPT_DIGITS[c] for c in text[start:pos])
            out.append(_tok("NUMBER", digits, start + 1, pos + 1, Fraction(int(digits))))
        else:
            hint = CHAR_HINTS.get(ch)
            shown = ch if ch.isprintable() and not ch.isspace() else repr(ch)
            message = f"unexpected `{shown}` at column {col}"
            raise ParseError(f"{message}: {hint}" if hint else message, col)
        if len(out) > MAX_TOKENS:
            raise ParseError(f"the answer is too long (more than {MAX_TOKENS} symbols)", col)
    return out
