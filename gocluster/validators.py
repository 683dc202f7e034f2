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

_LINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:|\b[a-z0-9-]+\.(?:de|com|org|net|eu|info|io)\b)")


def no_links(value) -> None:
    """A name is not a link: mail clients would turn it into a clickable one."""
    if isinstance(value, str) and _LINK.search(value):
        raise ValidationError(_("Bitte geben Sie hier keine Web- oder E-Mail-Adresse an; die Website gehört in "
                                "das Feld „Website“."), code="link")
