"""Validators for names that the portal repeats to other people (in mails under the programme's sender, and on
pages): such text carries no links. Mail programs turn `www.…`, `http…` and bare domains into links by
themselves, so a cluster "Gewinnspiel auf preis-sofort.com" would be a phishing mail with our sender."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Domain endings that mail programs link by themselves. Not every top-level domain: regional names such as
# "BIO.NRW" or "Kunststoff.Saar" are real cluster names, and ".nrw" is a top-level domain too.
_LINKED_ENDINGS = (
    "com", "net", "org", "info", "biz", "de", "eu", "at", "ch", "io", "co", "me", "ly", "gl", "to", "be",
    "nl", "fr", "it", "es", "pl", "uk", "us", "ru", "cn", "xyz", "top", "app", "dev", "link", "click", "online",
    "site", "shop", "live", "page", "work", "zip", "mov",
)
_LINK = re.compile(
    r"https?|://|www\.|mailto:"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(_LINKED_ENDINGS) + r")\b"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b",
    re.IGNORECASE,
)


def contains_link(text: str) -> bool:
    return bool(_LINK.search(text or ""))


def validate_no_link(value: str) -> None:
    if contains_link(value):
        raise ValidationError(
            _("Bitte geben Sie hier keine Internetadressen an (z. B. „www.“, „http“ oder „beispiel.de“). "
              "Die Website des Clusters hat ein eigenes Feld."),
            code="link",
        )
