from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.models import AuditEntry
from applications.services import calls, cases
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from tests.applications.builders import draft
from tests.factories import ClusterFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _slots(*days):
    return [timezone.now() + timedelta(days=d) for d in days]


# 00:30 on New Year's Day in Berlin, when UTC still says 2026: the number has Berlin's year.
@pytest.mark.time_machine("2027-01-01T00:30:00+01:00")
def test_case_numbers_count_up_per_year():
    first, second = draft(complete=False), draft(complete=False)
    assert (first.case_number, second.case_number) == ("GC-2027-0001", "GC-2027-0002")


def test_only_one_open_application_per_cluster():
    application = draft(complete=False)
    manager = application.cluster.managers.first()
    with pytest.raises(Refusal) as refused:
        cases.application_start(cluster=application.cluster, by=manager)
    assert refused.value.messages == ["Für diesen Cluster gibt es bereits einen offenen Antrag."]
    apply_transition(application=application, name="withdraw", by=manager, comment="Später")
    again = cases.application_start(cluster=application.cluster, by=manager)
    assert again.state == S.DRAFT


def test_other_clusters_manager_cannot_start_an_application():
    with pytest.raises(Refusal):
        cases.application_start(cluster=ClusterFactory(), by=UserFactory())


def test_advisory_call_lifecycle_is_audited():
    cluster = ClusterFactory()
    manager, staff = cluster.managers.first(), StaffFactory()
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode="video", preferred_slots=_slots(3, 4),
                                          topics="Kriterien")
    call = calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(days=3),
                                           advisor=staff, mode="phone", phone="+49 30 1234567")
    call = calls.advisory_call_hold(call=call, by=staff, notes="Kriterien besprochen", recommendation="Antrag")
    assert (call.state, call.mode, call.advisor) == ("held", "phone", staff)
    actions = list(AuditEntry.objects.filter(object_id=str(call.pk), action__startswith="advisory_call")
                   .values_list("action", "to_state"))
    assert actions == [("advisory_call_request", "requested"), ("advisory_call_schedule", "scheduled"),
                       ("advisory_call_hold", "held")]


def test_advisory_call_request_needs_two_to_three_future_slots():
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    for slots in (_slots(3), _slots(1, 2, 3, 4), _slots(-1, 2)):
        with pytest.raises(Refusal) as refused:
            calls.advisory_call_request(cluster=cluster, by=manager, mode="video", preferred_slots=slots)
        assert refused.value.messages == ["Bitte schlagen Sie zwei bis drei Termine in der Zukunft vor."]


def test_advisory_call_cannot_be_held_before_it_is_scheduled():
    cluster = ClusterFactory()
    call = calls.advisory_call_request(cluster=cluster, by=cluster.managers.first(), mode="phone",
                                          preferred_slots=_slots(2, 3), phone="0351 / 46 33 10")
    with pytest.raises(Refusal) as refused:
        calls.advisory_call_hold(call=call, by=StaffFactory(), notes="x", recommendation="")
    assert refused.value.messages == [
        "Das Beratungsgespräch ist im Status „angefragt“; dieser Schritt ist nicht möglich."
    ]
    cancelled = calls.advisory_call_cancel(call=call, by=cluster.managers.first(), reason="Terminkonflikt")
    assert cancelled.state == "cancelled"


def test_transition_notifications_reach_the_outbox(django_capture_on_commit_callbacks):
    from gocluster.outbox.models import OutboxMail

    application = draft()
    manager = application.cluster.managers.first()
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="submit", by=manager)
    mails = {(m.recipient, m.subject) for m in OutboxMail.objects.all()}
    assert mails == {
        (manager.email, f"Ihr Antrag {application.case_number} ist eingegangen"),
        ("go-cluster@vdivde-it.de", f"Neuer Antrag {application.case_number} eingereicht"),
    }
    mail = OutboxMail.objects.get(recipient=manager.email)
    assert mail.state == "sent"
    assert application.case_number in mail.body_text
    assert "<p>Guten Tag,</p>" in mail.body_html


def test_interview_invitation_carries_a_calendar_file(django_capture_on_commit_callbacks):
    from gocluster.outbox.models import OutboxMail
    from tests.applications.builders import Cast, case_in_state

    cast = Cast()
    application = case_in_state(S.IN_REVIEW, cast)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="schedule_interview", by=cast.staff,
                         scheduled_at=timezone.now() + timedelta(days=5), location="Berlin, Steinplatz 1",
                         interviewers=[cast.staff])
    mail = OutboxMail.objects.get(recipient=cast.staff.email, event="interview_scheduled")
    attachment = mail.attachments.get()
    content = bytes(attachment.content).decode()
    assert attachment.content_type == "text/calendar"
    assert "LOCATION:Berlin\\, Steinplatz 1" in content
    assert f"SUMMARY:go-cluster Aufnahmegespräch {application.case_number}" in content
