"""Appointments: every move and cancellation of an advisory call or an interview reaches the people concerned,
with the reason and a calendar file that replaces (same UID, higher SEQUENCE) or removes (METHOD:CANCEL) the
entry; the portal's download carries the SEQUENCE of the last mail. Calls by phone ask for the number; the
recommendation of the advisory call reaches the cluster; the applicant sees the interview."""

from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from applications.enums import AdvisoryCallState, ApplicationState as S
from applications.models import AdvisoryCall
from applications.services import calls
from applications.services.reminders import sweep
from applications.services.workflow import apply_transition
from gocluster.outbox.models import OutboxMail
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import client_for, form_datetime, local_moment
from tests.factories import ClusterFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False


def parse(content: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(bytes(content))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def calendar_of(mail: OutboxMail) -> tuple[icalendar.Calendar, icalendar.Event]:
    (attachment,) = mail.attachments.all()
    assert (attachment.content_type, attachment.filename.endswith(".ics")) == ("text/calendar", True)
    return parse(attachment.content)


def downloaded(response) -> tuple[icalendar.Calendar, icalendar.Event]:
    assert response.status_code == 200
    return parse(b"".join(response.streaming_content))


def mails(event: str) -> dict[str, OutboxMail]:
    return {m.recipient: m for m in OutboxMail.objects.filter(event=event)}


def scheduled_call(capture, *, mode="video", phone=""):
    cluster = ClusterFactory()
    manager, advisor = cluster.managers.first(), StaffFactory()
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode=mode, phone=phone,
                                       preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    with capture(execute=True):
        call = calls.advisory_call_schedule(call=call, by=advisor, scheduled_at=local_moment(5), advisor=advisor,
                                            mode=mode)
    return call, manager, advisor


# --- Advisory calls: cancelled and moved ----------------------------------------------------------------


def test_staff_cancelling_a_call_mails_the_reason_and_withdraws_the_calendar_entry(
        django_capture_on_commit_callbacks):
    call, manager, advisor = scheduled_call(django_capture_on_commit_callbacks)
    _invitation, invited = calendar_of(OutboxMail.objects.get(event="advisory_call_scheduled", recipient=manager.email))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(advisor).post(reverse("staff:call_action", args=[call.pk, "cancel"]),
                                            {"cancel-reason": "Die Beraterin ist erkrankt."})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.state, call.cancel_reason, call.cancelled_by) == (
        AdvisoryCallState.CANCELLED, "Die Beraterin ist erkrankt.", advisor)
    to_manager = mails("advisory_call_cancelled")[manager.email]
    assert "ist von der Geschäftsstelle abgesagt." in to_manager.body_text
    assert "Grund: Die Beraterin ist erkrankt." in to_manager.body_text
    for mail in (to_manager, mails("staff_advisory_call_cancelled")[advisor.email]):
        calendar, event = calendar_of(mail)
        assert (str(calendar["METHOD"]), str(event["STATUS"])) == ("CANCEL", "CANCELLED")
        assert (str(event["UID"]), int(event["SEQUENCE"])) == (str(invited["UID"]), int(invited["SEQUENCE"]) + 1)
    # The agency's mailbox hears only of the cluster's own cancellations.
    assert settings.PROGRAMME_CONTACT_EMAIL not in mails("staff_advisory_call_cancelled")
    # The applicant sees the reason in the portal as well.
    html = client_for(manager).get(reverse("applicant:dashboard")).content.decode()
    assert "Grund der Absage: Die Beraterin ist erkrankt." in html


def test_staff_cannot_cancel_a_call_without_a_reason(django_capture_on_commit_callbacks):
    call, _manager, advisor = scheduled_call(django_capture_on_commit_callbacks)
    response = client_for(advisor).post(reverse("staff:call_action", args=[call.pk, "cancel"]), {"cancel-reason": ""})
    assert "Bitte geben Sie einen Grund für die Absage an." in response.content.decode()
    call.refresh_from_db()
    assert call.state == AdvisoryCallState.SCHEDULED


