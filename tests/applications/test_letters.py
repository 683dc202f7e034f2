"""Letters and the dossier as PDFs: content, page count, layout pictures under build/letters/ (`make pictures`
copies them into docs/letters/)."""

import logging
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from pypdf import PdfReader

from applications.enums import ApplicationState as S
from applications.services import letters
from gocluster.documents.models import DocumentKind
from gocluster.documents.services import documents_of
from gocluster.outbox.models import OutboxMail
from gocluster.pdf import render_pdf
from tests.applications.builders import case_in_state
from tests.pdf import pdf_reader, pdf_text, unwrapped

pytestmark = pytest.mark.django_db
LETTERS_DIR = Path(settings.BASE_DIR) / "build" / "letters"


def in_pdf(phrase: str, document) -> bool:
    return unwrapped(phrase) in unwrapped(pdf_text(document))


def write_pngs(document, name: str) -> None:
    """The rendered pages as pictures for people to look at (build/letters/<name>-<page>.png)."""
    if shutil.which("pdftoppm") is None:
        return
    LETTERS_DIR.mkdir(parents=True, exist_ok=True)
    for old in LETTERS_DIR.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", document.file.path, str(LETTERS_DIR / name)], check=True)


def test_release_rejection_sends_feedback_letter_attached_to_decision_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.REJECTED)
    letter = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    assert letter.version == 1
    assert letter.sent_at is not None
    text = unwrapped(pdf_text(letter))
    assert unwrapped(application.cluster.name) in text
    assert unwrapped("Rückmeldung zu Struktur und Zusammensetzung") in text
    assert application.case_number in text
    mail = OutboxMail.objects.get(event="decision_released")
    assert [a.filename for a in mail.attachments.all()] == [f"{application.case_number}_Schreiben-Rueckmeldung.pdf"]
    write_pngs(letter, "rueckmeldeschreiben")


def test_release_admission_sends_letter_and_one_page_landscape_certificate(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.ADMITTED)
    letter = documents_of(application, DocumentKind.ADMISSION_LETTER).get()
    certificate = documents_of(application, DocumentKind.ADMISSION_CERTIFICATE).get()
    assert certificate.page_count == 1
    page = pdf_reader(certificate).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert in_pdf(application.cluster.name, certificate)
    assert in_pdf("Aufnahmeurkunde", letter)
    mail = OutboxMail.objects.get(event="decision_released")
    assert mail.attachments.count() == 2
    write_pngs(letter, "aufnahmeschreiben")
    write_pngs(certificate, "aufnahmeurkunde")


def test_dossier_pages_are_summary_pages_plus_strategy_pages():
    application = case_in_state(S.VOTING)
    summary_pages = len(PdfReader(BytesIO(letters.dossier_summary_pdf(application))).pages)
    dossier = letters.render_dossier(application)
    assert dossier.page_count == summary_pages + 3
    assert in_pdf(application.cluster.name, dossier)
    write_pngs(dossier, "dossier")


def test_rerender_is_new_version_and_sent_one_stays(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.REJECTED)
    first = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    second = letters.render_decision_document(application, DocumentKind.FEEDBACK_LETTER)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.sent_at is not None and second.sent_at is None
    assert Path(first.file.path).exists()


def test_letters_are_tagged_pdf_ua_in_german(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.REJECTED)
    letter = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    root = pdf_reader(letter).trailer["/Root"]
    assert root["/Lang"] == "de"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()


def _fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF uses (subset prefixes like ABCDEF+ removed)."""
    fonts = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return fonts


def test_letters_keep_their_layout_with_production_static_files(settings, tmp_path, caplog,
                                                                django_capture_on_commit_callbacks):
    """DEBUG off, hashed names from the manifest (whitenoise), files collected into STATIC_ROOT: the letters are
    styled exactly as in development (the fetcher once refused the hashed stylesheet: unstyled letters)."""
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.ADMITTED)
    context = letters.decision_context(application)
    kinds = (DocumentKind.ADMISSION_LETTER, DocumentKind.ADMISSION_CERTIFICATE)
    development = {kind: render_pdf(letters.TEMPLATES[kind], context) for kind in kinds}

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    # Only the project's own static folder, without the vendored libraries: the letters use nothing else, and
    # compressing the admin's thousand files would take a minute.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", "--ignore", "vendor", verbosity=0)
    html = render_to_string(letters.TEMPLATES[DocumentKind.ADMISSION_LETTER], context)
    assert re.search(r'href="/static/css/letters\.[0-9a-f]{12}\.css"', html)
    assert re.search(r'src="/static/img/favicon\.[0-9a-f]{12}\.svg"', html)
    caplog.set_level(logging.WARNING, logger="gocluster.pdf")
    production = {kind: render_pdf(letters.TEMPLATES[kind], context) for kind in kinds}

    assert [r.getMessage() for r in caplog.records if r.name == "gocluster.pdf"] == []
    for kind in kinds:
        assert len(PdfReader(BytesIO(production[kind])).pages) == len(PdfReader(BytesIO(development[kind])).pages)
        assert _fonts(production[kind]) == _fonts(development[kind]), kind
        assert {"Liberation-Sans", "Liberation-Sans-Bold"} <= _fonts(production[kind]), kind
