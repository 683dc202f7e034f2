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
from django.urls import reverse
from pypdf import PdfReader

from applications.enums import ApplicationState as S
from applications.models import QualityArea
from applications.services import letters
from applications.services.workflow import apply_transition
from gocluster.documents.models import DocumentKind
from gocluster.documents.services import documents_of
from gocluster.outbox.models import OutboxMail
from gocluster.pdf import render_pdf
from members.services import memberships
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import client_for
from tests.factories import ClusterFactory, StaffFactory
from tests.members.builders import TODAY, budget, member, request_args
from tests.pdf import pdf_reader, pdf_text, unwrapped

pytestmark = pytest.mark.django_db
LETTERS_DIR = Path(settings.BASE_DIR) / "build" / "letters"


def in_pdf(phrase: str, document) -> bool:
    return unwrapped(phrase) in unwrapped(pdf_text(document))


def write_pngs(document, name: str) -> None:
    """The rendered pages as pictures for people to look at (build/letters/<name>-<page>.png); `document` is a
    stored Document or the bytes of a PDF."""
    if shutil.which("pdftoppm") is None:
        return
    LETTERS_DIR.mkdir(parents=True, exist_ok=True)
    for old in LETTERS_DIR.glob(f"{name}-*.png"):
        old.unlink()
    path = Path(document.file.path) if hasattr(document, "file") else LETTERS_DIR / f"{name}.pdf"
    if not hasattr(document, "file"):
        path.write_bytes(document)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(path), str(LETTERS_DIR / name)], check=True)


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


# --- DIN 5008 layout, hyphenation, one design for every letter, the tagged dossier, the preview -------------

MM = 72 / 25.4  # points per millimetre
LONG_NAMES = {"name": "Kompetenznetz Optische Technologien und Photonik Berlin-Brandenburg",
              "management_organisation": "Optec-Berlin-Brandenburg (OpTecBB) e. V.", "street": "Rudower Chaussee 25",
              "postcode": "12489", "city": "Berlin"}


def _words(pdf: bytes, tmp_path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) in millimetres from the top left corner of `page`, per word."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(text, *(float(v) / MM for v in box)) for *box, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def _first(words, text, below_mm=0.0):
    return next(w for w in words if w[0] == text and w[2] >= below_mm)


def _admission_letter(django_capture_on_commit_callbacks, **cluster_fields):
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.ADMITTED, cluster=ClusterFactory(**cluster_fields))
    return application, documents_of(application, DocumentKind.ADMISSION_LETTER).get()


def test_address_sits_in_the_window_on_the_body_margin(django_capture_on_commit_callbacks, tmp_path):
    """DIN 5008 form B: address and body on the same 25 mm line; the address written downwards from 62.7 mm, so
    the postcode and town stay inside the window (45 to 90 mm) also when the cluster's name takes two lines."""
    _application, letter = _admission_letter(django_capture_on_commit_callbacks, **LONG_NAMES)
    words = _words(Path(letter.file.path).read_bytes(), tmp_path)
    return_address = _first(words, "VDI/VDE-IT")
    first_line = _first(words, "Optec-Berlin-Brandenburg", below_mm=45)
    town_line = _first(words, "12489", below_mm=45)
    salutation = _first(words, "Sehr")
    assert round(return_address[1], 1) == round(first_line[1], 1) == round(town_line[1], 1) == \
        round(salutation[1], 1) == 25.0
    assert return_address[2] > 45 and return_address[4] < 62.7  # return address in the upper zone
    assert first_line[2] >= 62.7  # the address zone begins below it
    assert town_line[4] < 89  # and the last line ends inside the window, not at its edge
    write_pngs(letter, "aufnahmeschreiben-lange-namen")


def test_admission_letter_with_long_names_keeps_the_enclosure_on_the_page_of_the_closing(
        django_capture_on_commit_callbacks):
    """The user's letter: a second page holding only "Anlage: Aufnahmeurkunde"."""
    _application, letter = _admission_letter(django_capture_on_commit_callbacks, **LONG_NAMES)
    pages = [page.extract_text() for page in pdf_reader(letter).pages]
    closing = next(i for i, text in enumerate(pages) if "Mit freundlichen Grüßen" in text)
    enclosure = next(i for i, text in enumerate(pages) if "Anlage:" in text)
    assert (len(pages), closing, enclosure) == (1, 0, 0)


