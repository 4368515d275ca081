"""Template helpers of the public pages."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()
TOKENS = re.compile(r"([^\W_]+)")


@register.simple_tag
def record_lang():
    """` lang="fr"` on the records' own text (written in French) on pages in another
    language (WCAG 3.1.2, language of parts)."""
    return "" if get_language() == "fr" else mark_safe(' lang="fr"')


@register.filter
def highlight(text, terms):
    """The text, escaped, with the words the search found marked (``<mark>``)."""
    if not text:
        return ""
    if not terms:
        return conditional_escape(text)
    parts = TOKENS.split(str(text))
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", part)
            if index % 2 and terms.matches(part)
            else conditional_escape(part)
            for index, part in enumerate(parts)
        )
    )
