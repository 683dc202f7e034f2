"""Template filters every page may use (registered as a builtin in settings.TEMPLATES)."""

from django import template
from django.contrib.messages import constants

register = template.Library()


@register.filter
def refusals(messages) -> list[str]:
    """The flashed refusals (error level) among a page's messages, for the error summary."""
    return [str(message) for message in messages if message.level == constants.ERROR]
