"""Finding 7: uploaded PDFs with active content are refused; the dossier strips it again when assembled."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import ApplicationState as S
from applications.models import Application
from applications.services import letters
from gocluster.pdfcontent import active_content, strip_active_content
from gocluster.uploads import check_pdf
from members.forms import validate_pdf
from tests.applications.builders import Cast, case_in_state, draft
from tests.pdf import ACTIVE_KINDS, pdf_reader, pdf_with

EXPECTED = {
    "open_action_javascript": ["JavaScript", "Aktion beim Öffnen"],
    "page_open_javascript": ["JavaScript", "automatische Aktionen (/AA)"],
    "document_javascript": ["JavaScript"],
    "launch_link": ["Programmstart"],
    "embedded_file": ["eingebettete Dateien"],
    "xfa_form": ["XFA-Formular"],
    "outline_javascript": ["JavaScript"],
    "file_attachment_annotation": ["eingebettete Dateien"],
}


def _message(what: str) -> str:
    return (f"Das PDF enthält aktive Inhalte ({what}). Aus Sicherheitsgründen nehmen wir nur PDFs ohne JavaScript, "
            "automatische Aktionen, eingebettete Dateien und XFA-Formulare an. Bitte speichern Sie das Dokument "
            "z. B. über „Drucken als PDF“ neu und laden Sie es erneut hoch.")


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_pdf_with_active_content_is_refused_by_the_upload_check(kind):
    with pytest.raises(ValidationError) as refused:
        check_pdf(SimpleUploadedFile("strategie.pdf", pdf_with(kind), "application/pdf"), max_bytes=10 ** 7)
    assert refused.value.messages == [_message(", ".join(EXPECTED[kind]))]
    assert refused.value.error_list[0].code == "active_content"


def test_pdf_with_a_plain_web_link_is_accepted():
    assert check_pdf(SimpleUploadedFile("s.pdf", pdf_with("link", pages=3), "application/pdf"),
                     max_bytes=10 ** 7).pages == 3


@pytest.mark.parametrize("kind", ["page_open_javascript", "embedded_file"])
def test_member_uploads_refuse_pdfs_with_active_content(kind):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(SimpleUploadedFile("nachweis.pdf", pdf_with(kind), "application/pdf"))
    assert refused.value.messages == [_message(", ".join(EXPECTED[kind]))]


@pytest.mark.django_db
def test_strategy_upload_with_javascript_is_refused_and_nothing_saved(client):
    application = draft(complete=False)
    client.force_login(application.cluster.managers.first())
    response = client.post(reverse("applicant:strategy", args=[application.pk]),
                           {"strategy_document": SimpleUploadedFile("s.pdf", pdf_with("open_action_javascript"),
                                                                    "application/pdf")})
    assert response.status_code == 200
    assert _message("JavaScript, Aktion beim Öffnen") in response.content.decode()
    application.refresh_from_db()
    assert (application.strategy_document.name, application.strategy_document_pages) == ("", None)


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_strip_active_content_leaves_none_and_keeps_the_pages(kind):
    stripped = strip_active_content(pdf_with(kind, pages=3))
    assert active_content(stripped) == []
    assert check_pdf(SimpleUploadedFile("s.pdf", stripped, "application/pdf"), max_bytes=10 ** 7).pages == 3


@pytest.mark.django_db
def test_dossier_strips_active_content_of_a_strategy_document_stored_before_the_check():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    # A file stored before uploads were checked for active content.
    application.strategy_document.save("alt.pdf", ContentFile(pdf_with("page_open_javascript", pages=3)), save=False)
    Application.objects.filter(pk=application.pk).update(strategy_document=application.strategy_document.name)
    summary_pages = len(pdf_reader(letters.render_dossier(application)).pages) - 3
    dossier = letters.render_dossier(application)
    with dossier.file.open("rb") as handle:
        data = handle.read()
    assert active_content(data) == []
    assert len(pdf_reader(dossier).pages) == summary_pages + 3
