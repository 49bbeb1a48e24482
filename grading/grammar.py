"""The grammar of the calculator syntax, and `parse`: text to a raw expression tree.

Lark's LALR parser reads the token list made by `syntax.tokenize` (Lark never sees the text)
and builds the tree bottom-up at each reduction, without recursion, checking the size and
depth of every node as it is made.
"""

from __future__ import annotations

from collections.abc import Callable

from lark import Lark
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

from .nodes import Bin, Neg, Node, Num, RawCall, Span
from .syntax import MAX_NODES, MAX_TREE_DEPTH, ParseError, Tok, prescan, tokenize

# Implicit multiplication (`term power`) takes a factor that cannot start with a sign, so
# `a - b` is always a difference. `signed` sits between products and powers: -x^2 = -(x^2),
# and exponents may carry a sign (2^-1). Powers are right-associative.
GRAMMAR = r"""
?start: expr
?expr: term
     | expr PLUS term     -> add
     | expr MINUS term    -> sub
?term: signed
     | term TIMES signed  -> mul
     | term DIVIDE signed -> div
     | term power         -> imul
?signed: power
     | MINUS signed       -> neg
     | PLUS signed        -> pos
?power: primary
     | primary POW signed -> pow
?primary: NUMBER          -> num
     | NAME               -> name
     | FUNC LPAR args RPAR -> call
     | LPAR expr RPAR     -> paren
args: expr (COMMA expr)*
%declare NUMBER NAME FUNC PLUS MINUS TIMES DIVIDE POW LPAR RPAR COMMA
"""


class _TokenListLexer(Lexer):
    """Lark's parser reads the token list `tokenize` made; Lark never sees the text."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: list[Tok]):  # type: ignore[override]
        yield from data


def _checked(node: Node) -> Node:
    if node.depth > MAX_TREE_DEPTH:
        raise ParseError("the expression is nested too deeply", node.span[0])
    if node.size > MAX_NODES:
        raise ParseError(f"the expression is too long (more than {MAX_NODES} parts)", node.span[0])
    return node


def _span(a: Node | Tok, b: Node | Tok) -> Span:
    start = a.span[0] if isinstance(a, Node) else a.column
    end = b.span[1] if isinstance(b, Node) else b.end_column
    return (start, end)


def _bare_number(node: Node) -> bool:
    """A number not in parentheses, possibly raised to a power: `x 2` or `x 2^3`."""
    if isinstance(node, Bin) and node.op == "^" and not node.paren:
        node = node.a
    return isinstance(node, Num) and not node.paren


class _Build:
    """Tree builder called by the LALR parser at each reduction (no recursion at all)."""

    def num(self, c):
        tok = c[0]
        return Num(tok.info, str(tok), (tok.column, tok.end_column))

    def name(self, c):
        return c[0].info

    def call(self, c):
        fn, _, args, rpar = c
        return _checked(RawCall(str(fn), tuple(args), (fn.column, rpar.end_column)))

    def args(self, c):
        return [x for x in c if isinstance(x, Node)]

    def paren(self, c):
        lpar, node, rpar = c
        node.paren = True
        node.span = (lpar.column, rpar.end_column)
        return node

    def _bin(self, op: str, c, implicit: bool = False):
        a, b = (c[0], c[1]) if implicit else (c[0], c[2])
        return _checked(Bin(op, a, b, _span(a, b), implicit))

    def add(self, c):
        return self._bin("+", c)

    def sub(self, c):
        return self._bin("-", c)

    def mul(self, c):
        return self._bin("*", c)

    def div(self, c):
        return self._bin("/", c)

    def pow(self, c):
        return self._bin("^", c)

    def imul(self, c):
        if _bare_number(c[1]):
            col = c[1].span[0]
            raise ParseError(
                f"a number right after a factor at column {col}: write `*` between them "
                "(or `^` for a power, `_` for a subscript)",
                col,
            )
        return self._bin("*", c, implicit=True)

    def neg(self, c):
        return _checked(Neg(c[1], _span(c[0], c[1])))

    def pos(self, c):
        node = c[1]
        node.span = _span(c[0], node)
        return node


_PARSER = Lark(GRAMMAR, parser="lalr", lexer=_TokenListLexer, transformer=_Build())

_OPERATOR_TYPES = {"PLUS", "MINUS", "TIMES", "DIVIDE", "POW"}


def _unexpected(err: UnexpectedToken, tokens: list[Tok]) -> ParseError:
    tok = err.token
    if tok.type == "$END":
        last = tokens[-1]
        if last.type in _OPERATOR_TYPES or last.type == "COMMA":
            return ParseError(
                f"`{last}` at column {last.column} needs something after it", last.column
            )
        return ParseError("the expression is incomplete", last.column)
    at = next(i for i, t in enumerate(tokens) if t is tok)
    prev = tokens[at - 1] if at else None
    col = tok.column
    if tok.type == "RPAR" and prev is not None and prev.type == "LPAR":
        return ParseError(f"empty parentheses at column {prev.column}", prev.column)
    if tok.type in ("RPAR", "COMMA") and prev is not None and prev.type in _OPERATOR_TYPES:
        return ParseError(f"`{prev}` at column {prev.column} needs something after it", prev.column)
    if tok.type in _OPERATOR_TYPES and (prev is None or prev.type in ("LPAR", "COMMA")):
        return ParseError(f"`{tok}` at column {col} has nothing before it", col)
    if tok.type == "COMMA":
        return ParseError(f"unexpected `,` at column {col}: commas only separate arguments", col)
    return ParseError(f"unexpected `{tok}` at column {col}", col)


def parse(text: str, classify_call: Callable[[str], tuple]) -> tuple[Node, list[str]]:
    """Parse calculator text into a raw tree, plus notes on how it was read.

    Raises ParseError. Bounded: linear pre-scan, then at most MAX_TOKENS tokens for an LALR
    parser that builds the tree bottom-up without recursion, checking size and depth."""
    prescan(text)
    notes: list[str] = []
    tokens = tokenize(text, classify_call, notes)
    try:
        tree = _PARSER.parse(tokens)
    except UnexpectedToken as err:
        raise _unexpected(err, tokens) from None
    except UnexpectedInput as err:  # pragma: no cover - the token lexer cannot fail this way
        raise ParseError("the expression could not be read") from err
    return tree, notes
