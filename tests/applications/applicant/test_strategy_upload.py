"""The strategy document: checked by content, size-limited, stored under a generated name, replaceable."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from applications.models import Application
from tests.factories import make_pdf

pytestmark = pytest.mark.django_db


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("geheim")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(client, application, name, content):
    return client.post(reverse("applicant:strategy", args=[application.pk]),
                       {"strategy_document": SimpleUploadedFile(name, content, "application/pdf"), "continue": "1"})


def test_valid_pdf_is_stored_under_a_generated_name_with_page_count(manager_client, application):
    response = _upload(manager_client, application, "Unsere Strategie 2026.pdf", make_pdf(4))
    assert response.url == reverse("applicant:actors", args=[application.pk])
    application.refresh_from_db()
    assert application.strategy_document_pages == 4
    assert application.strategy_document_name == "Unsere Strategie 2026.pdf"
    assert "Strategie" not in application.strategy_document.name
    assert application.strategy_document.name.startswith("application/")


def test_replacing_the_pdf_removes_the_old_file(manager_client, application, django_capture_on_commit_callbacks):
    storage = application.strategy_document.storage
    old = application.strategy_document.name
    with django_capture_on_commit_callbacks(execute=True):
        _upload(manager_client, application, "neu.pdf", make_pdf(2))
    application.refresh_from_db()
    assert (application.strategy_document_pages, storage.exists(old)) == (2, False)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("strategie.pdf", b"PK\x03\x04 this is a zip renamed to pdf", "Die Datei ist kein PDF."),
    ("strategie.pdf", b"%PDF-1.7\nnothing but garbage\n%%EOF", "Das PDF ist beschädigt"),
    ("strategie.pdf", _encrypted_pdf(), "Das PDF ist verschlüsselt oder passwortgeschützt."),
])
def test_bad_pdf_is_refused_with_a_german_message_and_nothing_saved(manager_client, application, name, content,
                                                                    message):
    before = Application.objects.get(pk=application.pk)
    response = _upload(manager_client, application, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    application.refresh_from_db()
    assert (application.strategy_document.name, application.strategy_document_pages) == (
        before.strategy_document.name, before.strategy_document_pages)


def test_25_mb_file_is_refused_before_it_is_stored(manager_client, application):
    before = application.strategy_document.name
    content = b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024)
    response = _upload(manager_client, application, "gross.pdf", content)
    assert response.status_code == 200
    assert "Die Datei ist größer als 20 MB." in response.content.decode()
    application.refresh_from_db()
    assert application.strategy_document.name == before


def test_size_check_of_the_form_itself_refuses_more_than_20_mb():
    from django.core.exceptions import ValidationError

    from gocluster.uploads import check_pdf

    with pytest.raises(ValidationError) as refused:
        check_pdf(SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024)), max_bytes=20 * 1024 * 1024)
    assert refused.value.messages == ["Die Datei ist 20.0 MB groß; erlaubt sind höchstens 20 MB."]


def test_download_is_an_attachment_with_nosniff(manager_client, application):
    response = manager_client.get(reverse("applicant:strategy-download", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
