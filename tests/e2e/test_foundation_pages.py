import re

import pytest

from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in, reauthenticate
from tests.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("path", "heading", "name"), [
    ("/", "go-cluster: Exzellenz für Innovationscluster", "home"),
    ("/konto/login/", "Anmelden", "login"),
    ("/impressum/", "Impressum", "impressum"),
    ("/datenschutz/", "Datenschutzerklärung", "datenschutz"),
    ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit", "barrierefreiheit"),
])
def test_public_page_renders_german_and_has_no_wcag_violations(page, live_server, path, heading, name):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").first.inner_text().strip() == heading
    assert axe_violations(page) == []
    # No CSP violation and no missing asset: nothing the page loads is refused.
    assert console_errors == []
    screenshot(page, f"foundation-{name}")


def test_manager_logs_in_and_lands_in_their_area(page, live_server):
    UserFactory(email="anna@example.org", full_name="Anna Beispiel")
    log_in(page, live_server, "anna@example.org", lands_on=r"/antrag/$")
    assert page.locator("h1").inner_text() == "Übersicht"


def test_staff_login_is_taken_to_two_factor_setup(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    StaffFactory(email="stefan@example.org")
    log_in(page, live_server, "stefan@example.org")
    # allauth asks for the password once more before two-factor setup.
    reauthenticate(page)
    page.wait_for_url(re.compile(r"/konto/2fa/totp/activate/$"))
    assert page.locator("h1").inner_text() == "Authenticator-App aktivieren"
    assert axe_violations(page) == []
    screenshot(page, "foundation-2fa-setup")
