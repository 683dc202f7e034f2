"""Validators for text that users type and that others later read: pages, mails, letters, spreadsheets.

Control characters break exports (an XLSX cell cannot hold them) and hide text; bidirectional overrides
make a name read differently from what it is; a link in a name becomes a clickable link in mail clients.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Bidirectional embeddings, overrides and isolates (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")


def _forbidden(char: str, *, multiline: bool) -> bool:
    if multiline and char in LINE_BREAKS:
        return False
    return unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS


def strip_control_characters(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters and bidirectional overrides; line breaks and tabs stay if
    `multiline`, otherwise each becomes a space."""
    kept = []
    for char in text:
        if char in LINE_BREAKS:
            kept.append(char if multiline else " ")
        elif not _forbidden(char, multiline=False):
            kept.append(char)
    return "".join(kept)


@deconstructible
class NoControlCharacters:
    """Refuse control characters and bidirectional overrides; `multiline` text may hold line breaks and tabs."""

    message = _("Der Text enthält unsichtbare Steuerzeichen. Bitte geben Sie ihn ohne Steuerzeichen ein "
                "(z. B. neu eintippen statt einfügen).")
    code = "control_characters"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str) and any(_forbidden(char, multiline=self.multiline) for char in value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


no_control_characters = NoControlCharacters()
no_control_characters_multiline = NoControlCharacters(multiline=True)


# --- Names carry no links --------------------------------------------------------------------------
# Names are repeated to other people (in mails under the programme's sender, and on pages). Mail programs
# turn `www.…`, `http…` and bare domains into links by themselves, so a cluster "Gewinnspiel auf
# preis-sofort.com" would be a phishing mail with our sender.

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


no_links = validate_no_link  # the name migration 0006 of members refers to
