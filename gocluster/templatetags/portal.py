"""Template filters and tags every page may use (registered as a builtin in settings.TEMPLATES)."""


from django import template
from django.contrib.messages import constants

from gocluster.numbers import format_euro, format_number
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


@register.filter
def euro(value) -> str:
    """An amount the German way: `480.000 €`, `4.115,50 €` ('' for None, so `|default:"–"` works)."""
    return format_euro(value)


@register.filter
def number(value) -> str:
    """A number the German way: `480.000`, `2,5` ('' for None)."""
    return format_number(value)
