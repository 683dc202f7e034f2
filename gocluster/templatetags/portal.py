"""Template filters and tags every page may use (registered as a builtin in settings.TEMPLATES)."""

import re

from django import template
from django.conf import settings
from django.contrib.messages import constants
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gocluster.pagination import PAGE_PARAM

register = template.Library()


@register.filter
def refusals(messages) -> list[str]:
    """The flashed refusals (error level) among a page's messages, for the error summary."""
    return [str(message) for message in messages if message.level == constants.ERROR]


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """`?<other parameters>&seite=<number>`: the link to another page of the same list, keeping the filters
    the page passes in as `query` (an urlencoded string)."""
    query = context.get("query") or ""
    return f"?{query}&{PAGE_PARAM}={number}" if query else f"?{PAGE_PARAM}={number}"


# Punctuation that ends a sentence after an address rather than belonging to it.
_TRAILING = ".,;:!?)]»“\"'"


@register.filter
def portal_links(text) -> SafeString:
    """Plain mail text as HTML: everything escaped, and only the portal's own addresses (those starting with
    SITE_URL, which the mail templates build) as links. Never `urlize`: user text (a cluster name, a person's
    name) must not become a link in a mail under the programme's sender."""
    site = re.escape(settings.SITE_URL.rstrip("/"))
    # The portal's address, then a path or the end of the address (not "…de.evil.com", "…de@evil.com").
    address = re.compile(site + r"(?:/[^\s<>\"']*|(?![\w.:@-]))")
    parts, position = [], 0
    text = str(text)
    for match in address.finditer(text):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        parts += [escape(text[position:match.start()]),
                  f'<a href="{escape(stripped)}">{escape(stripped)}</a>', escape(url[len(stripped):])]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every part is escaped above
