"""Active content in PDFs: find it (uploads are refused) and strip it (documents we assemble and forward).

A PDF is content, not only a format: JavaScript, actions that run when a page or the document opens,
launching programs, submitting forms, embedded files, XFA forms and rich media all run in the reader of
whoever opens the dossier under the agency's name. Plain links (`/URI`) and jumps inside the document
(`/GoTo`, destinations) stay: strategy documents use them.

`pikepdf` (qpdf) reads the file; every object reachable from the trailer is visited, so a script hidden
in an unusual place (an outline item, a form field, a `/Next` chain) is found as well.
"""

from collections.abc import Iterator
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

# Action types that run code, open or fetch something outside the document, or send data away.
DANGEROUS_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute",
    "/Rendition", "/Movie", "/Sound",
})
# Annotations that carry files or players.
DANGEROUS_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"})

# What a finding is called in the German refusal.
LABELS = {
    "javascript": "JavaScript",
    "open_action": "Aktion beim Öffnen",
    "additional_actions": "automatische Aktionen (/AA)",
    "launch": "Programmstart",
    "action": "Aktion mit Außenwirkung",
    "embedded_file": "eingebettete Dateien",
    "xfa": "XFA-Formular",
    "rich_media": "Multimedia-Inhalte",
}


class UnreadablePdf(ValueError):
    pass


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, OSError) as error:
        raise UnreadablePdf(str(error)) from error


def _action_type(value) -> str:
    if isinstance(value, Dictionary) and "/S" in value:
        return str(value.S)
    return ""


def _walk(root) -> Iterator[Dictionary]:
    """Every dictionary (and stream dictionary) reachable from `root`, each indirect object once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if getattr(obj, "is_indirect", False):
            key = obj.objgen
            if key in seen:
                continue
            seen.add(key)
        if isinstance(obj, Stream):
            obj = obj.stream_dict
        if isinstance(obj, Dictionary):
            yield obj
            stack.extend(obj[key] for key in list(obj.keys()))
        elif isinstance(obj, Array):
            stack.extend(obj)


def findings(pdf: pikepdf.Pdf) -> list[str]:
    """The kinds of active content in `pdf` (keys of LABELS), each once, in a stable order."""
    found: set[str] = set()
    root = pdf.Root
    if "/OpenAction" in root and isinstance(root.OpenAction, Dictionary):
        found.add("open_action")  # a destination array only says where to open: harmless
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        if "/JavaScript" in names:
            found.add("javascript")
        if "/EmbeddedFiles" in names:
            found.add("embedded_file")
    acroform = root.get("/AcroForm")
    if isinstance(acroform, Dictionary) and "/XFA" in acroform:
        found.add("xfa")
    for obj in _walk(pdf.trailer):
        if "/JS" in obj:
            found.add("javascript")
        if "/AA" in obj:
            found.add("additional_actions")
        action = _action_type(obj)
        if action == "/JavaScript":
            found.add("javascript")
        elif action == "/Launch":
            found.add("launch")
        elif action in DANGEROUS_ACTIONS:
            found.add("action")
        if "/EF" in obj or obj.get("/Type") == Name("/EmbeddedFile"):
            found.add("embedded_file")
        subtype = str(obj.get("/Subtype", ""))
        if subtype in DANGEROUS_ANNOTATIONS and "/Rect" in obj:  # an annotation (image streams have /Subtype too)
            found.add("embedded_file" if subtype == "/FileAttachment" else "rich_media")
    return [key for key in LABELS if key in found]


def active_content(data: bytes) -> list[str]:
    """German labels of the active content in the PDF `data` (empty: none). Raises UnreadablePdf."""
    with _open(data) as pdf:
        return [LABELS[key] for key in findings(pdf)]


def _strip(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    if "/OpenAction" in root:
        del root["/OpenAction"]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]
    for obj in list(_walk(pdf.trailer)):
        for key in ("/AA", "/JS"):
            if key in obj:
                del obj[key]
        # Links keep their plain `/A` (URI, GoTo); a `/Next` chain may hide anything and goes.
        if "/A" in obj and _action_type(obj["/A"]) in DANGEROUS_ACTIONS:
            del obj["/A"]
        if "/Next" in obj and _action_type(obj) and (isinstance(obj["/Next"], Array)
                                                     or _action_type(obj["/Next"]) in DANGEROUS_ACTIONS):
            del obj["/Next"]
        if "/EF" in obj:
            del obj["/EF"]
        annots = obj.get("/Annots")
        if isinstance(annots, Array):
            kept = [a for a in annots
                    if not (isinstance(a, Dictionary) and str(a.get("/Subtype", "")) in DANGEROUS_ANNOTATIONS)]
            if len(kept) != len(annots):
                obj.Annots = Array(kept)
    # A script action left without its `/S` target is inert; name it so that no reader guesses.
    for obj in _walk(pdf.trailer):
        if _action_type(obj) in DANGEROUS_ACTIONS:
            obj.S = Name("/GoTo") if "/D" in obj else Name("/NoOp")


def strip_active_content(data: bytes) -> bytes:
    """The PDF `data` with its active content removed (see the module's docstring); page content unchanged."""
    with _open(data) as pdf:
        _strip(pdf)
        buffer = BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()