def test_managers_cancellation_reaches_the_advisor_and_the_agency_with_the_reason(
        django_capture_on_commit_callbacks):
    call, manager, advisor = scheduled_call(django_capture_on_commit_callbacks)
    client = client_for(manager)
    page = client.get(reverse("applicant:call-cancel", args=[call.pk]))
    assert "Warum sagen Sie das Gespräch ab? (freiwillig)" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applicant:call-cancel", args=[call.pk]),
                               {"reason": "Unser Geschäftsführer ist verhindert."})
    assert response.status_code == 302
    to_staff = mails("staff_advisory_call_cancelled")
    assert sorted(to_staff) == sorted([advisor.email, settings.PROGRAMME_CONTACT_EMAIL])
    for mail in to_staff.values():
        assert "ist vom Clustermanagement abgesagt." in mail.body_text
        assert "Grund: Unser Geschäftsführer ist verhindert." in mail.body_text
    assert list(mails("advisory_call_cancelled")) == [manager.email]
    _calendar, event = calendar_of(to_staff[advisor.email])
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)


def test_cancelling_a_requested_call_mails_without_a_calendar_file(django_capture_on_commit_callbacks):
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode="video",
                                       preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    with django_capture_on_commit_callbacks(execute=True):
        calls.advisory_call_cancel(call=call, by=StaffFactory(), reason="Bitte zuerst das Profil ergänzen.")
    mail = mails("advisory_call_cancelled")[manager.email]
    assert "das angefragte Beratungsgespräch" in mail.body_text
    assert list(mail.attachments.all()) == []


def test_moving_a_call_says_verlegt_and_the_download_carries_the_mails_sequence(
        django_capture_on_commit_callbacks):
    call, manager, advisor = scheduled_call(django_capture_on_commit_callbacks)
    new_date = local_moment(9, hour=14)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(advisor).post(reverse("staff:call_action", args=[call.pk, "schedule"]), {
            "schedule-scheduled_at": form_datetime(new_date), "schedule-mode": "video",
            "schedule-advisor": advisor.pk, "schedule-reason": "Terminkollision im Haus"})
    assert response.status_code == 302
    moved = mails("advisory_call_moved")
    assert sorted(moved) == sorted([manager.email, advisor.email])
    mail = moved[manager.email]
    assert mail.subject.startswith("Beratungsgespräch go-cluster verlegt auf ")
    assert "Grund der Verlegung: Terminkollision im Haus" in mail.body_text
    _calendar, event = calendar_of(mail)
    assert (int(event["SEQUENCE"]), event.decoded("DTSTART")) == (1, new_date)
    # The portal's download is the same entry in the same version.
    _calendar, download = downloaded(client_for(manager).get(reverse("applicant:call-ics", args=[call.pk])))
    assert (str(download["UID"]), int(download["SEQUENCE"])) == (str(event["UID"]), 1)


# --- Interviews: moved, cancelled, shown to the applicant ------------------------------------------------


def interview_case(capture):
    cast = Cast()
    with capture(execute=True):
        application = case_in_state(S.INTERVIEW_SCHEDULED, cast)
    return application, cast, application.cluster.managers.first()