def test_letters_never_break_words_at_line_ends(django_capture_on_commit_callbacks):
    """Pyphen read the German patterns wrongly ("beda-rfsgerechte"): the letters are set without automatic
    hyphenation, every word stays whole."""
    cast = Cast()
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.DECISION_PENDING, cast, outcome="reject")
        text = " ".join(f"{'Wir empfehlen' if i % 2 else 'Eine'} bedarfsgerechte Dienstleistungsentwicklung und eine "
                        f"Rückmeldung{'en' * (i % 3)} an die Clusterakteure." for i in range(12))
        apply_transition(application=application, name="release_decision", by=cast.staff,
                         feedback={area.pk: text for area in QualityArea.objects.all()})
    letter = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    extracted = pdf_text(letter)
    assert "\u2010" not in extracted and "\u00ad" not in extracted
    assert " ".join(extracted.split()).count("bedarfsgerechte Dienstleistungsentwicklung") == 4 * 12
    write_pngs(letter, "rueckmeldeschreiben-lange-rueckmeldung")


def test_cost_share_decision_is_laid_out_like_every_other_letter(django_capture_on_commit_callbacks, tmp_path):
    _application, admission = _admission_letter(django_capture_on_commit_callbacks, **LONG_NAMES)
    budget(TODAY.year, "10000")
    cluster = member(ClusterFactory(**{**LONG_NAMES, "name": "Photonik Nord"}))
    with django_capture_on_commit_callbacks(execute=True):
        request = memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(), today=TODAY,
                                                        **request_args())
        request = memberships.cost_share_approve(request=request, by=StaffFactory())
    letter = documents_of(request, DocumentKind.COST_SHARE_LETTER).get()
    text = unwrapped(pdf_text(letter))
    for phrase in ("Geschäftsstelle go-cluster", "im Auftrag des Bundesministeriums für Wirtschaft und Energie (BMWE)",
                   "Unser Zeichen", request.reference,
                   "Wir bewilligen Ihnen einen Kostenanteil in Höhe von 4.160,00 EUR",
                   "Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift gültig."):
        assert unwrapped(phrase) in text, phrase
    letter_words = _words(Path(letter.file.path).read_bytes(), tmp_path)
    admission_words = _words(Path(admission.file.path).read_bytes(), tmp_path)
    for word in ("VDI/VDE-IT", "go-cluster", "Ansprechpartner", "Telefon", "Datum"):
        assert _first(letter_words, word)[1:3] == _first(admission_words, word)[1:3], word
    # The same fonts as the other letters (the logo's "go" is set in DejaVu Sans Bold).
    assert _fonts(Path(letter.file.path).read_bytes()) == _fonts(Path(admission.file.path).read_bytes()) == {
        "Liberation-Sans", "Liberation-Sans-Bold", "DejaVu-Sans-Bold"}
    write_pngs(letter, "bescheid-kostenanteil")


def test_dossier_is_a_tagged_pdf_with_the_strategy_appended():
    application = case_in_state(S.VOTING)
    dossier = letters.render_dossier(application)
    reader = pdf_reader(dossier)
    root = reader.trailer["/Root"]
    assert (root["/Lang"], bool(root["/MarkInfo"]["/Marked"]), "/StructTreeRoot" in root) == ("de", True, True)
    summary_pages = dossier.page_count - application.strategy_document_pages
    # Part A carries the structure; the appended strategy pages keep their content (pypdf cannot merge tags).
    assert [page.get("/StructParents") is not None for page in reader.pages] == (
        [True] * summary_pages + [False] * application.strategy_document_pages)


def test_staff_preview_the_letters_as_pdf_before_release_without_storing_them(django_capture_on_commit_callbacks,
                                                                              settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    cast = Cast()
    application = case_in_state(S.DECISION_PENDING, cast, outcome="reject")
    feedback = {f"feedback_{area.pk}": f"Zu „{area.name}“: mehr Kennzahlen." for area in QualityArea.objects.all()}
    client = client_for(cast.staff)
    url = reverse("staff:case_decision_preview_pdf", args=[application.pk])
    page = client.post(reverse("staff:case_decision", args=[application.pk]), feedback).content.decode()
    assert f'formaction="{url}"' in page
    response = client.post(url, feedback)
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200, "application/pdf", "no-store")
    assert response["Content-Disposition"] == f'attachment; filename="{application.case_number}_Vorschau_Schreiben.pdf"'
    pdf = b"".join(response.streaming_content)
    text = unwrapped("\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))
    assert unwrapped("Zu „Struktur und Zusammensetzung“: mehr Kennzahlen.") in text
    assert unwrapped(application.cluster.name) in text
    assert documents_of(application).count() == 0
    write_pngs(pdf, "vorschau-rueckmeldeschreiben")
    # The preview and the letter the release sends are the same document (bar the moment of rendering).
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="release_decision", by=cast.staff,
                         feedback={int(k.removeprefix("feedback_")): v for k, v in feedback.items()})
    sent = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    assert unwrapped(pdf_text(sent)) == text
