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


# --- PDFs with active content, built with pikepdf (finding 7) -----------------------------------------------

ACTIVE_KINDS = ("open_action_javascript", "page_open_javascript", "document_javascript", "launch_link",
                "embedded_file", "xfa_form", "outline_javascript", "file_attachment_annotation")


def pdf_with(kind: str, pages: int = 2) -> bytes:
    """A real PDF of `pages` blank pages carrying one kind of active content (or `"link"`: a plain web link,
    which is not active content)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    js = Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert('Hallo');"))
    page = pdf.pages[0].obj
    if kind == "open_action_javascript":
        pdf.Root.OpenAction = pdf.make_indirect(js)
    elif kind == "page_open_javascript":
        page.AA = Dictionary(O=pdf.make_indirect(js))
    elif kind == "document_javascript":
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(js)])))
    elif kind == "launch_link":
        launch = Dictionary(S=Name.Launch, F=String("calc.exe"))
        page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                                          Rect=Array([0, 0, 100, 100]), A=launch))])
    elif kind == "embedded_file":
        stream = pdf.make_stream(b"MZ not really a program", Type=Name.EmbeddedFile)
        spec = Dictionary(Type=Name.Filespec, F=String("tool.exe"), EF=Dictionary(F=stream))
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("tool.exe"), spec])))
    elif kind == "xfa_form":
        pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    elif kind == "outline_javascript":
        item = pdf.make_indirect(Dictionary(Title=String("Start"), A=js))
        pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=item, Last=item, Count=1))
        item.Parent = pdf.Root.Outlines
    elif kind == "file_attachment_annotation":
        stream = pdf.make_stream(b"payload", Type=Name.EmbeddedFile)
        spec = Dictionary(Type=Name.Filespec, F=String("anhang.exe"), EF=Dictionary(F=stream))
        page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                                                          Rect=Array([0, 0, 20, 20]), FS=spec))])
    elif kind == "link":
        uri = Dictionary(S=Name.URI, URI=String("https://www.go-cluster.de/"))
        page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                                          Rect=Array([0, 0, 100, 100]), A=uri))])
    else:
        raise ValueError(kind)
    buffer = BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
