"""Browser checks of "go-cluster in Zahlen", the review queue, the shared-actors panels and the calendar panel."""

import re

import pytest

from tests.applications.figures_builders import NOW, three_clusters
from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.time_machine(NOW)]


def test_figures_page_shows_the_hand_count_and_passes_axe(page, live_server):
    three_clusters(StaffFactory())
    page.goto(live_server.url + "/zahlen/")
    assert page.get_by_test_id("organisation-count").inner_text() == "9"
    assert page.get_by_test_id("as-of").inner_text() == "Stand: 15.06.2026"
    assert page.get_by_role("img", name="Organisationen nach Typ").count() == 1
    assert axe_violations(page) == []
    for summary in page.locator("details > summary").all():
        summary.click()
    assert page.get_by_test_id("chart-land-table").locator("tbody tr").count() == 17
    assert axe_violations(page) == []
    screenshot(page, "figures-public")
    page.goto(live_server.url + "/offene-daten/")
    assert axe_violations(page) == []


def test_staff_review_the_open_pair_and_see_shared_actors_on_the_member_page(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    staff = StaffFactory(email="stella@example.org")
    world = three_clusters(staff)
    log_in(page, live_server, staff.email)
    page.goto(live_server.url + "/geschaeftsstelle/zahlen/")
    assert page.get_by_test_id("candidate-count").inner_text().startswith("1 Paar von Einträgen")
    assert axe_violations(page) == []
    screenshot(page, "figures-staff")
    page.get_by_role("link", name="Zum Abgleich").click()
    assert page.get_by_test_id("review-queue").locator("tbody tr").count() == 1
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("^Nicht dieselbe")).click()
    page.wait_for_url(re.compile(r"/geschaeftsstelle/organisationen/$"))
    assert page.get_by_text("Keine offenen Paare.").count() == 1
    page.goto(f"{live_server.url}/portal/mitglieder/{world['c'].membership_id}/")
    shared = page.get_by_test_id("shared-actors")
    shared.wait_for()
    assert shared.locator("tbody th").all_inner_texts() == [
        "Bayern Innovativ eingetragener Verein", "MÜLLER PRÄZISIONSTECHNIK G.m.b.H.", "Photon France SAS"]
    assert axe_violations(page) == []
    screenshot(page, "figures-member-shared-actors")


def test_account_page_offers_the_calendar_subscription(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    staff = StaffFactory(email="kalle@example.org")
    log_in(page, live_server, staff.email)
    page.goto(live_server.url + "/konto/email/")
    page.get_by_role("button", name="Kalender-Adresse erzeugen").click()
    page.wait_for_url(re.compile(r"/portal/kalender/$"))
    url = page.get_by_test_id("calendar-feed-url").input_value()
    assert re.fullmatch(r"http://[^/]+/kalender/[A-Za-z0-9_-]{43}\.ics", url)
    assert axe_violations(page) == []
    screenshot(page, "calendar-subscription")
    response = page.request.get(url)
    assert (response.status, response.headers["content-type"]) == (200, "text/calendar; charset=utf-8")
