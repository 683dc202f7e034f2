"""One case from the agency's desk through the vote to the decision, one browser context per role."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.default_criteria import seed
from applications.enums import AdvisoryCallState, ApplicationState as S
from applications.models import AdvisoryCall, Application, QualityArea, QualityCriterion
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import form_datetime, local_moment
from tests.conftest import CONTEXT_ARGS
from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in, reauthenticate
from tests.factories import AdvisoryCallFactory, ClusterFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _local(days):
    return form_datetime(local_moment(days))  # 10:00, never the hour that happens twice when the clocks go back


def _login(browser, live_server, user):
    context = browser.new_context(**CONTEXT_ARGS)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, user.email, lands_on=r"/(geschaeftsstelle|abstimmung|antrag)/$")
    return page


def _check(page, name):
    """Every page of the journey: no WCAG 2.1 A/AA violation, and a screenshot for the docs."""
    assert axe_violations(page) == [], name
    screenshot(page, name)


def _vote(browser, live_server, voter, case, choice, name=None):
    page = _login(browser, live_server, voter)
    if name:
        _check(page, f"{name}-dashboard")
    page.get_by_role("link", name=re.compile(case.case_number)).click()
    if name:
        _check(page, f"{name}-case")
    page.check(f"input[name='choice'][value='{choice}']")
    page.get_by_label("Begründung").fill("Überzeugende Strategie und breite Basis.")
    page.get_by_role("button", name="Stimme abgeben").click()
    reauthenticate(page)
    page.wait_for_url(re.compile(rf"/abstimmung/antraege/{case.pk}/$"))
    assert page.get_by_test_id("my-vote").inner_text().startswith("Sie haben abgestimmt")
    if name:
        _check(page, f"{name}-voted")
    page.context.close()


def test_staff_and_voters_work_a_case_to_a_decision(browser, live_server, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    # Transactional tests before this one may have flushed the criteria that the migration seeded.
    seed(QualityArea, QualityCriterion)
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    call = AdvisoryCallFactory(cluster=ClusterFactory(name="Quantenregion Süd"), topics="Kriterien, Zeitplan",
                               preferred_slots=[(timezone.now() + timedelta(days=3)).isoformat(),
                                                (timezone.now() + timedelta(days=4)).isoformat()])

    # --- Staff: dashboard, advisory call, formal check, interview, opening the vote
    staff = _login(browser, live_server, cast.staff)
    _check(staff, "staff-dashboard")
    staff.get_by_role("link", name="Beratungsgespräche").first.click()
    _check(staff, "staff-calls")
    staff.get_by_role("link", name="Quantenregion Süd").click()
    staff.fill("input[name='schedule-scheduled_at']", _local(days=2))
    staff.check("input[name='schedule-mode'][value='phone']")
    staff.fill("input[name='schedule-phone']", "089 123456-0")  # by phone: the number to call
    staff.select_option("select[name='schedule-advisor']", str(cast.staff.pk))
    staff.get_by_role("button", name="Termin speichern und einladen").click()
    assert staff.get_by_test_id("call-state").inner_text() == "terminiert"
    assert staff.get_by_test_id("call-contact").inner_text().endswith("Telefon 089 123456-0")
    _check(staff, "staff-call-scheduled")
    staff.get_by_label("Gesprächsnotizen").fill("Kriterien und Zeitplan besprochen.")
    staff.get_by_role("button", name="Gespräch als geführt speichern").click()
    assert staff.get_by_test_id("call-state").inner_text() == "geführt"
    assert AdvisoryCall.objects.get(pk=call.pk).state == AdvisoryCallState.HELD

    staff.get_by_role("link", name="Anträge", exact=True).click()
    _check(staff, "staff-case-list")
    staff.get_by_role("link", name=case.case_number).click()
    _check(staff, "staff-case-submitted")
    staff.get_by_role("button", name="Zur Prüfung annehmen").click()
    assert staff.get_by_test_id("case-state").inner_text() == "In Prüfung"

    staff.fill("input[name='schedule_interview-scheduled_at']", _local(days=5))
    staff.fill("input[name='schedule_interview-location']", "Videokonferenz")
    staff.check(f"input[name='schedule_interview-interviewers'][value='{cast.staff.pk}']")
    staff.get_by_role("button", name="Aufnahmegespräch terminieren").click()
    assert staff.get_by_test_id("case-state").inner_text() == "Aufnahmegespräch terminiert"
    _check(staff, "staff-case-interview-scheduled")

    staff.fill("textarea[name='record_interview-protocol']", "Offenes Gespräch, klare Strategie.")
    staff.check("input[name='record_interview-recommendation'][value='admit']")
    for criterion in QualityCriterion.objects.filter(active=True):
        staff.check(f"input[name='record_interview-rating_{criterion.pk}'][value='met']")
    staff.get_by_role("button", name="Aufnahmegespräch dokumentieren").click()
    assert staff.get_by_test_id("case-state").inner_text() == "Aufnahmegespräch geführt"

    staff.fill("input[name='open_voting-deadline']", _local(days=14))
    staff.get_by_role("button", name="Abstimmung eröffnen").click()
    assert staff.get_by_test_id("case-state").inner_text() == "Abstimmung"
    _check(staff, "staff-case-voting")

    # --- Ministry and board: three vote, one declares a conflict of interest
    _vote(browser, live_server, cast.ministry, case, "approve", name="voting-ministry")
    _vote(browser, live_server, cast.board[0], case, "approve", name="voting-board")
    _vote(browser, live_server, cast.board[1], case, "approve")

    recused = _login(browser, live_server, cast.board[2])
    recused.get_by_role("link", name=re.compile(case.case_number)).click()
    recused.get_by_label("Grund der Befangenheit").fill("Ich sitze im Vorstand eines Clusterakteurs.")
    recused.get_by_role("button", name="Befangenheit erklären").click()
    recused.wait_for_url(re.compile(rf"/abstimmung/antraege/{case.pk}/$"))
    assert recused.get_by_test_id("recused").is_visible()
    _check(recused, "voting-recused")
    recused.context.close()

    # --- Staff: close the vote, preview and release the decision
    staff.reload()
    assert "3 stimmberechtigt" not in staff.get_by_test_id("tally").first.inner_text()
    staff.get_by_role("button", name="Abstimmung schließen").click()
    assert staff.get_by_test_id("case-state").inner_text() == "Entscheidung getroffen"
    staff.get_by_role("link", name="Entscheidung vorbereiten und freigeben").click()
    _check(staff, "staff-decision")
    staff.get_by_role("button", name="Vorschau des Schreibens anzeigen").click()
    assert "aufgenommen" in staff.get_by_test_id("letter-preview").inner_text()
    _check(staff, "staff-decision-preview")
    staff.get_by_role("button", name="Entscheidung jetzt freigeben").click()
    reauthenticate(staff)
    staff.wait_for_url(re.compile(rf"/geschaeftsstelle/faelle/{case.pk}/$"))
    assert staff.get_by_test_id("case-state").inner_text() == "Aufgenommen"
    _check(staff, "staff-case-admitted")

    # --- Voters see the result after closing
    board = _login(browser, live_server, cast.board[0])
    board.get_by_role("link", name=re.compile(case.case_number)).click()
    assert board.get_by_test_id("round-result").inner_text() == "Aufnahme"
    _check(board, "voting-result")

    # --- The applicant sees the outcome on their case page, with the admission letter and certificate
    applicant = _login(browser, live_server, case.cluster.managers.first())
    applicant.goto(f"{live_server.url}/antrag/{case.pk}/")
    assert applicant.locator(".state-badge").inner_text() == "Aufgenommen"
    letters = applicant.locator("#letters-title + p a, section[aria-labelledby=letters-title] a").all_inner_texts()
    assert sorted(letters) == ["Aufnahmeschreiben", "Aufnahmeurkunde"]
    _check(applicant, "applicant-outcome")
    assert Application.objects.get(pk=case.pk).state == S.ADMITTED
