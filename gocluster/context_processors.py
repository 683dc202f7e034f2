from django.conf import settings


def programme(request):
    """Names that templates show everywhere; they change with governments, so they are settings."""
    return {
        "MINISTRY_NAME": settings.MINISTRY_NAME,
        "MINISTRY_NAME_GENITIVE": settings.MINISTRY_NAME_GENITIVE,
        "MINISTRY_ABBREVIATION": settings.MINISTRY_ABBREVIATION,
        "AGENCY_NAME": settings.AGENCY_NAME,
        "AGENCY_ABBREVIATION": settings.AGENCY_ABBREVIATION,
        "PROGRAMME_CONTACT_EMAIL": settings.PROGRAMME_CONTACT_EMAIL,
        "PROGRAMME_CONTACT_PHONE": settings.PROGRAMME_CONTACT_PHONE,
    }
