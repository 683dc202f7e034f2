"""Browser journeys of the members floor: a cost share from request to decision; the public directory."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from members.selectors.eligibility import add_months
from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in, log_out
from tests.factories import ClusterFactory, StaffFactory, TechnologyFieldFactory, UserFactory
from tests.members.builders import budget, label, member, tariffs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_requests_cost_share_staff_approve_member_sees_decision(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    tariffs()
    today = timezone.localdate()
    budget(today.year, "20000")
    manager = UserFactory(email="mara@example.org", full_name="Mara Manager")
    cluster = member(ClusterFactory(name="Photonik-Netzwerk Jena", managers=[manager]),
                     started_on=add_months(today, -14))
    label(cluster, "bronze", add_months(today, -13))
    staff = StaffFactory(email="sven@example.org", full_name="Sven Staff")

    log_in(page, live_server, "mara@example.org")
    page.get_by_role("link", name="Mitgliedschaft", exact=True).click()  # the nav item; the dashboard links it too
    page.wait_for_url(re.compile(r"/portal/mitgliedschaft/$"))
    assert page.locator("[data-silver-status]").inner_text().endswith("offen")  # due in ten months: not "fällig" yet
    assert axe_violations(page) == []
    screenshot(page, "members-member-overview")
    page.get_by_role("link", name="Kostenanteil beantragen").click()
    page.get_by_label("Erstzertifizierung").check()
    page.get_by_label("Geplanter Beginn des Zertifizierungsprozesses").fill(
        (today + timedelta(days=45)).isoformat())
    page.get_by_label("Silber-Label-Prozess abgeschlossen").check()
    page.get_by_label("Datum des Abschlusses bzw. der Zertifizierung").fill((today - timedelta(days=90)).isoformat())
    # First without the declaration: the portal explains why it cannot be sent.
    page.get_by_role("button", name="Voraussetzungen prüfen").click()
    assert page.locator("#eligibility").inner_text().startswith("Der Antrag kann so nicht gesendet werden:")
    assert page.get_by_role("button", name="Antrag verbindlich senden").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "members-cost-share-refused")
    page.get_by_label("Ich erkläre, dass für die Zertifizierung keine andere Kostenbeteiligung Dritter").check()
    page.get_by_role("button", name="Voraussetzungen prüfen").click()
    assert "Tarif: 4.160\u00a0€ (netto)." in page.locator("#eligibility").inner_text()
    screenshot(page, "members-cost-share-eligible")
    page.get_by_role("button", name="Antrag verbindlich senden").click()
    page.wait_for_url(re.compile(r"/portal/mitgliedschaft/kostenanteil/\d+/$"))
    assert page.locator("#cost-share-state").inner_text() == "eingereicht"
    reference = page.locator("h1 .text-nowrap").inner_text()
    log_out(page)

    log_in(page, live_server, staff.email)
    page.get_by_role("button", name="Weiteres").click()
    page.get_by_role("link", name="Kostenanteile Gold-Label").click()
    page.wait_for_url(re.compile(r"/portal/mitglieder/kostenanteile/$"))  # axe needs the new page's document
    assert axe_violations(page) == []
    screenshot(page, "members-staff-cost-shares")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Bewilligen").click()
    page.wait_for_load_state()
    assert page.locator("#cost-share-state").inner_text() == "bewilligt"
    assert axe_violations(page) == []
    screenshot(page, "members-staff-cost-share-approved")
    page.get_by_role("link", name="Mitglieder", exact=True).click()
    page.wait_for_url(re.compile(r"/portal/mitglieder/$"))  # count() does not wait for the new page
    assert page.locator("table tbody tr").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "members-staff-list")
    log_out(page)

    log_in(page, live_server, "mara@example.org")
    page.goto(live_server.url + "/portal/mitgliedschaft/")
    page.get_by_role("link", name=reference).click()
    assert page.locator("#cost-share-state").inner_text() == "bewilligt"
    with page.expect_download() as download:
        page.get_by_role("link", name="Bescheid herunterladen (PDF)").click()
    assert download.value.suggested_filename == f"Bescheid-{reference}.pdf"
    assert axe_violations(page) == []
    screenshot(page, "members-cost-share-decision")


def test_visitor_filters_directory_and_opens_a_profile(page, live_server):
    photonik = TechnologyFieldFactory(name="Photonik und Optik", slug="photonik-und-optik")
    mobility = TechnologyFieldFactory(name="Mobilität", slug="mobilitaet")
    today = timezone.localdate()
    for index, (name, land, city) in enumerate([
        ("Lichtcluster Jena", "TH", "Jena"), ("Optonet Erfurt", "TH", "Erfurt"),
        ("Mobilität Sachsen", "SN", "Dresden"), ("Automotive Südwest", "BW", "Stuttgart"),
        ("Hafencluster Hamburg", "HH", "Hamburg"),
    ]):
        cluster = member(ClusterFactory(name=name, bundesland=land, city=city, description=f"{name} verbindet."),
                         started_on=add_months(today, -(6 + index * 7)))
        cluster.technology_fields.set([photonik if index < 2 else mobility])
        if index % 2 == 0:
            label(cluster, ["silver", "gold", "bronze"][index % 3], add_months(today, -2))
    page.goto(live_server.url + "/mitglieder/")
    assert axe_violations(page) == []
    screenshot(page, "members-directory")
    page.get_by_label("Bundesland", exact=True).select_option("TH")
    page.get_by_label("Technologiefeld", exact=True).select_option("photonik-und-optik")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"bundesland=TH"))
    names = page.locator(".member-card h3").all_inner_texts()
    assert names == ["Lichtcluster Jena", "Optonet Erfurt"]
    page.get_by_role("link", name="Lichtcluster Jena").click()
    assert page.locator("h1").inner_text().startswith("Lichtcluster Jena (IC")
    assert page.locator("#profile-label").inner_text().startswith("Silber (gültig bis")
    assert axe_violations(page) == []
    screenshot(page, "members-profile")


@pytest.mark.parametrize(("path", "language", "heading", "name"), [
    ("/", "de", "go-cluster: Exzellenz für Innovationscluster", "home"),
    ("/mitglieder/", "de", "Die Mitglieder von go-cluster", "directory-empty"),
    ("/kriterien/", "de", "Aufnahmekriterien", "criteria"),
    ("/glossar/", "de", "Glossar", "glossary"),
    ("/kontakt/", "de", "Kontakt", "contact"),
    ("/impressum/", "de", "Impressum", "impressum"),
    ("/datenschutz/", "de", "Datenschutzerklärung", "datenschutz"),
    ("/barrierefreiheit/", "de", "Erklärung zur Barrierefreiheit", "barrierefreiheit"),
    ("/", "en", "go-cluster: excellence for innovation clusters", "home-en"),
    ("/kriterien/", "en", "Admission criteria", "criteria-en"),
    ("/glossar/", "en", "Glossary", "glossary-en"),
    ("/kontakt/", "en", "Contact", "contact-en"),
    ("/barrierefreiheit/", "en", "Accessibility statement", "barrierefreiheit-en"),
])
def test_public_programme_pages_have_no_wcag_violations(page, live_server, path, language, heading, name):
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").first.inner_text().strip() == heading
    assert axe_violations(page) == []
    screenshot(page, f"members-page-{name}")
