"""The programme's names and contact, from settings: one context for mails and letters alike."""

from django.conf import settings


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
