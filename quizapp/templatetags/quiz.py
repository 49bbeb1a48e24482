from django import template
from django.utils.safestring import SafeString, mark_safe

from quizapp.rendering import render_markdown

register = template.Library()


@register.filter
def markdown_math(text: str) -> SafeString:
    """Markdown with $...$ math, ready for KaTeX."""
    return render_markdown(text)


@register.filter
def markdown_inline(text: str) -> SafeString:
    """One line of Markdown with math, without its paragraph: an engine message such as
    "`sigma` at column 3 is a function" shows its code as code, not as backticks."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)
