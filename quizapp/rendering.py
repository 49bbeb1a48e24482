"""Markdown with LaTeX math, rendered to HTML for KaTeX to typeset in the browser.

Markdown would mangle math (`a_k * b_k` turns into emphasis), so math segments are set aside
before Markdown runs and put back, HTML-escaped, afterwards. KaTeX's auto-render then finds
the `$...$` and `$$...$$` delimiters in the page.
"""

import re

import markdown
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_MATH = re.compile(r"\$\$.+?\$\$|\$(?!\s)(?:\\\$|[^$\n])+?\$", re.DOTALL)
_PLACEHOLDER = "\u0000MATH{}\u0000"


def render_markdown(text: str) -> SafeString:
    segments: list[str] = []

    def set_aside(match: re.Match) -> str:
        segments.append(match.group(0))
        return _PLACEHOLDER.format(len(segments) - 1)

    protected = _MATH.sub(set_aside, text or "")
    # Raw HTML in the source is escaped: the bank is edited by instructors, shown to students.
    html = markdown.markdown(escape(protected), extensions=["tables", "sane_lists"])
    for index, segment in enumerate(segments):
        html = html.replace(_PLACEHOLDER.format(index), escape(segment))
    return mark_safe(html)
