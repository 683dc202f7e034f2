"""Small display helpers for the workbench and the voting room."""

from datetime import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def iso_datetime(value: str) -> str:
    """An ISO timestamp (as stored in JSON fields) in German format and local time."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "d.m.Y H:i")


@register.filter
def verbose_name_of(instance, field_name: str) -> str:
    """The German label of a model field, so labels live in one place (the model)."""
    return instance._meta.get_field(field_name).verbose_name


@register.filter
def make_list_of_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field_value(instance, field_name: str):
    return getattr(instance, field_name)
