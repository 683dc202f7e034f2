"""Checks of uploaded files by content: a PDF is a PDF (magic bytes and a real parse), never by its name,
and carries no active content (JavaScript, actions, launch, embedded files, XFA).

One check for every PDF the portal accepts (strategy documents, label certificates, evidence)."""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
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


# --- Body size before anything reads the body ---------------------------------------------------------
# Django parses a multipart body (files into temporary files) the first time `request.POST` is read - by
# the CSRF middleware already, before the view. So the size is checked on Content-Length first: for an
# upload view by `upload_view` (its own limit, its own German message), for every other view by
# `RequestBodyLimitMiddleware` (MAX_REQUEST_BODY_BYTES, answered 413).

# Room for the other form fields and the multipart framing around the file.
FORM_SLACK_BYTES = 64 * 1024


def content_length(request) -> int | None:
    """The declared body size; None if it is not a number (such a request is refused)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def body_too_large(request, max_bytes: int) -> bool:
    """True if the body is larger than a file of `max_bytes` with its form (or its size is unreadable)."""
    length = content_length(request)
    return length is None or length > max_bytes + FORM_SLACK_BYTES


def too_large_message(max_bytes: int) -> str:
    return _("Die Datei ist größer als %(max)s MB. Bitte verkleinern Sie das PDF und laden Sie es erneut hoch.") % {
        "max": max_bytes // 1024 // 1024}


def upload_view(max_bytes: int):
    """For a view that takes a file of at most `max_bytes`: a larger body is never parsed or stored.

    The view then finds `request.upload_too_large` set and shows its page with `too_large_message`
    without reading `request.POST`/`request.FILES`; nothing changes, so the CSRF check (done by the view's
    `csrf_protect` for every body that is read) is not needed for it."""

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.upload_too_large = request.method == "POST" and body_too_large(request, max_bytes)
            if request.upload_too_large:
                return view(request, *args, **kwargs)
            return protected(request, *args, **kwargs)

        wrapped.max_upload_bytes = max_bytes
        return wrapped

    return decorator


class RequestBodyLimitMiddleware:
    """Refuse (413) a body larger than MAX_REQUEST_BODY_BYTES before the CSRF middleware parses it; upload
    views (`upload_view`) check their own limit. Place it before `CsrfViewMiddleware`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "max_upload_bytes", None) is not None:
            return None
        length = content_length(request)
        if length is None or length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(_("Die Anfrage ist zu groß."), status=413, content_type="text/plain; charset=utf-8")
        return None
