"""Reading stored PDF documents in tests."""

import re
from io import BytesIO

from pypdf import PdfReader


def pdf_reader(document) -> PdfReader:
    """The stored file of a gocluster.documents Document, opened with pypdf."""
    with document.file.open("rb") as handle:
        return PdfReader(BytesIO(handle.read()))


def pdf_text(document) -> str:
    """The extracted text of every page of a stored document."""
    return "\n".join(page.extract_text() for page in pdf_reader(document).pages)


def unwrapped(text: str) -> str:
    """`text` without line wrapping: the hyphens the layout inserts (U+2010 at a line end, never typed by
    a user) and all whitespace removed. Where a name or date wraps depends on the lengths of the names and
    dates around it, so a check for a phrase in a PDF compares both sides through this."""
    return re.sub(r"\s+", "", re.sub(r"\u2010[ \t]*\n", "", text))
