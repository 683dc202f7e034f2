"""Leaving a wizard page with unsaved changes asks first (static/js/unsaved.js, beforeunload)."""

import re

import pytest

from tests.applications.builders import draft
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leaving_a_section_with_changes_asks_and_saving_does_not(page, live_server):
    application = draft()
    log_in(page, live_server, application.cluster.managers.first().email, lands_on=r"/antrag/$")
    section = f"{live_server.url}/antrag/{application.pk}/abschnitt/management/"
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    page.goto(section)
    # Unchanged: leaving asks nothing.
    page.get_by_role("link", name="Zurück zur Übersicht des Antrags").click()
    page.wait_for_url(re.compile(rf"/antrag/{application.pk}/$"))
    assert dialogs == []

    page.goto(section)
    page.locator("#id_governance_bodies").click()
    page.keyboard.type(" und Beirat")
    page.get_by_role("link", name="Zurück zur Übersicht des Antrags").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url == section  # stayed, with the text still there
    assert page.locator("#id_governance_bodies").input_value().endswith(" und Beirat")

    # Saving is not leaving: no question.
    page.locator("main").get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url(section)
    assert dialogs == ["beforeunload"]
    application.refresh_from_db()
    assert application.governance_bodies.endswith(" und Beirat")
