"""Open data: the directory and the figures as CSV and JSON, from the same rules as the pages; conditional GET."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applications.selectors.figures import FIGURES_FIELDS
from members.selectors.open_data import DIRECTORY_FIELDS
from members.services import memberships
from tests.applications.figures_builders import NOW, actor, member_with_actors, three_clusters
from tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]


@pytest.fixture
def world():
    return three_clusters(StaffFactory())


def _json(client, name):
    response = client.get(reverse(name, kwargs={"fmt": "json"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _csv(client, name):
    response = client.get(reverse(name, kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_open_data_holds_exactly_the_members_the_directory_shows(world):
    client = Client()
    page = client.get(reverse("directory"))
    on_page = sorted(m.name for m in page.context["page"].object_list)
    assert on_page == ["Optik Süd", "Photonik Nord", "Werkstoffe West"]
    document = _json(client, "open-data-members")
    assert sorted(row["name"] for row in document["rows"]) == on_page
    assert sorted(row["name"] for row in _csv(client, "open-data-members")) == on_page
    assert (document["as_of"], document["licence"]) == ("2026-06-15", "dl-de/by-2-0")
    assert [f["name"] for f in document["fields"]] == [f.name for f in DIRECTORY_FIELDS]
    # Nothing of the member that ended or of the one that starts tomorrow, in any download.
    for name in ("open-data-members", "open-data-figures"):
        for fmt in ("csv", "json"):
            body = client.get(reverse(name, kwargs={"fmt": fmt})).content.decode()
            for hidden in ("Ehemaliger Cluster", "Künftiger Cluster", "Geheimnis", "Zukunft"):
                assert hidden not in body, (name, fmt, hidden)
    # Every field of a row is on the member's profile page.
    row = next(r for r in document["rows"] if r["name"] == "Optik Süd")
    profile = client.get(row["profile_url"]).content.decode()
    for key in ("name", "acronym", "management_organisation", "city", "bundesland_name"):
        assert row[key] in profile, key
    assert row["member_since"] == "2025-01-10"
    assert "10.01.2025" in profile
    assert row["technology_fields"] == ["Photonik", "Produktion"]


def test_open_data_figures_equal_the_page(world):
    client = Client()
    page = client.get(reverse("figures")).context["figures"]
    rows = _json(client, "open-data-figures")["rows"]
    totals = {r["figure"]: r["value"] for r in rows if r["category"] == ""}
    assert totals == {"members": page.member_count, "members_with_actor_list": 3, "organisations": 9,
                      "actor_entries": 15, "sme_share_percent": 33, "international_organisations": 1,
                      "members_over_time": 3}
    assert {r["category"]: r["value"] for r in rows if r["figure"] == "organisations_by_type"} == {
        code: n for code, _label, n in page.by_type}
    assert [(r["date"], r["value"]) for r in rows if r["figure"] == "members_over_time"] == [
        ("2025-12-31", 4), ("2026-06-15", 3)]
    csv_rows = _csv(client, "open-data-figures")
    assert len(csv_rows) == len(rows)
    assert list(csv_rows[0]) == [f.name for f in FIGURES_FIELDS]


def test_open_data_answers_304_to_a_conditional_get_and_changes_after_a_write(world):
    client = Client()
    url = reverse("open-data-members", kwargs={"fmt": "csv"})
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=300"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    # A write moves the stamp: the old ETag no longer matches and the new body has the change.
    memberships.membership_end(membership=world["c"].membership, ended_on=world["c"].membership.started_on,
                               by=StaffFactory())
    second = client.get(url, headers={"If-None-Match": etag})
    assert second.status_code == 200
    assert second["ETag"] != etag
    assert "Werkstoffe West" not in second.content.decode()


def test_open_data_csv_neutralises_formulas():
    member_with_actors("=HYPERLINK(\"x\")", [actor("A GmbH")], staff=StaffFactory())
    rows = _csv(Client(), "open-data-members")
    assert rows[0]["name"] == "'=HYPERLINK(\"x\")"


def test_open_data_unknown_format_is_404():
    assert Client().get(reverse("open-data-members", kwargs={"fmt": "xml"})).status_code == 404


def test_open_data_schema_page_lists_every_field_and_the_licence():
    html = Client().get(reverse("open-data")).content.decode()
    for field in (*DIRECTORY_FIELDS, *FIGURES_FIELDS):
        assert f"<code>{field.name}</code>" in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license"' in html
    assert "<code>dl-de/by-2-0</code>" in html


@pytest.mark.parametrize("size", [3, 10])
@pytest.mark.parametrize(("name", "queries"), [("open-data-members", 2), ("open-data-figures", 7)])
def test_open_data_query_count_is_constant(size, name, queries, django_assert_num_queries):
    staff = StaffFactory()
    for i in range(size):
        member_with_actors(f"Cluster {i}", [actor(f"Firma {i} GmbH"), actor("Gemeinsam GmbH")], staff=staff)
    client = Client()
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(reverse(name, kwargs={"fmt": "json"})).status_code == 200
    # Cached afterwards: no query at all, for the other format the body is built once more.
    with django_assert_num_queries(0):
        assert client.get(reverse(name, kwargs={"fmt": "json"})).status_code == 200
