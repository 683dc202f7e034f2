from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from members.forms import validate_pdf
from tests.factories import make_pdf


def _encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("geheim")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_member_uploads_use_the_one_pdf_check_and_refuse_encrypted_files():
    validate_pdf(SimpleUploadedFile("ok.pdf", make_pdf(1), "application/pdf"))
    with pytest.raises(ValidationError) as refused:
        validate_pdf(SimpleUploadedFile("zertifikat.pdf", _encrypted(), "application/pdf"))
    assert refused.value.messages == [
        "Das PDF ist verschlüsselt oder passwortgeschützt. Bitte speichern Sie es ohne Kennwort "
        "und laden Sie es erneut hoch."]
