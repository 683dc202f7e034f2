"""Open data downloads: CSV and JSON bodies from a declared schema, served with ETag and Last-Modified.

The schema (`Field`) is the one source of the column order, the JSON keys and the documentation page. A
body is built once per day and published-data stamp (`gocluster.published`) and answered with 304 when the
client already has it; the views say which rows are published, from the same selectors as the HTML pages.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import condition, require_GET

from gocluster import published

# A spreadsheet treats a cell that starts with one of these as a formula (ASVS 5.0 V1.2.10).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "string", "integer", "number", "date", "list of strings"
    description: str  # a lazy translation


@dataclass(frozen=True)
class Dataset:
    """What a download holds: its schema and a function of the day that returns the rows (dicts by field name)."""

    name: str
    fields: tuple[Field, ...]
    rows: Callable[[date], list[dict]]
    title: str = ""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_body(dataset: Dataset, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for row in rows:
        writer.writerow([_cell(row.get(f.name)) for f in dataset.fields])
    return buffer.getvalue().encode("utf-8")


def json_body(dataset: Dataset, rows: list[dict], today: date) -> bytes:
    def plain(value):
        return value.isoformat() if isinstance(value, date) else value

    document = {
        "dataset": dataset.name,
        "as_of": today.isoformat(),
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "fields": [{"name": f.name, "type": f.type} for f in dataset.fields],
        "rows": [{f.name: plain(row.get(f.name)) for f in dataset.fields} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def body(dataset: Dataset, fmt: str, today: date) -> bytes:
    def build():
        rows = dataset.rows(today)
        return csv_body(dataset, rows) if fmt == "csv" else json_body(dataset, rows, today)

    return published.cached(f"{dataset.name}.{fmt}", today, build)


def download_view(dataset: Dataset):
    """The view of one dataset (`fmt` is "csv" or "json" from the URL): cached, conditional, public."""

    def _etag(request, fmt):
        return published.etag(f"{dataset.name}.{fmt}", timezone.localdate())

    def _last_modified(request, fmt):
        return published.last_modified(timezone.localdate())

    @require_GET
    @condition(etag_func=_etag, last_modified_func=_last_modified)
    def view(request, fmt):
        if fmt not in CONTENT_TYPES:
            raise Http404
        today = timezone.localdate()
        response = HttpResponse(body(dataset, fmt, today), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'inline; filename="go-cluster-{dataset.name}-{today:%Y-%m-%d}.{fmt}"'
        response["Cache-Control"] = f"public, max-age={published.CACHE_SECONDS}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return view
