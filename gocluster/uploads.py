"""Checks of uploaded files by content: a PDF is a PDF (magic bytes and a real parse), never by its name,
and carries no active content (JavaScript, actions, launch, embedded files, XFA).

One check for every PDF the portal accepts (strategy documents, label certificates, evidence)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from gocluster.pdfcontent import UnreadablePdf, active_content


@dataclass(frozen=True)
class CheckedPdf:
    pages: int


def check_pdf(upload, *, max_bytes: int) -> CheckedPdf:
    """Refuse anything that is not a readable, unencrypted PDF of at most `max_bytes`."""

    if upload.size > max_bytes:
        raise ValidationError(_("Die Datei ist %(size)s MB groß; erlaubt sind höchstens %(max)s MB.")
                              % {"size": round(upload.size / 1024 / 1024, 1), "max": max_bytes // 1024 // 1024},
                              code="too_large")
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError(_("Die Datei ist kein PDF. Bitte laden Sie eine PDF-Datei hoch."),
                              code="not_pdf")
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(_(
                "Das PDF ist verschlüsselt oder passwortgeschützt. Bitte speichern Sie es ohne Kennwort "
                "und laden Sie es erneut hoch."), code="encrypted")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
        raise ValidationError(_("Das PDF ist beschädigt und kann nicht gelesen werden. Bitte exportieren Sie "
                                "es erneut und laden Sie es noch einmal hoch."), code="broken") from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("Das PDF enthält keine Seiten."), code="empty")
    try:
        active = active_content(upload.read())
    except UnreadablePdf as error:
        raise ValidationError(_("Das PDF ist beschädigt und kann nicht gelesen werden. Bitte exportieren Sie "
                                "es erneut und laden Sie es noch einmal hoch."), code="broken") from error
    finally:
        upload.seek(0)
    if active:
        # Refused, not cleaned: the file is forwarded under the agency's name, and the uploader can fix it.
        raise ValidationError(_(
            "Das PDF enthält aktive Inhalte (%(what)s). Aus Sicherheitsgründen nehmen wir nur PDFs ohne "
            "JavaScript, automatische Aktionen, eingebettete Dateien und XFA-Formulare an. Bitte speichern Sie "
            "das Dokument z. B. über „Drucken als PDF“ neu und laden Sie es erneut hoch."
        ) % {"what": ", ".join(active)}, code="active_content")
    return CheckedPdf(pages=pages)
