"""Import of the actor list: per-row errors, confirmed valid rows, and files refused as a whole."""

import io
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import ActorCategory, Commitment
from applications.imports import COLUMNS
from applications.models import ClusterActor

pytestmark = pytest.mark.django_db

HEADER = [heading for heading, _name in COLUMNS]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines, encoding) -> bytes:
    return ("\r\n".join([";".join(HEADER), *lines]) + "\r\n").encode(encoding)


def _post(client, application, name, content, replace=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if replace:
        data["replace"] = "on"
    return client.post(reverse("applicant:actor-import", args=[application.pk]), data)


def _confirm(client, application):
    return client.post(reverse("applicant:actor-import-confirm", args=[application.pk]))


def test_xlsx_import_previews_errors_and_imports_only_confirmed_valid_rows(manager_client, application):
    before = application.actors.count()
    content = xlsx([
        ["Alpha GmbH", "KMU", "ja", 10115, "Berlin", "DE", "Mitglied", 2019, ""],
        ["Formel AG", "KMU", "nein", "10115", "=HYPERLINK(\"http://evil\")", "DE", "Mitglied", 2019, ""],
        ["Beta Uni", "Hochschule/Institut", "nein", "01067", "Dresden", "DE", "Partner", "", ""],
        ["Gamma", "Raumschiff", "nein", "10115", "Berlin", "DE", "Mitglied", "", ""],
    ])
    response = _post(manager_client, application, "akteure.xlsx", content)
    html = response.content.decode()
    assert "2 Zeilen können übernommen werden, 2 Zeilen haben Fehler." in html
    assert "Spalte „Ort“ enthält eine Formel; Formeln sind nicht erlaubt." in html
    assert "Kategorie:" in html
    # Nothing is saved before the user confirms.
    assert application.actors.count() == before
    _confirm(manager_client, application)
    names = set(application.actors.values_list("name", flat=True))
    assert application.actors.count() == before + 2
    assert {"Alpha GmbH", "Beta Uni"} <= names
    assert "Formel AG" not in names
    beta = application.actors.get(name="Beta Uni")
    assert (beta.category, beta.commitment, beta.postcode) == ("university", "partner", "01067")


def test_replace_import_swaps_the_whole_list(manager_client, application):
    _post(manager_client, application, "a.xlsx", xlsx([["Nur ich", "KMU", "", "", "Köln", "", "", "", ""]]),
          replace=True)
    _confirm(manager_client, application)
    assert list(application.actors.values_list("name", flat=True)) == ["Nur ich"]


def test_windows_1252_csv_imports_umlauts_correctly(manager_client, application):
    content = csv_bytes(["Müller & Söhne GmbH;KMU;nein;80331;München;DE;Mitglied;2010;"], "cp1252")
    _post(manager_client, application, "akteure.csv", content, replace=True)
    _confirm(manager_client, application)
    actor = application.actors.get()
    assert (actor.name, actor.city) == ("Müller & Söhne GmbH", "München")


def test_utf8_csv_with_bom_and_comma_delimiter_imports(manager_client, application):
    text = ",".join(HEADER) + "\nÖko-Institut,außeruniversitäre Forschungseinrichtung,nein,79100,Freiburg,DE,,,\n"
    _post(manager_client, application, "akteure.csv", text.encode("utf-8-sig"), replace=True)
    _confirm(manager_client, application)
    actor = application.actors.get()
    assert (actor.name, actor.category) == ("Öko-Institut", "research_institute")


def test_csv_with_broken_encoding_is_refused(manager_client, application):
    before = application.actors.count()
    content = csv_bytes(["Kaputt\x81 GmbH;KMU;nein;10115;Berlin;DE;Mitglied;;"], "latin-1")
    response = _post(manager_client, application, "akteure.csv", content)
    assert "Die Zeichenkodierung der CSV-Datei ist unbekannt." in response.content.decode()
    assert application.actors.count() == before


def test_csv_formula_cell_is_refused_per_row(manager_client, application):
    content = csv_bytes(["=1+1;KMU;nein;10115;Berlin;DE;Mitglied;;", "Gut GmbH;KMU;nein;10115;Berlin;DE;;;"], "utf-8")
    html = _post(manager_client, application, "a.csv", content).content.decode()
    assert "1 Zeilen können übernommen werden, 1 Zeilen haben Fehler." in html
    assert "Spalte „Name“ enthält eine Formel" in html


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_before_parsing(manager_client, application):
    content = _zip_bomb()
    assert len(content) < 2 * 1024 * 1024
    before = application.actors.count()
    response = _post(manager_client, application, "bombe.xlsx", content)
    assert "entpackt sich zu einer ungewöhnlich großen Datenmenge" in response.content.decode()
    assert application.actors.count() == before


def test_xlsx_with_too_many_entries_is_refused(manager_client, application):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(150):
            archive.writestr(f"xl/x{index}.xml", "<a/>")
    response = _post(manager_client, application, "viele.xlsx", buffer.getvalue())
    assert "entpackt sich zu einer ungewöhnlich großen Datenmenge" in response.content.decode()


def _entity_expansion_xlsx() -> bytes:
    original = zipfile.ZipFile(io.BytesIO(xlsx([["A", "KMU", "", "", "Berlin", "", "", "", ""]])))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = laughs + body.replace(b"<v>", b"<v>&lol3;", 1)
            archive.writestr(item, data)
    return buffer.getvalue()


def test_xlsx_with_xml_entity_expansion_is_refused(manager_client, application):
    before = application.actors.count()
    response = _post(manager_client, application, "lol.xlsx", _entity_expansion_xlsx())
    assert "enthält XML-Entitäten und wird aus Sicherheitsgründen abgelehnt" in response.content.decode()
    assert application.actors.count() == before


def test_openpyxl_parses_with_defusedxml_as_a_second_line():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_renamed_non_xlsx_is_refused(manager_client, application):
    response = _post(manager_client, application, "akteure.xlsx", b"%PDF-1.7 not a spreadsheet")
    assert "Die Datei ist keine gültige Excel-Datei (XLSX)." in response.content.decode()


def test_file_over_2_mb_is_refused(manager_client, application):
    content = csv_bytes(["A;KMU;nein;10115;Berlin;DE;;;"] * 80_000, "utf-8")
    assert len(content) > 2 * 1024 * 1024
    response = _post(manager_client, application, "gross.csv", content)
    assert "Die Datei ist größer als 2 MB. Bitte teilen Sie sie auf." in response.content.decode()


def test_more_than_2000_rows_are_refused(manager_client, application):
    content = csv_bytes([f"A{i};KMU;;;Berlin;;;;" for i in range(2001)], "utf-8")
    response = _post(manager_client, application, "lang.csv", content)
    assert "Die Datei hat mehr als 2000 Zeilen. Bitte teilen Sie sie auf." in response.content.decode()


def test_wrong_header_is_refused(manager_client, application):
    response = _post(manager_client, application, "x.csv", b"Foo;Bar\n1;2\n")
    assert "Die Kopfzeile passt nicht zur Vorlage; es fehlt: Name, Kategorie, Ort." in response.content.decode()


def test_confirm_without_preview_imports_nothing(manager_client, application):
    before = application.actors.count()
    response = _confirm(manager_client, application)
    assert response.url == reverse("applicant:actor-import", args=[application.pk])
    assert application.actors.count() == before


def test_templates_download_and_import_back(manager_client, application):
    for fmt, name in (("xlsx", "vorlage.xlsx"), ("csv", "vorlage.csv")):
        response = manager_client.get(reverse("applicant:actor-template", args=[fmt]))
        assert response["Content-Disposition"].startswith("attachment;")
        content = b"".join(response.streaming_content)
        html = _post(manager_client, application, name, content).content.decode()
        assert "1 Zeilen können übernommen werden, 0 Zeilen haben Fehler." in html
    assert manager_client.get(reverse("applicant:actor-template", args=["exe"])).status_code == 404


def test_formset_adds_edits_and_removes_rows_with_per_row_validation(manager_client, application):
    url = reverse("applicant:actors", args=[application.pk])
    actors = list(application.actors.all()[:25])
    data = {"form-TOTAL_FORMS": str(len(actors) + 3), "form-INITIAL_FORMS": str(len(actors)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for index, actor in enumerate(actors):
        data.update({f"form-{index}-id": str(actor.pk), f"form-{index}-name": actor.name,
                     f"form-{index}-category": actor.category, f"form-{index}-postcode": actor.postcode,
                     f"form-{index}-city": actor.city, f"form-{index}-country": actor.country,
                     f"form-{index}-commitment": actor.commitment})
    data["form-0-DELETE"] = "on"
    new = len(actors)
    for index in (new + 1, new + 2):  # the blank rows as the browser sends them: prefilled defaults only
        data.update({f"form-{index}-country": "DE", f"form-{index}-commitment": "member"})
    data.update({f"form-{new}-name": "Neu GmbH", f"form-{new}-category": "sme", f"form-{new}-city": "Bonn",
                 f"form-{new}-country": "de", f"form-{new}-commitment": "member"})
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert "Zeile 17, Land (ISO-Code): Zwei Großbuchstaben, z. B. DE." in response.content.decode()
    assert application.actors.count() == len(actors)  # nothing saved half
    data[f"form-{new}-country"] = "DE"
    response = manager_client.post(url, data)
    assert response.status_code == 302
    names = set(application.actors.values_list("name", flat=True))
    assert "Neu GmbH" in names
    assert actors[0].name not in names
    assert ClusterActor.objects.filter(application=application).count() == len(actors)


def test_actor_page_shows_current_statistics(manager_client, application):
    html = manager_client.get(reverse("applicant:actors", args=[application.pk])).content.decode()
    assert "<dt class=\"col-sm-6\">Akteure insgesamt</dt><dd class=\"col-sm-6\">16</dd>" in html


def test_confirming_the_same_import_twice_imports_once(manager_client, application):
    from applications.services import editing
    from gocluster.errors import Refusal

    _post(manager_client, application, "a.xlsx", xlsx([["Einmal GmbH", "KMU", "", "", "Kiel", "", "", "", ""]]))
    pending = dict(manager_client.session["actor_import"])
    _confirm(manager_client, application)
    manager = application.cluster.managers.first()
    with pytest.raises(Refusal) as refused:
        editing.actors_import(application=application, by=manager, actors=[ClusterActor(name="Einmal GmbH",
                              category="sme", city="Kiel")], replace=False, import_id=pending["id"])
    assert refused.value.messages == ["Diese Datei wurde bereits importiert."]
    assert application.actors.filter(name="Einmal GmbH").count() == 1


# --- Every error of a row, duplicates, the template -------------------------------------------------------


def test_a_row_with_several_problems_reports_all_of_them(manager_client, application):
    content = xlsx([["Delta GmbH", "Raumschiff", "vielleicht", "10115", "=HYPERLINK(\"http://evil\")", "DE",
                     "Mitglied", 1700, "keine-adresse"]])
    html = _post(manager_client, application, "akteure.xlsx", content).content.decode()
    assert "0 Zeilen können übernommen werden, 1 Zeilen haben Fehler." in html
    errors = re.findall(r"<li>([^<]*)</li>", html.split('id="invalid-title"')[1].split("</table>")[0])
    assert errors == [
        "Spalte „Ort“ enthält eine Formel; Formeln sind nicht erlaubt.",
        "Start-up: bitte „ja“ oder „nein“ eintragen.",
        "Kategorie: Bitte eine gültige Auswahl treffen. Raumschiff ist keine gültige Auswahl.",
        "Website: Bitte eine gültige Adresse eingeben.",
        "Beitrittsjahr: Dieser Wert muss größer oder gleich 1950 sein.",
    ]


def test_duplicates_within_the_file_are_flagged_and_imported_once(manager_client, application):
    content = xlsx([
        ["Fraunhofer-Institut IWS", "außeruniversitäre Forschungseinrichtung", "nein", "01277", "Dresden", "DE",
         "Mitglied", "", ""],
        ["Alpha GmbH", "KMU", "nein", "10115", "Berlin", "DE", "Mitglied", "", ""],
        ["fraunhofer-institut  IWS.", "außeruniversitäre Forschungseinrichtung", "nein", 1277, "Dresden", "DE",
         "Partner", "", ""],
        ["Alpha GmbH", "KMU", "nein", "80331", "München", "DE", "Mitglied", "", ""],  # another place: another actor
    ])
    html = _post(manager_client, application, "akteure.xlsx", content, replace=True).content.decode()
    assert "3 Zeilen können übernommen werden, 1 Zeilen haben Fehler." in html
    assert ("<th scope=\"row\">4</th><td>fraunhofer-institut  IWS.</td><td><ul class=\"mb-0\"><li>Doppelt: derselbe "
            "Akteur (gleicher Name, gleiche PLZ) steht schon in Zeile 2.</li></ul>") in html
    _confirm(manager_client, application)
    assert sorted(application.actors.values_list("name", "postcode")) == [
        ("Alpha GmbH", "10115"), ("Alpha GmbH", "80331"), ("Fraunhofer-Institut IWS", "01277")]


def test_actor_already_on_the_list_is_flagged_when_adding_not_when_replacing(manager_client, application):
    existing = application.actors.first()
    row = [existing.name.upper(), "KMU", "nein", existing.postcode, "Berlin", "DE", "Mitglied", "", ""]
    html = _post(manager_client, application, "a.xlsx", xlsx([row])).content.decode()
    assert "Dieser Akteur (gleicher Name, gleiche PLZ) steht bereits in Ihrer Akteursliste." in html
    html = _post(manager_client, application, "a.xlsx", xlsx([row]), replace=True).content.decode()
    assert "1 Zeilen können übernommen werden, 0 Zeilen haben Fehler." in html


def _template_sheets(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return workbook["Akteure"], workbook["Hinweise"]


def _lists_of(sheet, hints) -> dict[str, list[str]]:
    """Column letter -> the values its drop-down offers (read from the referenced range of the hints sheet)."""
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        assert (validation.type, validation.showErrorMessage) == ("list", True)
        reference = validation.formula1.split("!")[1].replace("$", "")
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        assert str(validation.sqref) == f"{column}2:{column}1001"
        lists[column] = [row[0].value for row in hints[reference]]
    return lists


def test_xlsx_template_keeps_postcodes_as_text_and_offers_drop_downs(manager_client):
    content = b"".join(manager_client.get(reverse("applicant:actor-template", args=["xlsx"])).streaming_content)
    sheet, hints = _template_sheets(content)
    assert [sheet.cell(row=1, column=i).value for i in range(1, len(HEADER) + 1)] == HEADER
    assert {sheet[f"D{row}"].number_format for row in range(2, 1002)} == {"@"}
    assert sheet.column_dimensions["D"].number_format == "@"
    assert sheet["D2"].value == "10115"
    assert _lists_of(sheet, hints) == {
        "B": [str(label) for _code, label in ActorCategory.choices],
        "C": ["ja", "nein"],
        "G": [str(label) for _code, label in Commitment.choices],
    }


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-calc) is not installed")
def test_xlsx_template_survives_libreoffice_like_a_users_spreadsheet(manager_client, tmp_path):
    """Open and save the template in LibreOffice Calc, as a user would, then read it back and export it as CSV."""
    content = b"".join(manager_client.get(reverse("applicant:actor-template", args=["xlsx"])).streaming_content)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "vorlage.xlsx").write_bytes(content)
    soffice = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"]
    subprocess.run([*soffice, "--convert-to", "xlsx", "--outdir", str(tmp_path / "saved"),
                    str(tmp_path / "in" / "vorlage.xlsx")], check=True, capture_output=True, timeout=120)
    saved = (tmp_path / "saved" / "vorlage.xlsx").read_bytes()
    sheet, hints = _template_sheets(saved)
    # Calc keeps the text format as the column's style (empty cells are not written one by one): a postcode
    # typed into the column later is text, 01067 keeps its 0.
    assert (sheet.column_dimensions["D"].number_format, sheet["D2"].number_format) == ("@", "@")
    assert sorted(_lists_of(sheet, hints)) == ["B", "C", "G"]
    subprocess.run([*soffice, "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false",
                    "--outdir", str(tmp_path / "csv"), str(tmp_path / "saved" / "vorlage.xlsx")],
                   check=True, capture_output=True, timeout=120)
    assert (tmp_path / "csv" / "vorlage.csv").read_text(encoding="utf-8").splitlines() == [
        ";".join(HEADER), "Muster GmbH;KMU;nein;10115;Berlin;DE;Mitglied (verbindlich);2018;https://www.example.org;"
        "Amtsgericht Berlin HRB 12345"]
