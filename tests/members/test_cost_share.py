"""Cost-share requests: submit, approve within the budget, wait-list, move up, decision mail and letter."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gocluster.errors import Refusal
from gocluster.outbox.models import OutboxMail
from members.models import CostShareRequest, WaitlistPromotion
from members.selectors.membership import waitlist
from members.services import memberships
from members.services.notifications import decision_letter_pdf
from tests.factories import StaffFactory, UserFactory, make_pdf
from tests.members.builders import TODAY, budget, member, request_args
from tests.pdf import unwrapped

pytestmark = pytest.mark.django_db(transaction=False)


def submit(cluster, **overrides):
    return memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(), today=TODAY,
                                              **request_args(**overrides))


def test_cost_share_submit_records_amount_tariff_and_year(django_capture_on_commit_callbacks):
    cluster = member()
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cluster, evidence=SimpleUploadedFile("n.pdf", make_pdf(1), "application/pdf"))
    assert (request.state, request.amount, request.budget_year, request.requested_on) == (
        "submitted", Decimal("4160.00"), 2026, TODAY)
    assert request.reference == f"KA-2026-{request.pk:04d}"
    assert request.evidence.name.endswith(".pdf")
    assert request.evidence_name == "n.pdf"
    assert list(OutboxMail.objects.values_list("event", "recipient")) == [
        ("cost_share_submitted", cluster.managers.first().email)]


def test_cost_share_submit_by_another_manager_is_refused():
    with pytest.raises(Refusal) as error:
        memberships.cost_share_request_submit(cluster=member(), by=UserFactory(), today=TODAY, **request_args())
    assert error.value.messages == ["Nur das Clustermanagement dieses Clusters kann einen Kostenanteil beantragen."]


def test_cost_share_submit_when_not_eligible_gives_the_reasons():
    with pytest.raises(Refusal) as error:
        submit(member(), no_other_cost_share=False, planned_start=TODAY)
    assert len(error.value.messages) == 2


def test_cost_share_second_open_request_is_refused():
    cluster = member()
    submit(cluster)
    with pytest.raises(Refusal) as error:
        submit(cluster)
    assert error.value.messages == ["Für diesen Cluster liegt bereits ein offener Antrag auf einen Kostenanteil vor."]


def test_cost_share_approve_within_budget_sends_mail_with_letter(django_capture_on_commit_callbacks):
    budget(2026, "10000")
    cluster = member()
    request = submit(cluster)
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        memberships.cost_share_approve(request=request, by=staff)
    request.refresh_from_db()
    assert (request.state, request.decided_by) == ("approved", staff)
    mail = OutboxMail.objects.get(event="cost_share_decision")
    assert mail.subject == f"Entscheidung zu Ihrem Antrag auf einen Kostenanteil {request.reference}"
    attachment = mail.attachments.get()
    assert attachment.filename == f"Bescheid-{request.reference}.pdf"
    assert bytes(attachment.content).startswith(b"%PDF-")


def test_cost_share_approve_beyond_budget_is_refused():
    budget(2026, "8000")
    first, second = submit(member()), submit(member())
    staff = StaffFactory()
    memberships.cost_share_approve(request=first, by=staff)
    with pytest.raises(Refusal) as error:
        memberships.cost_share_approve(request=second, by=staff)
    assert error.value.messages == [
        "Das Budget 2026 reicht nicht: verfügbar sind 3.840\u00a0€, beantragt 4.160\u00a0€. "
        "Setzen Sie den Antrag auf die Warteliste."]
    second.refresh_from_db()
    assert second.state == "submitted"


def test_cost_share_approve_without_budget_for_the_year_is_refused():
    with pytest.raises(Refusal) as error:
        memberships.cost_share_approve(request=submit(member()), by=StaffFactory())
    assert error.value.messages == ["Für 2026 ist noch kein Budget für Kostenanteile eingetragen."]


def test_cost_share_approve_by_a_manager_is_refused():
    budget(2026, "10000")
    request = submit(member())
    with pytest.raises(Refusal):
        memberships.cost_share_approve(request=request, by=request.requested_by)


def test_cost_share_reject_needs_a_reason():
    with pytest.raises(Refusal) as error:
        memberships.cost_share_reject(request=submit(member()), by=StaffFactory(), note=" ")
    assert error.value.messages == ["Bitte begründen Sie die Ablehnung; die Begründung steht im Bescheid."]


def test_cost_share_waitlisted_move_up_in_order_when_staff_let_them_after_a_withdrawal():
    budget(2026, "9000")
    staff = StaffFactory()
    approved, other = submit(member()), submit(member())
    memberships.cost_share_approve(request=approved, by=staff)
    memberships.cost_share_approve(request=other, by=staff, note="")
    first_waiting = submit(member())
    second_waiting = submit(member(), kind="recertification")
    memberships.cost_share_waitlist(request=first_waiting, by=staff)
    memberships.cost_share_waitlist(request=second_waiting, by=staff)
    memberships.cost_share_withdraw(request=approved, by=approved.requested_by)
    # The withdrawal decides nothing for anyone else: staff let the wait list move up themselves.
    assert sorted(CostShareRequest.objects.filter(state="waitlisted").values_list("pk", flat=True)) == [
        first_waiting.pk, second_waiting.pk]
    moved = memberships.waitlist_promote(year=2026, by=staff, expected=[first_waiting.pk])
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    # 9000 - 4160 = 4840: room for the first in line (4160), not for both.
    assert (first_waiting.state, second_waiting.state) == ("approved", "waitlisted")
    assert (moved, first_waiting.decided_by) == ([first_waiting], staff)
    record = WaitlistPromotion.objects.get()
    assert (record.promoted_by, record.available_before, list(record.requests.all())) == (
        staff, Decimal("4840.00"), [first_waiting])


def test_cost_share_waitlist_keeps_its_order_when_the_first_does_not_fit():
    budget(2026, "12000")
    staff = StaffFactory()
    for request in (submit(member()), submit(member(), kind="recertification")):
        memberships.cost_share_approve(request=request, by=staff)
    freed = submit(member(), kind="recertification")
    memberships.cost_share_approve(request=freed, by=staff)  # 4160 + 3725 + 3725 = 11610 of 12000
    big, small = submit(member()), submit(member(), kind="recertification")
    memberships.cost_share_waitlist(request=big, by=staff)
    memberships.cost_share_waitlist(request=small, by=staff)
    memberships.cost_share_reject(request=freed, by=staff, note="Nachweis ungültig.")
    waiting, moving = waitlist(2026)
    assert (waiting, moving) == ([big, small], [])
    with pytest.raises(Refusal) as error:
        memberships.waitlist_promote(year=2026, by=staff, expected=[])
    assert error.value.messages == ["Derzeit kann kein Antrag nachrücken: verfügbar sind 4.115\u00a0€."]
    big.refresh_from_db()
    small.refresh_from_db()
    # 4115 EUR free: not enough for the first in line (4160); the second (3725) must not overtake it.
    assert (big.state, small.state) == ("waitlisted", "waitlisted")


def test_cost_share_withdraw_of_a_decided_request_is_refused():
    request = submit(member())
    memberships.cost_share_reject(request=request, by=StaffFactory(), note="Nein.")
    with pytest.raises(Refusal) as error:
        memberships.cost_share_withdraw(request=request, by=request.requested_by)
    assert error.value.messages == ["Der Antrag ist bereits abgeschlossen."]


def test_cost_share_decision_letter_names_the_amount_and_the_case():
    import subprocess

    budget(2026, "10000")
    request = submit(member())
    memberships.cost_share_approve(request=request, by=StaffFactory())
    request.refresh_from_db()
    pdf = decision_letter_pdf(request)

    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    # Compared without line wrapping: a line may also break after the hyphen of "Gold-Label" or the reference.
    assert unwrapped(f"Bescheid über Ihren Antrag auf einen Kostenanteil am Gold-Label ({request.reference})") in (
        unwrapped(text))
    assert unwrapped("4.160,00 EUR (netto)") in unwrapped(text)


def test_cost_share_prerequisite_dates_are_stored():
    request = submit(member(), prerequisite="gold", prerequisite_on=date(2023, 1, 2))
    assert (request.prerequisite, request.prerequisite_on) == ("gold", date(2023, 1, 2))


def test_cost_share_budget_raised_in_the_admin_decides_nothing_and_mails_nobody(client,
                                                                              django_capture_on_commit_callbacks):
    from django.test import override_settings

    from members.models import CostShareBudget

    pool = budget(2026, "4000")
    waiting = submit(member())
    waitlisting_staff = StaffFactory()
    memberships.cost_share_waitlist(request=waiting, by=waitlisting_staff)
    admin = StaffFactory(email="root@example.org")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    with override_settings(GOCLUSTER_REQUIRE_MFA=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/verwaltung/members/costsharebudget/{pool.pk}/change/",
                               {"year": "2026", "total": "9000.00"})
    assert response.status_code == 302
    assert CostShareBudget.objects.get().total == Decimal("9000.00")
    waiting.refresh_from_db()
    assert (waiting.state, waiting.decided_by) == ("waitlisted", waitlisting_staff)
    assert OutboxMail.objects.filter(event="cost_share_decision").count() == 0


def test_cost_share_letter_is_stored_per_decision_and_sent_once(django_capture_on_commit_callbacks):
    from gocluster.documents.models import DocumentKind
    from gocluster.documents.services import documents_of
    from gocluster.outbox.models import OutboxMail
    from members.services.notifications import notify_cost_share_decision

    budget(2026, "10000")
    request = submit(member())
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        memberships.cost_share_waitlist(request=request, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        memberships.cost_share_approve(request=request, by=staff)
    notify_cost_share_decision(request.pk)  # a re-delivered task sends nothing again
    letters = documents_of(request, DocumentKind.COST_SHARE_LETTER).order_by("version")
    assert [(d.version, d.sent_at is not None) for d in letters] == [(1, True), (2, True)]
    assert OutboxMail.objects.filter(event="cost_share_decision").count() == 2
    assert [a.filename for a in OutboxMail.objects.filter(event="cost_share_decision").last().attachments.all()] == [
        letters[1].download_name]