def test_cancelling_an_interview_mails_the_reason_and_a_cancel_ics_and_the_case_goes_back_to_review(
        django_capture_on_commit_callbacks):
    application, cast, manager = interview_case(django_capture_on_commit_callbacks)
    _invitation, invited = calendar_of(mails("interview_scheduled")[manager.email])
    url = reverse("staff:case_transition", args=[application.pk, "cancel_interview"])
    client = client_for(cast.staff)
    refused = client.post(url, {"cancel_interview-comment": ""})
    assert "Bitte geben Sie einen Grund für die Absage an." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"cancel_interview-comment": "Der Raum steht nicht zur Verfügung."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.IN_REVIEW
    cancelled = mails("interview_cancelled")
    assert sorted(cancelled) == sorted([manager.email, cast.staff.email])
    assert "Grund: Der Raum steht nicht zur Verfügung." in cancelled[manager.email].body_text
    calendar, event = calendar_of(cancelled[manager.email])
    assert (str(calendar["METHOD"]), str(event["STATUS"]), str(event["UID"]), int(event["SEQUENCE"])) == (
        "CANCEL", "CANCELLED", str(invited["UID"]), int(invited["SEQUENCE"]) + 1)
    # The applicant reads the reason on the timeline; the calendar download is gone; no reminder follows.
    manager_client = client_for(manager)
    timeline = manager_client.get(reverse("applicant:case", args=[application.pk])).context["timeline"]
    assert (timeline[-1].label, timeline[-1].comment) == ("Aufnahmegespräch abgesagt",
                                                          "Der Raum steht nicht zur Verfügung.")
    assert manager_client.get(reverse("applicant:interview-ics", args=[application.pk])).status_code == 404
    assert sweep(now=application.interview.scheduled_at - timedelta(hours=47)) == []


def test_a_new_date_after_a_cancellation_is_the_same_entry_one_version_further(django_capture_on_commit_callbacks):
    application, cast, manager = interview_case(django_capture_on_commit_callbacks)
    apply_transition(application=application, name="cancel_interview", by=cast.staff, comment="Krank")
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="schedule_interview", by=cast.staff,
                         scheduled_at=local_moment(12), location="Videokonferenz", interviewers=[cast.staff])
    newest = OutboxMail.objects.filter(event="interview_scheduled", recipient=manager.email).latest("id")
    calendar, event = calendar_of(newest)
    assert (str(calendar["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"])) == ("PUBLISH", "CONFIRMED", 2)
    application.interview.refresh_from_db()
    assert application.interview.cancelled_at is None


def test_moving_an_interview_says_verlegt_and_the_download_carries_the_mails_sequence(
        django_capture_on_commit_callbacks):
    application, cast, manager = interview_case(django_capture_on_commit_callbacks)
    new_date = local_moment(10, hour=9)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.staff).post(
            reverse("staff:case_transition", args=[application.pk, "reschedule_interview"]), {
                "reschedule_interview-scheduled_at": form_datetime(new_date),
                "reschedule_interview-location": "Berlin, Steinplatz 1",
                "reschedule_interview-interviewers": [cast.staff.pk],
                "reschedule_interview-comment": "Der Vorstand kann erst später."})
    assert response.status_code == 302
    mail = mails("interview_moved")[manager.email]
    new_date_text = formats.date_format(timezone.localtime(new_date), "DATETIME_FORMAT")
    assert mail.subject == f"Aufnahmegespräch zum Antrag {application.case_number} verlegt auf {new_date_text}"
    assert "Grund der Verlegung: Der Vorstand kann erst später." in mail.body_text
    _calendar, event = calendar_of(mail)
    assert (int(event["SEQUENCE"]), event.decoded("DTSTART"), str(event["LOCATION"])) == (
        1, new_date, "Berlin, Steinplatz 1")
    _calendar, download = downloaded(client_for(manager).get(reverse("applicant:interview-ics",
                                                                     args=[application.pk])))
    assert (str(download["UID"]), int(download["SEQUENCE"])) == (str(event["UID"]), 1)


def test_applicant_sees_the_interview_on_the_case_page_and_the_dashboard(django_capture_on_commit_callbacks):
    application, cast, manager = interview_case(django_capture_on_commit_callbacks)
    interview = application.interview
    client = client_for(manager)
    case = client.get(reverse("applicant:case", args=[application.pk]))
    html = case.content.decode()
    when = timezone.localtime(interview.scheduled_at)
    assert case.context["interview"] == interview
    assert f"{when:%d.%m.%Y}, {when:%H:%M} Uhr" in html
    assert "Videokonferenz" in html
    assert f"{cast.staff.full_name} (Geschäftsstelle go-cluster)" in html
    ics_url = reverse("applicant:interview-ics", args=[application.pk])
    assert f'href="{ics_url}"' in html
    dashboard = client.get(reverse("applicant:dashboard")).content.decode()
    assert f"{when:%d.%m.%Y, %H:%M} Uhr, Videokonferenz" in dashboard
    assert f'href="{ics_url}"' in dashboard
    _calendar, event = downloaded(client.get(ics_url))
    _calendar, mailed = calendar_of(mails("interview_scheduled")[manager.email])
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (str(mailed["UID"]), int(mailed["SEQUENCE"]))
    # Another cluster's manager gets nothing.
    assert client_for(UserFactory()).get(ics_url).status_code == 404


