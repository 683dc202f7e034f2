
import pytest

from applications.enums import ApplicationState as S
from tests.applications.builders import Cast, case_in_state
from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_generates_dossier_and_sees_file_and_case_mails(page, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    log_in(page, live_server, cast.staff.email, lands_on=r"/geschaeftsstelle/$")
    page.goto(f"{live_server.url}/geschaeftsstelle/antraege/{application.pk}/dossier/")
    title = f"Dossier zum Antrag {application.case_number} ({application.cluster.name})"
    assert page.locator("h1").inner_text() == title
    # Opening the vote rendered version 1 already; staff render it anew (e.g. after a corrected upload).
    page.get_by_role("link", name="Dossier Version 1 herunterladen (PDF)").wait_for()
    page.get_by_role("button", name="Dossier neu erstellen").click()
    page.get_by_text("Das Dossier ist fertig.").wait_for()
    page.get_by_role("link", name="Dossier Version 2 herunterladen (PDF)").wait_for()
    page.get_by_role("heading", name="E-Mails zu diesem Antrag").wait_for()
    page.get_by_role("table").nth(1).wait_for()
    assert axe_violations(page) == []
    screenshot(page, "documents-dossier")
    with page.expect_download() as download:
        page.get_by_role("link", name="Dossier Version 1 herunterladen (PDF)").click()
    assert download.value.suggested_filename == f"{application.case_number}_Dossier.pdf"
