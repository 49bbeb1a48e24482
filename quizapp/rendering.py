"""Markdown with LaTeX math, rendered to HTML that reads as math with or without JavaScript.

Markdown would mangle math (`a_k * b_k` turns into emphasis), so math segments are set aside
before Markdown runs and put back afterwards, each as MathML made on the server
(latex2mathml), which browsers show natively, inside a `<span class="math">` that keeps the
LaTeX in `data-tex`: with JavaScript, static/quizapp/render-math.js typesets it with KaTeX.

The HTML is then passed through an allow-list sanitiser (nh3): prompts, instructions and
students' written answers are text from others, and Markdown itself makes links
(`[hint](javascript:...)`, reference-style links, `![](data:...)`). Only the tags Markdown
makes survive, no style or event attributes, and URLs only with http, https, mailto or
relative.
"""

import re
import secrets
from functools import lru_cache

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml

_MATH = re.compile(r"\$\$.+?\$\$|\$(?!\s)(?:\\\$|[^$\n])+?\$", re.DOTALL)

TAGS = {
    *("p", "br", "hr", "em", "strong", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    *("a", "img"),
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}  # and relative URLs, which nh3 keeps
# What latex2mathml writes: MathML's presentation elements, checked like the rest.
MATHML_TAGS = {
    *("math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mstyle", "mpadded"),
    *("mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover"),
    *("mtable", "mtr", "mtd", "menclose", "mphantom", "semantics", "annotation"),
}
MATHML_ATTRIBUTE_NAMES = {
    *("display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace"),
    *("columnalign", "rowspacing", "columnspacing", "displaystyle", "scriptlevel"),
    *("accent", "accentunder", "movablelimits", "width", "height", "depth"),
    *("linethickness", "notation", "form", "minsize", "maxsize", "symmetric"),
}
# The span around each piece of math keeps its LaTeX for KaTeX (static/quizapp/render-math.js).
MATH_TAGS = {"span", *MATHML_TAGS}
MATH_ATTRIBUTES = {
    "span": {"class", "data-tex", "data-display"},
    **{tag: MATHML_ATTRIBUTE_NAMES for tag in MATHML_TAGS},
}


def sanitise_html(html: str) -> str:
    """Markdown's tags and the math spans, nothing else (see the module's docstring)."""
    return nh3.clean(
        html,
        tags=TAGS | MATH_TAGS,
        attributes={**ATTRIBUTES, **MATH_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
    )


def render_markdown(text: str) -> SafeString:
    segments: list[str] = []
    # A fresh token per call: text cannot spell a placeholder to pull math elsewhere.
    token = f"MATH{secrets.token_hex(8)}"

    def set_aside(match: re.Match) -> str:
        segments.append(match.group(0))
        return f"{token}x{len(segments) - 1}x"

    protected = _MATH.sub(set_aside, text or "")
    # Raw HTML in the source is escaped: the bank is edited by instructors, shown to students.
    html = markdown.markdown(escape(protected), extensions=["tables", "sane_lists"])
    placeholder = re.compile(rf"{token}x(\d+)x")
    # Inside a tag (a link's address, say) math is put back as the text it was; elsewhere as
    # math. Sanitised after, so nothing put back escapes the allow-list.
    html = re.sub(
        r"<[^>]*>",
        lambda tag: placeholder.sub(lambda m: escape(segments[int(m[1])]), tag[0]),
        html,
    )
    html = placeholder.sub(lambda m: math_html(segments[int(m[1])]), html)
    return mark_safe(sanitise_html(html))


@lru_cache(maxsize=4096)
def math_html(segment: str) -> str:
    """One `$...$` or `$$...$$` segment as MathML, its LaTeX kept for KaTeX (sanitised with
    the rest of the page's HTML by render_markdown)."""
    display = segment.startswith("$$")
    tex = segment[2:-2] if display else segment[1:-1]
    try:
        mathml = latex_to_mathml(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml refuses what it cannot read: show the source instead
        mathml = escape(segment)
    return (
        f'<span class="math" data-tex="{escape(tex)}" '
        f'data-display="{"true" if display else "false"}">{mathml}</span>'
    )
