"""The cluster manager's whole journey in Chromium: sign-up to a submitted application, with axe on every page."""

import io
import re
from datetime import timedelta
from pathlib import Path

import icalendar
import openpyxl
import pytest
from django.utils import timezone

from applications.enums import ApplicationState
from applications.imports import COLUMNS
from applications.models import AdvisoryCall, Application
from applications.services import calls
from applications.services.workflow import apply_transition
from gocluster.outbox.models import OutboxMail
from tests.e2e.axe import axe_violations, screenshot
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, StaffFactory, make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page, name):
    """Every page of the journey: no WCAG 2.1 A/AA violation, a screenshot for the docs."""
    assert axe_violations(page) == []
    screenshot(page, f"applicant-{name}")


def actors_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([heading for heading, _name in COLUMNS])
    categories = ["KMU"] * 10 + ["Hochschule/Institut"] * 3 + ["Großunternehmen"] * 3
    for index, category in enumerate(categories, start=1):
        sheet.append([f"Akteur {index} Nord", category, "ja" if index == 1 else "nein", "20457", "Hamburg", "DE",
                      "Mitglied", 2015 + index % 8, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def slot(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def submit_main_form(page, button_name):
    page.locator("main").get_by_role("button", name=button_name, exact=True).click()


def test_cluster_manager_signs_up_and_submits_an_application(page, live_server, mailoutbox):
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url

    # Sign up through the real form.
    page.goto(base + "/konto/signup/")
    check(page, "01-registrieren")
    page.get_by_label("Vor- und Nachname").fill("Hanna Hafen")
    page.get_by_label("E-Mail-Adresse").fill("hanna@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/confirm-email/$"))

    # Verify the address with the link from the delivered mail (the outbox keeps only a redacted copy).
    mail = next(m for m in reversed(mailoutbox) if m.to == ["hanna@example.org"])
    path = re.search(r"(/konto/confirm-email/[^\s]+)", mail.body).group(1)
    page.goto(base + path)
    check(page, "02-adresse-bestaetigen")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/antrag/$"))
    assert page.get_by_role("heading", name="Noch keine Anträge – so beginnen Sie").is_visible()
    check(page, "03-uebersicht-leer")

    # Create the cluster.
    page.get_by_role("link", name="Cluster anlegen").first.click()
    check(page, "04-cluster-anlegen")
    for field, value in {"name": "Maritimes Cluster Nord", "acronym": "MCN",
                         "management_organisation": "Maritimes Cluster Nord e. V.", "legal_form": "e. V.",
                         "street": "Am Sandtorkai 1", "postcode": "20457", "city": "Hamburg",
                         "year_founded": "2011"}.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_bundesland").select_option("HH")
    submit_main_form(page, "Speichern")
    page.wait_for_url(re.compile(r"/antrag/$"))

    # Request an advisory call.
    page.get_by_role("link", name="Beratungsgespräch anfragen").click()
    check(page, "05-beratung-anfragen")
    page.get_by_label("Video").check()
    page.locator("#id_slot_1").fill(slot(7))
    page.locator("#id_slot_2").fill(slot(8))
    page.locator("#id_topics").fill("Kriterien und Akteursliste")
    submit_main_form(page, "Anfrage senden")
    page.wait_for_url(re.compile(r"/antrag/$"))
    assert page.get_by_text("Status: angefragt (Video)").is_visible()

    # Staff schedule the call (through the service layer); the manager sees the date and the .ics file.
    staff = StaffFactory()
    call = AdvisoryCall.objects.get()
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(days=7),
                                    advisor=staff, mode="video")
    page.reload()
    check(page, "06-uebersicht-termin")
    with page.expect_download() as download:
        page.get_by_role("link", name="Termin in den Kalender übernehmen (.ics)").click()
    assert download.value.suggested_filename == "beratungsgespraech.ics"
    calls.advisory_call_hold(call=call, by=staff, notes="Kriterien besprochen.", recommendation="Antrag stellen")
    page.reload()
    assert page.get_by_text("Status: geführt (Video)").is_visible()

    # Start the application: the task list.
    page.get_by_role("button", name="Antrag anlegen").click()
    page.wait_for_url(re.compile(r"/antrag/\d+/$"))
    application = Application.objects.get()
    assert page.locator("h1").inner_text() == f"Antrag {application.case_number}"
    check(page, "07-antrag-aufgabenliste")

    page.get_by_role("link", name="Clustermanagement").click()
    page.locator("#id_management_fte").fill("1,5")
    page.locator("#id_annual_budget_eur").fill("480.000")  # the German way: four hundred and eighty thousand
    page.locator("#id_governance_bodies").fill("Vorstand, Beirat und Mitgliederversammlung")
    check(page, "08-schritt-clustermanagement")
    submit_main_form(page, "Speichern und weiter")

    page.wait_for_url(re.compile(r"/abschnitt/financing/$"))
    for field, value in {"share_public_basic": "40", "share_member_fees": "30", "share_project_funds": "20",
                         "share_service_revenue": "10"}.items():
        page.locator(f"#id_{field}").fill(value)
    check(page, "09-schritt-finanzierung")
    submit_main_form(page, "Speichern und weiter")

    page.wait_for_url(re.compile(r"/abschnitt/activities/$"))
    page.locator("#id_services_offered").fill("Matchmaking, Weiterbildung, Messen")
    page.locator("#id_cooperations").fill("Verbundprojekte mit Werften und Hochschulen")
    page.locator("#id_international_activities").fill("ECCP-Profil, Delegationsreisen nach Norwegen")
    page.locator("#id_goals").fill("Emissionsfreie Schifffahrt bis 2035")
    submit_main_form(page, "Speichern und weiter")

    # Upload a real PDF made here.
    page.wait_for_url(re.compile(r"/strategiedokument/$"))
    check(page, "10-schritt-strategiedokument")
    page.locator("#id_strategy_document").set_input_files(
        {"name": "Clusterstrategie 2026.pdf", "mimeType": "application/pdf", "buffer": make_pdf(5)})
    submit_main_form(page, "Hochladen und weiter")

    # Import the actors from an XLSX made here.
    page.wait_for_url(re.compile(r"/akteure/$"))
    page.get_by_role("link", name="Datei importieren").click()
    check(page, "11-akteure-import")
    page.locator("#id_file").set_input_files({
        "name": "akteure.xlsx", "buffer": actors_xlsx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    submit_main_form(page, "Datei prüfen")
    assert page.get_by_text("16 Zeilen können übernommen werden, 0 Zeilen haben Fehler.").is_visible()
    check(page, "12-akteure-import-pruefen")
    submit_main_form(page, "16 gültige Zeilen übernehmen")
    page.wait_for_url(re.compile(r"/akteure/$"))
    stats = page.locator("#actor-stats")
    assert stats.get_by_text("KMU-Anteil").is_visible()
    assert "62,5 %" in stats.inner_text() or "62.5 %" in stats.inner_text()
    check(page, "13-akteure")
    submit_main_form(page, "Speichern und weiter")

    page.wait_for_url(re.compile(r"/abschnitt/declarations/$"))
    page.locator("#id_declaration_truthful").check()
    page.locator("#id_declaration_data_processing").check()
    check(page, "14-schritt-erklaerungen")
    submit_main_form(page, "Speichern und weiter")

    # Check your answers, see the self-check, submit.
    page.wait_for_url(re.compile(r"/pruefen/$"))
    assert page.get_by_text("Alle Abschnitte sind vollständig.").is_visible()
    budget = (page.locator("dt", has_text="Jahresbudget des Clustermanagements (EUR)")
              .locator("xpath=following-sibling::dd[1]"))
    assert budget.inner_text() == "480.000\u00a0€"
    assert Application.objects.get().annual_budget_eur == 480_000
    check(page, "15-angaben-pruefen")
    page.goto(base + f"/antrag/{application.pk}/")
    assert page.get_by_role("heading", name="Selbstcheck: Qualitätskriterien").is_visible()
    assert page.get_by_text("6 von 6 Abschnitten vollständig.").is_visible()
    check(page, "16-selbstcheck")
    page.get_by_role("link", name="Angaben prüfen und einreichen").click()
    submit_main_form(page, "Antrag einreichen")
    page.wait_for_url(re.compile(r"/eingereicht/$"))
    assert page.locator(".case-number").inner_text() == application.case_number
    check(page, "17-eingereicht")

    # The case page: read-only, with the timeline.
    page.get_by_role("link", name="Zum Antrag und seinem Verlauf").click()
    timeline = page.locator(".timeline")
    assert timeline.get_by_text("Antrag angelegt").is_visible()
    assert timeline.get_by_text("Antrag eingereicht").is_visible()
    check(page, "18-verlauf")
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert (application.actors.count(), application.strategy_document_pages) == (16, 5)
    assert OutboxMail.objects.filter(recipient="hanna@example.org", event="application_submitted").count() == 1

    # Staff invite to the admission interview (through the workflow): the case page shows it, with the .ics.
    interviewer = StaffFactory(full_name="Ines Interview")
    apply_transition(application=application, name="accept_for_review", by=staff)
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=11, minute=0, second=0,
                                                                           microsecond=0)
    apply_transition(application=application, name="schedule_interview", by=staff, scheduled_at=start,
                     location="Videokonferenz (Link folgt)", interviewers=[interviewer])
    page.reload()
    interview = page.get_by_test_id("interview")
    assert interview.get_by_role("heading", name="Ihr Aufnahmegespräch").is_visible()
    text = interview.inner_text()
    assert f"{start:%d.%m.%Y}, {start:%H:%M} Uhr" in text
    assert "Videokonferenz (Link folgt)" in text
    assert "Ines Interview (Geschäftsstelle go-cluster)" in text
    check(page, "19-aufnahmegespraech")
    with page.expect_download() as download:
        interview.get_by_role("link", name="Aufnahmegespräch in den Kalender übernehmen (.ics)").click()
    assert download.value.suggested_filename == "aufnahmegespraech.ics"
    (invited,) = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")

    # Staff cancel it: the mail carries the reason and an .ics that removes the entry from the calendar.
    apply_transition(application=application, name="cancel_interview", by=staff,
                     comment="Die Gesprächsführung ist erkrankt; wir schlagen einen neuen Termin vor.")
    mail = OutboxMail.objects.get(recipient="hanna@example.org", event="interview_cancelled")
    assert "Grund: Die Gesprächsführung ist erkrankt; wir schlagen einen neuen Termin vor." in mail.body_text
    attachment = mail.attachments.get()
    cancellation = icalendar.Calendar.from_ical(bytes(attachment.content))
    (event,) = cancellation.walk("VEVENT")
    assert (attachment.filename, str(cancellation["METHOD"]), str(event["STATUS"])) == (
        "aufnahmegespraech.ics", "CANCEL", "CANCELLED")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (str(invited["UID"]), int(invited["SEQUENCE"]) + 1)
    assert event.decoded("DTSTART") == start
    page.reload()
    assert page.get_by_test_id("interview").count() == 0
    assert page.locator(".timeline").get_by_text("Aufnahmegespräch abgesagt").is_visible()
    assert page.locator(".timeline").get_by_text("Die Gesprächsführung ist erkrankt").is_visible()
    assert console_errors == []


def test_change_request_withdraw_invite_and_claim_pages_are_accessible(page, live_server, settings):
    from tests.applications.builders import Cast, case_in_state
    from tests.factories import ClusterFactory

    settings.GOCLUSTER_REQUIRE_MFA = False
    cast = Cast()
    application = case_in_state(ApplicationState.CHANGES_REQUESTED, cast)
    manager = application.cluster.managers.first()
    other = ClusterFactory(name="Anderer Cluster")
    base = live_server.url
    log_in(page, live_server, manager.email, lands_on=r"/antrag/$")

    page.goto(base + f"/antrag/{application.pk}/")
    assert page.get_by_role("heading", name="Nachforderung der Geschäftsstelle").is_visible()
    check(page, "20-nachforderung")
    page.goto(base + f"/portal/cluster/{application.cluster.pk}/einladen/")
    page.get_by_label("E-Mail-Adresse der Kollegin oder des Kollegen").fill("kollege@example.org")
    submit_main_form(page, "Einladung senden")
    assert page.get_by_role("cell", name="kollege@example.org").is_visible()
    check(page, "21-einladen")
    page.goto(base + "/portal/cluster/beanspruchen/")
    page.locator("#id_name").fill(other.name)
    page.locator("#id_city").fill(other.city)
    submit_main_form(page, "Anspruch senden")
    page.wait_for_url(re.compile(r"/antrag/$"))
    check(page, "22-uebersicht-anspruch")
    page.goto(base + f"/antrag/{application.pk}/zurueckziehen/")
    check(page, "23-zurueckziehen")
    page.get_by_label("Warum ziehen Sie den Antrag zurück?").fill("Wir bewerben uns im nächsten Jahr.")
    page.get_by_label("Ja, ich möchte den Antrag zurückziehen.").check()
    page.once("dialog", lambda dialog: dialog.accept())
    submit_main_form(page, "Antrag zurückziehen")
    page.wait_for_url(re.compile(rf"/antrag/{application.pk}/$"))
    assert page.locator(".timeline").get_by_text("Wir bewerben uns im nächsten Jahr.").is_visible()
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN

    page.context.clear_cookies()
    log_in(page, live_server, cast.staff.email)
    page.goto(base + "/portal/cluster-ansprueche/")
    check(page, "24-geschaeftsstelle-ansprueche")
