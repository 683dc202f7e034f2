"""The applicant's pages through the test client: what each shows and what each writes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import AdvisoryCallState, ApplicationState
from applications.models import AdvisoryCall, Application
from applications.services import calls
from applications.services.workflow import apply_transition
from gocluster.outbox.models import OutboxMail
from members.selectors.eligibility import add_months
from tests.applications.builders import draft
from tests.factories import PASSWORD, ClusterFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_dashboard_without_cluster_shows_the_empty_state(client):
    response = _login(client, UserFactory()).get(reverse("applicant:dashboard"))
    assert response.status_code == 200
    assert "Noch keine Anträge – so beginnen Sie" in response.content.decode()


def test_dashboard_lists_cluster_with_call_and_open_application(manager_client, application):
    html = manager_client.get(reverse("applicant:dashboard")).content.decode()
    assert application.cluster.name in html
    assert application.case_number in html
    assert "geführt" in html


def test_dashboard_query_count_does_not_grow_with_clusters(client, django_assert_max_num_queries):
    manager = UserFactory()
    for _ in range(2):
        draft(ClusterFactory(managers=[manager]))
    _login(client, manager)
    client.get(reverse("applicant:dashboard"))  # warm the session
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("applicant:dashboard"))
    for _ in range(4):
        draft(ClusterFactory(managers=[manager]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("applicant:dashboard"))


def _slot(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def test_call_request_creates_requested_call_and_mails_the_manager(client):
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    response = _login(client, manager).post(reverse("applicant:call-request", args=[cluster.pk]), {
        "mode": "phone", "slot_1": _slot(3), "slot_2": _slot(4), "topics": "Akteursliste", "phone": "+49 30 1234567"})
    assert response.status_code == 302
    call = AdvisoryCall.objects.get(cluster=cluster)
    assert (call.state, call.mode, len(call.preferred_slots), call.topics) == ("requested", "phone", 2, "Akteursliste")
    assert call.phone == "+49 30 1234567"
    assert OutboxMail.objects.filter(recipient=manager.email, event="advisory_call_requested").count() == 1


def test_call_request_in_the_past_shows_a_german_error(client):
    cluster = ClusterFactory()
    response = _login(client, cluster.managers.first()).post(
        reverse("applicant:call-request", args=[cluster.pk]),
        {"mode": "video", "slot_1": _slot(-1), "slot_2": _slot(2)})
    assert response.status_code == 200
    assert "Bitte wählen Sie einen Termin in der Zukunft." in response.content.decode()
    assert AdvisoryCall.objects.count() == 0


def test_scheduled_call_offers_ics_and_can_be_cancelled(client):
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    staff = StaffFactory()
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode="video",
                                          preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    assert _login(client, manager).get(reverse("applicant:call-ics", args=[call.pk])).status_code == 404
    when = timezone.now() + timedelta(days=5)
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=when, advisor=staff, mode="video")
    response = client.get(reverse("applicant:call-ics", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"BEGIN:VEVENT" in b"".join(response.streaming_content)
    client.post(reverse("applicant:call-cancel", args=[call.pk]))
    call.refresh_from_db()
    assert call.state == AdvisoryCallState.CANCELLED


def test_start_creates_one_open_application_only(client):
    cluster = ClusterFactory()
    _login(client, cluster.managers.first())
    response = client.post(reverse("applicant:start", args=[cluster.pk]))
    application = Application.objects.get(cluster=cluster)
    assert response.url == reverse("applicant:case", args=[application.pk])
    client.post(reverse("applicant:start", args=[cluster.pk]))
    assert Application.objects.filter(cluster=cluster).count() == 1


def test_section_saves_and_continues_to_the_next_step(client):
    cluster = ClusterFactory()
    _login(client, cluster.managers.first())
    client.post(reverse("applicant:start", args=[cluster.pk]))
    application = Application.objects.get(cluster=cluster)
    response = client.post(reverse("applicant:section", args=[application.pk, "management"]),
                           {"management_fte": "1,5", "annual_budget_eur": "200000", "governance_bodies": "Vorstand",
                            "continue": "1"})
    assert response.status_code == 302
    assert response.url == reverse("applicant:section", args=[application.pk, "financing"])
    application.refresh_from_db()
    assert (str(application.management_fte), application.annual_budget_eur) == ("1.50", 200000)


def test_financing_shares_not_adding_up_are_refused(manager_client, application):
    response = manager_client.post(reverse("applicant:section", args=[application.pk, "financing"]), {
        "share_public_basic": "50", "share_member_fees": "30", "share_project_funds": "30",
        "share_service_revenue": "0"})
    assert response.status_code == 200
    assert "Die Anteile ergeben 110 %; zusammen müssen es 100 % sein." in response.content.decode()


def test_unknown_section_is_404(manager_client, application):
    assert manager_client.get(reverse("applicant:section", args=[application.pk, "secret"])).status_code == 404


def test_review_lists_missing_items_linking_to_their_fields(client):
    cluster = ClusterFactory()
    _login(client, cluster.managers.first())
    client.post(reverse("applicant:start", args=[cluster.pk]))
    application = Application.objects.get(cluster=cluster)
    html = client.get(reverse("applicant:review", args=[application.pk])).content.decode()
    section_url = reverse("applicant:section", args=[application.pk, "management"])
    assert f'href="{section_url}#id_management_fte"' in html
    assert f'href="{reverse("applicant:strategy", args=[application.pk])}#id_strategy_document"' in html
    assert f'href="{reverse("applicant:actors", args=[application.pk])}#id_actors"' in html


def test_submit_refused_without_held_call_shows_the_workflow_messages(client):
    application = draft(with_call=False)
    _login(client, application.cluster.managers.first())
    response = client.post(reverse("applicant:review", args=[application.pk]))
    assert response.status_code == 200
    assert "Vor der Einreichung muss ein Beratungsgespräch" in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_submit_leads_to_confirmation_with_case_number(manager_client, application):
    response = manager_client.post(reverse("applicant:review", args=[application.pk]))
    assert response.url == reverse("applicant:submitted", args=[application.pk])
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    html = manager_client.get(response.url).content.decode()
    assert application.case_number in html


def test_case_page_shows_self_check_and_timeline(manager_client, application):
    html = manager_client.get(reverse("applicant:case", args=[application.pk])).content.decode()
    assert "Selbstcheck: Qualitätskriterien" in html
    assert "Antrag angelegt" in html
    assert "6 von 6 Abschnitten vollständig." in html


def test_change_request_is_shown_and_resubmit_works(manager_client, application, manager):
    staff = StaffFactory()
    apply_transition(application=application, name="submit", by=manager)
    apply_transition(application=application, name="request_changes", by=staff, comment="Bitte Gremien ergänzen.")
    html = manager_client.get(reverse("applicant:case", args=[application.pk])).content.decode()
    assert "Bitte Gremien ergänzen." in html
    response = manager_client.post(reverse("applicant:section", args=[application.pk, "management"]), {
        "management_fte": "2", "annual_budget_eur": "1", "governance_bodies": "Vorstand, Beirat, Jury"})
    assert response.status_code == 302
    manager_client.post(reverse("applicant:review", args=[application.pk]))
    application.refresh_from_db()
    assert (application.state, application.governance_bodies) == (ApplicationState.SUBMITTED, "Vorstand, Beirat, Jury")


def test_withdraw_needs_confirmation_and_records_the_reason(manager_client, application):
    url = reverse("applicant:withdraw", args=[application.pk])
    response = manager_client.post(url, {"reason": "Neuer Anlauf"})
    assert "Bitte bestätigen Sie, dass Sie den Antrag zurückziehen möchten." in response.content.decode()
    manager_client.post(url, {"reason": "Neuer Anlauf", "confirm": "on"})
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.audit_entries.get(action="withdraw").comment == "Neuer Anlauf"


def test_withdraw_is_offered_while_the_transition_table_allows_it(manager_client, application, manager):
    case_url = reverse("applicant:case", args=[application.pk])
    withdraw_url = reverse("applicant:withdraw", args=[application.pk])
    assert f'href="{withdraw_url}"' in manager_client.get(case_url).content.decode()
    apply_transition(application=application, name="withdraw", by=manager, comment="Später")
    assert f'href="{withdraw_url}"' not in manager_client.get(case_url).content.decode()
    response = manager_client.get(withdraw_url)
    assert (response.status_code, response.url) == (302, case_url)


def test_dashboard_keeps_closed_cases_reachable(manager_client, application, manager):
    apply_transition(application=application, name="withdraw", by=manager, comment="Später")
    html = manager_client.get(reverse("applicant:dashboard")).content.decode()
    assert "Frühere Anträge" in html
    assert f'href="{reverse("applicant:case", args=[application.pk])}"' in html
    assert "Noch kein offener Antrag." in html


def test_dashboard_after_admission_welcomes_the_member_and_links_the_membership_page(client):
    from applications.enums import ApplicationState as S
    from tests.applications.builders import case_in_state

    application = case_in_state(S.ADMITTED)
    manager = application.cluster.managers.first()
    html = _login(client, manager).get(reverse("applicant:dashboard")).content.decode()
    membership = application.cluster.memberships.get()
    started = membership.started_on
    due = add_months(started, 24)
    assert "Willkommen in go-cluster" in html
    assert (f"Ihr Cluster ist seit dem {started:%d.%m.%Y} Mitglied im Programm go-cluster." in html)
    assert f"{due:%d.%m.%Y} – <span class=\"badge silver-due\">" in html
    assert f'href="{reverse("member:overview")}"' in html
    assert "Zur Mitgliedschaft: Labels, Silber-Frist und Kostenanteil" in html
    assert "Beratungsgespräch anfragen" not in html
    assert "Antrag anlegen" not in html
    assert f'href="{reverse("applicant:case", args=[application.pk])}"' in html  # the letters stay reachable


def test_member_cannot_start_an_application_or_request_an_advisory_call():
    from applications.enums import ApplicationState as S
    from applications.services import cases
    from gocluster.errors import Refusal
    from tests.applications.builders import case_in_state

    application = case_in_state(S.ADMITTED)
    cluster, manager = application.cluster, application.cluster.managers.first()
    with pytest.raises(Refusal) as refused:
        cases.application_start(cluster=cluster, by=manager)
    assert refused.value.messages == [
        f"„{cluster.name}“ ist bereits Mitglied von go-cluster; ein Antrag auf Aufnahme ist nicht nötig. "
        "Ihre Mitgliedschaft finden Sie unter „Mitgliedschaft“."
    ]
    slots = [timezone.now() + timedelta(days=3), timezone.now() + timedelta(days=4)]
    with pytest.raises(Refusal) as refused:
        calls.advisory_call_request(cluster=cluster, by=manager, mode="video", preferred_slots=slots)
    assert refused.value.messages == [
        f"„{cluster.name}“ ist bereits Mitglied von go-cluster; das Beratungsgespräch vor einem Antrag entfällt. "
        "Bei Fragen zur Mitgliedschaft erreichen Sie die Geschäftsstelle unter go-cluster@vdivde-it.de."
    ]
