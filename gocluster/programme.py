"""The programme's names and contact, from settings: one context for mails and letters alike."""

from django.conf import settings
from django.utils import formats, timezone


def programme_context() -> dict:
    return {
        "ministry_name": settings.MINISTRY_NAME,
        # After "des" ("ein Programm des ...", "im Auftrag des ..."): the genitive, never the plain name.
        "ministry_name_genitive": settings.MINISTRY_NAME_GENITIVE,
        "ministry_abbreviation": settings.MINISTRY_ABBREVIATION,
        "agency_name": settings.AGENCY_NAME,
        "agency_abbreviation": settings.AGENCY_ABBREVIATION,
        "agency_address": settings.AGENCY_ADDRESS,
        "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
        "contact_phone": settings.PROGRAMME_CONTACT_PHONE,
        "site_url": settings.SITE_URL.rstrip("/"),
    }


def letter_date(value) -> str:
    """A date (or a moment, in local time) as letters write it: `2. Dezember 2026`."""
    return formats.date_format(timezone.localtime(value) if hasattr(value, "hour") else value, "j. F Y")


def letter_recipient_name(cluster) -> str:
    """The person a letter to a cluster is addressed to: its first active manager."""
    manager = cluster.managers.filter(is_active=True).order_by("pk").first()
    return manager.full_name if manager else ""
