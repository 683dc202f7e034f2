"""Import of the actor list from CSV or XLSX, with limits checked before any parser sees the file.

A file is refused as a whole when it is too large, has too many rows, is not what it claims to be, or is
a zip bomb / XML entity expansion. Otherwise every row is validated on its own (with `ActorForm`; every
problem of a row is reported, not only the first), a row repeating an earlier one (same name and postcode,
see `actor_key`) or an actor already on the list is flagged, and the user confirms importing the valid ones.
"""

import csv
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

import openpyxl
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, gettext_lazy
from openpyxl.worksheet.datavalidation import DataValidation

from applications.enums import ActorCategory, Commitment
from applications.forms.actors import ACTOR_FIELDS, ActorForm

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_ZIP_ENTRIES = 100
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024

# Column headings of the template, in order, and the field each one fills.
COLUMNS = [
    ("Name", "name"), ("Kategorie", "category"), ("Start-up (ja/nein)", "is_startup"), ("PLZ", "postcode"),
    ("Ort", "city"), ("Land (ISO-Code)", "country"), ("Bindung", "commitment"), ("Beitrittsjahr", "joined_year"),
    ("Website", "website"), ("Registernummer/ROR", "register_id"),  # the last column is optional
]
EXAMPLE_ROW = ["Muster GmbH", str(ActorCategory.SME.label), "nein", "10115", "Berlin", "DE",
               str(Commitment.MEMBER.label), "2018", "https://www.example.org", "Amtsgericht Berlin HRB 12345"]
_HEADER_TO_FIELD = {heading.split(" (")[0].lower(): name for heading, name in COLUMNS}
_HEADER_TO_FIELD.update({name: name for name in ACTOR_FIELDS})
_FIELD_TO_HEADER = {name: heading for heading, name in COLUMNS}
_YES = {"ja", "j", "x", "1", "true", "wahr", "yes"}
_NO = {"", "nein", "n", "0", "false", "falsch", "no"}


@dataclass
class ParsedRow:
    number: int  # line in the file, as the user sees it in their spreadsheet
    data: dict  # form data for ActorForm
    errors: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    rows: list[ParsedRow]

    @property
    def valid(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.errors]


