from django import template
from django.utils.safestring import SafeString

from quizapp.rendering import render_markdown

register = template.Library()


@register.filter
def markdown_math(text: str) -> SafeString:
    """Markdown with $...$ math, ready for KaTeX."""
    return render_markdown(text)
