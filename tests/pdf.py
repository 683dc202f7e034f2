"""Reading stored PDF documents in tests."""

from io import BytesIO

from pypdf import PdfReader


def pdf_reader(document) -> PdfReader:
    """The stored file of a gocluster.documents Document, opened with pypdf."""
    with document.file.open("rb") as handle:
        return PdfReader(BytesIO(handle.read()))


def pdf_text(document) -> str:
    """The extracted text of every page of a stored document."""
    return "\n".join(page.extract_text() for page in pdf_reader(document).pages)