def _choice(value: str, choices) -> str:
    lowered = value.strip().lower()
    for code, label in choices.choices:
        label = str(label).lower()
        if lowered in (code, label, label.split(" (")[0]):
            return code
    return value.strip()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def actor_key(name: str, postcode: str) -> tuple[str, str]:
    """What makes two rows the same actor: the name without case, spacing and punctuation ("Muster GmbH",
    "MUSTER  GmbH.") and the postcode without spaces."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalnum())
    return letters, "".join(postcode.split())


def row_to_form_data(values: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """Spreadsheet text -> ActorForm data; the errors this step alone can see (formulas, yes/no), by field."""
    errors = {}
    data = {}
    for name, raw in values.items():
        if raw.startswith("="):
            errors[name] = (_("Spalte „%(column)s“ enthält eine Formel; Formeln sind nicht erlaubt.")
                            % {"column": _FIELD_TO_HEADER[name]})
            continue
        data[name] = raw
    startup = data.pop("is_startup", "").lower()
    if startup in _YES:
        data["is_startup"] = "on"
    elif startup not in _NO:
        errors["is_startup"] = _("Start-up: bitte „ja“ oder „nein“ eintragen.")
    data["category"] = _choice(data.get("category", ""), ActorCategory)
    data["commitment"] = _choice(data.get("commitment", "") or Commitment.MEMBER, Commitment)
    data["country"] = (data.get("country") or "DE").upper()
    if data["country"] == "DE" and data.get("postcode", "").isdigit() and len(data["postcode"]) == 4:
        data["postcode"] = "0" + data["postcode"]  # Excel drops the leading zero of 01067
    return data, errors


def validate_rows(raw_rows: list[tuple[int, dict[str, str]]], existing=()) -> ParsedFile:
    """Every problem of every row; `existing`: (name, postcode) of the actors already on the list, when the
    file adds to it."""
    rows = []
    existing_keys = {actor_key(name, postcode) for name, postcode in existing}
    first_line = {}  # actor_key -> the line where the actor first appears
    for number, values in raw_rows:
        data, field_errors = row_to_form_data(values)
        errors = list(field_errors.values())
        form = ActorForm(data=data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if name in field_errors:
                    continue  # already said why (a formula, not "required")
                label = form.fields[name].label if name in form.fields else ""
                errors += [f"{label}: {m}" if label else m for m in messages]
        key = actor_key(data.get("name", ""), data.get("postcode", ""))
        if key[0] and key in first_line:
            errors.append(_("Doppelt: derselbe Akteur (gleicher Name, gleiche PLZ) steht schon in Zeile %(line)s.")
                          % {"line": first_line[key]})
        elif key[0] and key in existing_keys:
            errors.append(_("Dieser Akteur (gleicher Name, gleiche PLZ) steht bereits in Ihrer Akteursliste."))
        elif key[0]:
            first_line[key] = number
        rows.append(ParsedRow(number=number, data=data, errors=errors))
    return ParsedFile(rows=rows)


def _map_header(header: list[str]) -> list[str | None]:
    fields = [_HEADER_TO_FIELD.get(h.strip().split(" (")[0].lower()) for h in header]
    missing = [h for h, n in COLUMNS[:2] + COLUMNS[4:5] if n not in fields]
    if missing:
        raise ValidationError(_("Die Kopfzeile passt nicht zur Vorlage; es fehlt: %(list)s. Bitte verwenden Sie "
                                "die Vorlage.") % {"list": ", ".join(missing)})
    return fields


def _rows_from_table(table) -> list[tuple[int, dict[str, str]]]:
    """Rows of a table (header first) -> [(line number, {field: text})], empty lines skipped."""
    iterator = iter(table)
    header = next(iterator, None)
    if header is None:
        raise ValidationError(_("Die Datei ist leer."))
    fields = _map_header([_cell(h) for h in header])
    rows = []
    for number, values in enumerate(iterator, start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie auf.")
                                  % {"max": MAX_ROWS})
        rows.append((number, {f: c for f, c in zip(fields, cells, strict=False) if f}))
    if not rows:
        raise ValidationError(_("Die Datei enthält keine Akteure unter der Kopfzeile."))
    return rows


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252, the two encodings Excel writes in Germany."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Die Zeichenkodierung der CSV-Datei ist unbekannt. Bitte speichern Sie sie als "
                                "„CSV UTF-8“ und laden Sie sie erneut hoch.")) from error


def parse_csv(content: bytes) -> list[tuple[int, dict[str, str]]]:
    text = decode_csv(content)
    if "\x00" in text:
        raise ValidationError(_("Die Datei ist keine CSV-Datei."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return _rows_from_table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def check_xlsx_archive(content: bytes) -> None:
    """An XLSX is a zip: refuse too many entries, too much (declared or actual) unpacked data, and any DTD,
    before openpyxl parses a byte of it."""
    unreadable = _("Die Datei ist keine gültige Excel-Datei (XLSX).")
    bomb = _("Die Excel-Datei entpackt sich zu einer ungewöhnlich großen Datenmenge und wird deshalb abgelehnt.")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(unreadable)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(bomb)
            if sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
                raise ValidationError(bomb)
            unpacked = 0
            for entry in entries:
                with archive.open(entry) as stream:
                    tail = b""
                    while chunk := stream.read(65536):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNZIPPED_BYTES:
                            raise ValidationError(bomb)
                        window = (tail + chunk).upper()
                        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                            raise ValidationError(_("Die Excel-Datei enthält XML-Entitäten und wird aus "
                                                    "Sicherheitsgründen abgelehnt."))
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise ValidationError(unreadable) from error


def parse_xlsx(content: bytes) -> list[tuple[int, dict[str, str]]]:
    check_xlsx_archive(content)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            table = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # openpyxl and defusedxml raise many kinds; all mean "not readable"
        raise ValidationError(_("Die Excel-Datei kann nicht gelesen werden. Bitte speichern Sie sie erneut als "
                                "XLSX oder verwenden Sie die Vorlage.")) from error
    return _rows_from_table(table)


def parse_actor_file(upload, existing=()) -> ParsedFile:
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("Die Datei ist größer als 2 MB. Bitte teilen Sie sie auf."))
    content = upload.read(MAX_FILE_BYTES + 1)
    if content.startswith(b"PK\x03\x04"):
        return validate_rows(parse_xlsx(content), existing)
    if upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Die Datei ist keine gültige Excel-Datei (XLSX)."))
    return validate_rows(parse_csv(content), existing)


TEMPLATE_ROWS = 1000  # rows of the template that carry the text format and the drop-downs


def _column_letter(field_name: str) -> str:
    return openpyxl.utils.get_column_letter([name for _heading, name in COLUMNS].index(field_name) + 1)


def _drop_down(sheet, field_name: str, source: str, title: str) -> None:
    """A list to choose from in the column of `field_name` (rows 2 to TEMPLATE_ROWS + 1); other values refused."""
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False,
                                showErrorMessage=True, errorTitle=title,
                                error=_("Bitte wählen Sie einen Wert aus der Liste."))
    column = _column_letter(field_name)
    validation.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def actor_template_xlsx() -> bytes:
    """The template: the columns of the import, the postcode as text (Excel keeps the 0 of 01067), drop-downs
    for category, commitment and start-up; the allowed values on a second sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Akteure"
    sheet.append([heading for heading, _name in COLUMNS])
    postcode = _column_letter("postcode")
    sheet.column_dimensions[postcode].number_format = "@"
    for row in range(2, TEMPLATE_ROWS + 2):
        sheet[f"{postcode}{row}"].number_format = "@"
    for index, value in enumerate(EXAMPLE_ROW, start=1):
        sheet.cell(row=2, column=index, value=value)
    hints = workbook.create_sheet("Hinweise")
    hints.append(["Kategorie: erlaubte Werte", "Bindung: erlaubte Werte", "Start-up"])
    categories = [str(label) for _code, label in ActorCategory.choices]
    commitments = [str(label) for _code, label in Commitment.choices]
    for index in range(max(len(categories), len(commitments), 2)):
        hints.append([categories[index] if index < len(categories) else None,
                      commitments[index] if index < len(commitments) else None,
                      ("ja", "nein")[index] if index < 2 else None])
    _drop_down(sheet, "category", f"Hinweise!$A$2:$A${len(categories) + 1}", _("Kategorie"))
    _drop_down(sheet, "commitment", f"Hinweise!$B$2:$B${len(commitments) + 1}", _("Bindung"))
    _drop_down(sheet, "is_startup", "Hinweise!$C$2:$C$3", _("Start-up"))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def actor_template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([heading for heading, _name in COLUMNS])
    writer.writerow(EXAMPLE_ROW)
    return buffer.getvalue().encode("utf-8-sig")


class ActorImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Datei mit den Akteuren (CSV oder XLSX, höchstens 2 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    replace = forms.BooleanField(label=gettext_lazy("Bisherige Akteure durch die Datei ersetzen"), required=False,
                                 help_text=gettext_lazy("Ohne Haken werden die Zeilen der Datei ergänzt."))

    def __init__(self, *args, existing=(), **kwargs):
        """`existing`: (name, postcode) of the actors on the list now; a file that adds to it must not repeat them."""
        super().__init__(*args, **kwargs)
        self.existing = existing

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            try:
                self.parsed = parse_actor_file(upload, () if data.get("replace") else self.existing)
            except ValidationError as error:
                self.add_error("file", error)
        return data