# --- Calls by phone: the number; the recommendation --------------------------------------------------------


def _slot(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


@pytest.mark.parametrize(("phone", "message"), [
    ("", "Bitte geben Sie für ein Gespräch per Telefon eine Telefonnummer an."),
    ("ruf mich an", "Bitte geben Sie eine Telefonnummer mit mindestens sechs Ziffern an, z. B. +49 30 1234567 oder "
                    "030/1234567."),
    ("030 12", "Bitte geben Sie eine Telefonnummer mit mindestens sechs Ziffern an, z. B. +49 30 1234567 oder "
               "030/1234567."),
])
def test_call_by_phone_asks_for_a_valid_number(phone, message):
    cluster = ClusterFactory()
    response = client_for(cluster.managers.first()).post(reverse("applicant:call-request", args=[cluster.pk]), {
        "mode": "phone", "phone": phone, "slot_1": _slot(3), "slot_2": _slot(4)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AdvisoryCall.objects.count() == 0


def test_phone_number_and_email_of_the_manager_reach_the_staff_pages(django_capture_on_commit_callbacks):
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    client = client_for(manager)
    client.post(reverse("applicant:call-request", args=[cluster.pk]), {
        "mode": "phone", "phone": "+49 (0)30 / 123 45-67", "slot_1": _slot(3), "slot_2": _slot(4)})
    call = AdvisoryCall.objects.get()
    assert call.phone == "+49 (0)30 / 123 45-67"
    staff = StaffFactory()
    page = client_for(staff).get(reverse("staff:call_detail", args=[call.pk])).content.decode()
    assert f"{manager.full_name} · E-Mail {manager.email} · Telefon +49 (0)30 / 123 45-67" in page
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=local_moment(3), advisor=staff, mode="phone")
    calls.advisory_call_hold(call=call, by=staff, notes="Gut vorbereitet.", recommendation="")
    client.post(reverse("applicant:start", args=[cluster.pk]))
    application = cluster.applications.get()
    case = client_for(staff).get(reverse("staff:case_detail", args=[application.pk])).content.decode()
    assert f"{manager.full_name} · E-Mail {manager.email} · Telefon +49 (0)30 / 123 45-67" in case


def test_recommendation_of_the_held_call_is_mailed_and_shown_to_the_cluster(django_capture_on_commit_callbacks):
    cluster = ClusterFactory()
    manager, staff = cluster.managers.first(), StaffFactory()
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode="video",
                                       preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=local_moment(3), advisor=staff, mode="video")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(reverse("staff:call_action", args=[call.pk, "hold"]), {
            "hold-notes": "Intern: Akteursliste dünn.",
            "hold-recommendation": "Bitte ergänzen Sie die Akteursliste um Forschungseinrichtungen."})
    (mail,) = OutboxMail.objects.filter(event="advisory_call_held")
    assert mail.recipient == manager.email
    assert "Unsere Empfehlung an den Cluster:\nBitte ergänzen Sie die Akteursliste um Forschungseinrichtungen." in (
        mail.body_text)
    assert "Intern" not in mail.body_text  # the notes stay with the agency
    client = client_for(manager)
    recommendation = "Bitte ergänzen Sie die Akteursliste um Forschungseinrichtungen."
    assert recommendation in client.get(reverse("applicant:dashboard")).content.decode()
    client.post(reverse("applicant:start", args=[cluster.pk]))
    case = client.get(reverse("applicant:case", args=[cluster.applications.get().pk]))
    assert case.context["advisory_call"] == call
    assert recommendation in case.content.decode()
