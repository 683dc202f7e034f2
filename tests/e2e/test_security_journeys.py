"""Browser journeys of security findings 1 and 4 (docs/security-auth.md): the admin is reached only through the
portal's login and its second factor; an invitation is accepted on its own page with a button."""

import re

import pytest

from gocluster.outbox.models import OutboxMail
from members.services import clusters
from tests.auth import enrol_totp, totp_code
from tests.e2e.axe import axe_violations, screenshot
from tests.factories import PASSWORD, ClusterFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_is_reached_through_the_portal_login_and_the_code(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1
    admin = StaffFactory(email="anna.admin@example.org", is_staff=True, is_superuser=True)
    secret = enrol_totp(admin)
    page.goto(live_server.url + "/verwaltung/")
    page.wait_for_url(re.compile(r"/konto/login/\?next=%2Fverwaltung%2F$"))
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/$"))
    assert axe_violations(page) == []
    screenshot(page, "security-2fa-code")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/verwaltung/$"))
    assert page.locator("h1").first.inner_text() == "Website-Verwaltung"


def test_invitation_is_accepted_on_its_page_with_the_button(page, live_server):
    cluster = ClusterFactory(name="Photonik Nord")
    clusters.invitation_create(cluster=cluster, by=cluster.managers.first(), email="kollegin@example.org")
    body = OutboxMail.objects.get(event="cluster_invitation").body_text
    path = re.search(r"https?://\S+?(/portal/einladung/[\w-]+/)", body).group(1)
    invitee = UserFactory(email="kollegin@example.org", full_name="Karla Kollegin")
    page.goto(live_server.url + path)
    page.wait_for_url(re.compile(r"/konto/login/"))
    page.get_by_label("E-Mail-Adresse").fill(invitee.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    assert page.locator("h1").inner_text() == "Einladung annehmen"
    assert page.get_by_text("Photonik Nord").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "security-einladung-annehmen")
    page.get_by_role("button", name="Einladung annehmen").click()
    page.wait_for_url(re.compile(r"/antrag/$"))
    assert cluster.managers.filter(pk=invitee.pk).exists()

