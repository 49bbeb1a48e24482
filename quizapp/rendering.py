"""Markdown with LaTeX math, rendered to HTML for KaTeX to typeset in the browser.

Markdown would mangle math (`a_k * b_k` turns into emphasis), so math segments are set aside
before Markdown runs and put back, HTML-escaped, afterwards. KaTeX's auto-render then finds
the `$...$` and `$$...$$` delimiters in the page.

The HTML is then passed through an allow-list sanitiser (nh3): prompts, instructions and
students' written answers are text from others, and Markdown itself makes links
(`[hint](javascript:...)`, reference-style links, `![](data:...)`). Only the tags Markdown
makes survive, no style or event attributes, and URLs only with http, https, mailto or
relative.
"""

import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_MATH = re.compile(r"\$\$.+?\$\$|\$(?!\s)(?:\\\$|[^$\n])+?\$", re.DOTALL)
_PLACEHOLDER = "\u0000MATH{}\u0000"

TAGS = {
    *("p", "br", "hr", "em", "strong", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    *("a", "img"),
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}  # and relative URLs, which nh3 keeps


def sanitise_html(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)


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
    return mark_safe(sanitise_html(html))
