"""Signing in and out through the real allauth forms, shared by every browser journey."""

import re

from tests.factories import PASSWORD


def log_in(page, live_server, email: str, *, lands_on: str | None = None) -> None:
    """Sign in with the test password; then wait for the page whose path matches `lands_on` (a regex), or for
    the next page load if not given."""
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if lands_on:
        page.wait_for_url(re.compile(lands_on))
    else:
        page.wait_for_load_state()


def reauthenticate(page) -> None:
    """Give the password once more where allauth asks for it (sensitive steps, two-factor setup)."""
    page.wait_for_url(re.compile(r"/konto/reauthenticate/"))
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
