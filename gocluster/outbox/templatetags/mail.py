"""Filters of the mail layout (templates/email/layout.html)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What may follow the portal's address inside a link: a path of escaped text (an ampersand only as &amp;).
_PATH = r"(?:/(?:[^\s<>\"'&]|&amp;)*)?"
# Characters that end a sentence or a quotation rather than the link.
_TRAILING = ".,;:!?)»“”’"


@register.filter(needs_autoescape=True)
def portal_links(text, site_url, autoescape=True) -> SafeString:
    """Plain mail text for the HTML part: every character escaped, and only the portal's own addresses
    (`site_url` followed by a path) made into links. A URL anywhere else, e.g. in a cluster name or a
    comment a user wrote, stays text: users' text never becomes a link in a mail sent in the agency's name.

    (Django's `urlize` would link any address, and "https://portal.example.evil.test" starts like ours:
    the address must end after the host or go on with a path.)"""
    escaped = escape(text)
    origin = escape(site_url.rstrip("/"))
    if not origin:
        return mark_safe(escaped)
    pattern = re.compile(re.escape(origin) + _PATH + r"(?![\w\-:@%]|\.[\w\-])")

    def link(match: re.Match) -> str:
        url = match.group(0)
        trailing = ""
        while url[len(origin):] and url[-1] in _TRAILING:
            url, trailing = url[:-1], url[-1] + trailing
        return f'<a href="{url}">{url}</a>{trailing}'

    return mark_safe(pattern.sub(link, escaped))
