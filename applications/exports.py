"""CSV and XLSX exports of the agency's case list, safe against formula injection (ASVS 5.0 V1.2.10)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gocluster.downloads import private_bytes_response
from gocluster.validators import strip_control_characters

# A spreadsheet treats a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text without control characters (an XLSX cell cannot hold them; data from before the
    forms refused them may still have some); a leading apostrophe keeps spreadsheets from evaluating it."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        value = timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
        return value.strftime("%d.%m.%Y %H:%M") if hasattr(value, "hour") else value.strftime("%d.%m.%Y")
    text = strip_control_characters(str(value), multiline=True)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def case_rows(cases):
    header = [_("Aktenzeichen"), _("Cluster"), _("Bundesland"), _("Technologiefelder"), _("Status"), _("Status seit"),
              _("eingereicht am"), _("Beratung")]
    yield header
    for case in cases:
        advisor = case.advisory_call.advisor if case.advisory_call and case.advisory_call.advisor else None
        yield [neutralise(v) for v in (
            case.case_number, case.cluster.name, case.cluster.get_bundesland_display(),
            ", ".join(f.name for f in case.cluster.technology_fields.all()), case.get_state_display(),
            case.state_changed_at, case.submitted_at, advisor.full_name if advisor else "",
        )]


def _filename(ext: str) -> str:
    return f"go-cluster-antraege-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(cases):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(case_rows(cases))
    # A BOM so that spreadsheet programs read the umlauts as UTF-8.
    return private_bytes_response(("\ufeff" + buffer.getvalue()).encode(), filename=_filename("csv"),
                                  content_type="text/csv; charset=utf-8")


def xlsx_response(cases):

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Anträge")
    for row in case_rows(cases):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return private_bytes_response(
        buffer.getvalue(), filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
