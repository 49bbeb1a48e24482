"""A spec's declarations written as short text, as the command line and the admin's answer
fields take them, and back: `x, y`, `n=1..N, k=1..K`, `mu_k = sum(x_n, n)/N`."""

from __future__ import annotations

import re
from typing import Any

from .spec import SpecError

# A name between commas or spaces; a subscript in braces may hold commas: `q_{k,n}`.
NAME = re.compile(r"(?:[^\s,{}]|\{[^{}]*\})+")


def names_from_text(value: Any) -> Any:
    """`x, y` or `x y` as ["x", "y"] (`q_{k,n}` is one name); anything else as it is."""
    if isinstance(value, str):
        return NAME.findall(value)
    return value


def indices_from_text(value: Any) -> Any:
    """`n=1..N,k=1..K` as {"n": [1, "N"], "k": [1, "K"]}; a mapping as it is."""
    if not isinstance(value, str):
        return value
    out = {}
    for item in (v for v in value.split(",") if v.strip()):
        m = re.fullmatch(r"\s*(\w+)\s*=\s*(.+?)\s*\.\.\s*(.+?)\s*", item)
        if not m:
            raise SpecError(f"index range `{item.strip()}` is not of the form n=1..N")
        out[m[1]] = [int(b) if re.fullmatch(r"-?\d+", b) else b for b in (m[2], m[3])]
    return out


def indices_as_text(indices: dict) -> str:
    return ", ".join(f"{name}={lo}..{hi}" for name, (lo, hi) in indices.items())


def defined_from_lines(value: Any) -> Any:
    """["mu=EXPR", ...] as {"mu": "EXPR"}; a mapping as it is."""
    if not isinstance(value, list):
        return value
    out = {}
    for item in value:
        name, sep, text = str(item).partition("=")
        if not sep or not name.strip():
            raise SpecError(f"definition `{item}` is not of the form name=EXPR")
        out[name.strip()] = text.strip()
    return out


def defined_as_lines(defined: dict) -> list[str]:
    return [f"{name} = {text}" for name, text in defined.items()]
