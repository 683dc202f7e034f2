import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from applications.enums import AdvisoryCallState, ApplicationState as S
from applications.exports import neutralise
from applications.models import AuditEntry
from applications.services import calls
from gocluster.outbox.models import OutboxMail
from members.enums import Role
from tests.applications.builders import Cast, case_in_state, draft
from tests.applications.helpers import client_for, form_datetime, local_moment
from tests.factories import AdvisoryCallFactory, ClusterFactory, StaffFactory, TechnologyFieldFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Cluster", "Cluster"), (None, ""),
])
def test_neutralise_prefixes_formula_cells(value, expected):
    assert neutralise(value) == expected


def test_dashboard_shows_pipeline_and_waiting_counts():
    cast = Cast()
    case_in_state(S.SUBMITTED, cast)
    case_in_state(S.CHANGES_REQUESTED, cast)
    case_in_state(S.VOTING, cast)
    response = client_for(cast.staff).get("/geschaeftsstelle/")
    assert response.status_code == 200
    rows = {row.state: row.count for row in response.context["pipeline"]}
    assert (rows["submitted"], rows["changes_requested"], rows["voting"], rows["admitted"]) == (1, 1, 1, 0)
    assert response.context["waiting"] == {"staff": 1, "applicant": 1, "voters": 1}
    assert [r.application for r in response.context["closing_soon"]] == []


def test_dashboard_lists_overdue_submission():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    type(case).objects.filter(pk=case.pk).update(state_changed_at=timezone.now() - timedelta(days=20))
    response = client_for(cast.staff).get("/geschaeftsstelle/")
    assert [item.application.pk for item in response.context["overdue"]] == [case.pk]


def _cases(n):
    cast = Cast()
    field = TechnologyFieldFactory()
    for _ in range(n):
        cluster = ClusterFactory()
        cluster.technology_fields.add(field)
        draft(cluster)
    return cast


@pytest.mark.parametrize("path", ["/geschaeftsstelle/", "/geschaeftsstelle/faelle/"])
def test_list_query_count_is_constant(path):
    cast = _cases(5)
    client = client_for(cast.staff)
    client.get(path)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as five:
        assert client.get(path).status_code == 200
    for _ in range(45):
        draft()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(path).status_code == 200
    assert len(fifty) == len(five)


def test_case_page_query_count_is_constant():
    cast = Cast()
    for _ in range(4):
        case_in_state(S.SUBMITTED, cast)
    case = case_in_state(S.VOTING, cast)
    client = client_for(cast.staff)
    url = f"/geschaeftsstelle/faelle/{case.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    for _ in range(45):
        draft()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(five)


def test_case_list_filters_by_state_bundesland_field_and_search():
    cast = Cast()
    field = TechnologyFieldFactory(name="Photonik")
    bavarian = ClusterFactory(name="Photonik Bayern", bundesland="BY")
    bavarian.technology_fields.add(field)
    wanted = draft(bavarian)
    draft(ClusterFactory(name="Wasserstoff Nord", bundesland="HH"))
    client = client_for(cast.staff)
    for query in ("bundesland=BY", f"technology_field={field.pk}", "q=photonik", "state=draft&bundesland=BY"):
        response = client.get(f"/geschaeftsstelle/faelle/?{query}")
        assert [c.pk for c in response.context["page"].object_list] == [wanted.pk], query


def test_case_list_is_paginated_by_25():
    cast = _cases(27)
    response = client_for(cast.staff).get("/geschaeftsstelle/faelle/?sort=case_number")
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?sort=case_number&amp;seite=2"' in response.text
    second = client_for(cast.staff).get("/geschaeftsstelle/faelle/?sort=case_number&seite=2")
    assert len(second.context["page"].object_list) == 2
    assert 'href="?sort=case_number&amp;seite=1"' in second.text


def test_csv_export_of_filtered_list_is_neutralised():
    cast = Cast()
    draft(ClusterFactory(name="=HYPERLINK(\"x\")", bundesland="BY"))
    draft(ClusterFactory(name="Anderer", bundesland="HH"))
    response = client_for(cast.staff).get("/geschaeftsstelle/faelle/export.csv?bundesland=BY")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(\"x\")"


def test_xlsx_export_is_neutralised():
    cast = Cast()
    draft(ClusterFactory(name="+Cluster"))
    response = client_for(cast.staff).get("/geschaeftsstelle/faelle/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["B2"].value == "'+Cluster"
    assert sheet["A1"].value == "Aktenzeichen"


def test_xlsx_export_with_control_characters_in_a_cluster_name_does_not_fail():
    # Finding 12: a name stored before the forms refused control characters made the export a 500.
    cast = Cast()
    draft(ClusterFactory(name="Cluster\x07 mit\x1b Steuerzeichen\u202e"))
    response = client_for(cast.staff).get("/geschaeftsstelle/faelle/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["B2"].value == "Cluster mit Steuerzeichen"
    response = client_for(cast.staff).get("/geschaeftsstelle/faelle/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "Cluster mit Steuerzeichen"


def test_unknown_export_format_is_404():
    staff = StaffFactory()
    assert client_for(staff).get("/geschaeftsstelle/faelle/export.pdf").status_code == 404


def test_advisory_call_schedule_queues_invitation_with_ics(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    call = AdvisoryCallFactory()
    client = client_for(staff)
    assert client.get("/geschaeftsstelle/beratung/").status_code == 200
    when = form_datetime(local_moment(2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/geschaeftsstelle/beratung/{call.pk}/schedule/", {
            "schedule-scheduled_at": when, "schedule-mode": "phone", "schedule-advisor": staff.pk,
            "schedule-phone": "030 1234567"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.state, call.mode, call.advisor, call.phone) == (AdvisoryCallState.SCHEDULED, "phone", staff,
                                                                 "030 1234567")
    mails = OutboxMail.objects.filter(event="advisory_call_scheduled")
    assert sorted(m.recipient for m in mails) == sorted([call.cluster.managers.first().email, staff.email])
    assert [a.filename for a in mails[0].attachments.all()] == ["beratungsgespraech.ics"]


def test_advisory_call_hold_cancel_and_no_show():
    staff = StaffFactory()
    client = client_for(staff)
    scheduled = []
    for _ in range(3):
        call = AdvisoryCallFactory()
        calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(hours=1),
                                     advisor=staff, mode="video")
        scheduled.append(call)
    response = client.post(f"/geschaeftsstelle/beratung/{scheduled[0].pk}/hold/", {"hold-notes": "Kriterien erklärt",
                                                                             "hold-recommendation": "Antrag stellen"})
    assert response.status_code == 302
    response = client.post(f"/geschaeftsstelle/beratung/{scheduled[1].pk}/cancel/", {"cancel-reason": "krank"})
    assert response.status_code == 302
    assert client.post(f"/geschaeftsstelle/beratung/{scheduled[2].pk}/no_show/").status_code == 302
    states = [type(c).objects.get(pk=c.pk).state for c in scheduled]
    assert states == [AdvisoryCallState.HELD, AdvisoryCallState.CANCELLED, AdvisoryCallState.NO_SHOW]
    response = client.post(f"/geschaeftsstelle/beratung/{scheduled[0].pk}/cancel/", {"cancel-reason": "doppelt"})
    assert "dieser Schritt ist nicht möglich" in response.content.decode()


def test_hold_without_notes_shows_error_summary():
    staff = StaffFactory()
    call = AdvisoryCallFactory()
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(hours=1),
                                    advisor=staff, mode="video")
    response = client_for(staff).post(f"/geschaeftsstelle/beratung/{call.pk}/hold/", {"hold-notes": ""})
    assert "data-error-summary" in response.content.decode()


def test_board_management_assigns_and_removes_roles_keeping_votes():
    cast = Cast()
    case_in_state(S.ADMITTED, cast)
    newcomer = UserFactory(email="neu@example.org")
    client = client_for(cast.staff)
    response = client.post("/geschaeftsstelle/gremien/", {"email": "neu@example.org", "role": Role.BOARD})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.role == Role.BOARD
    leaving = cast.board[0]
    assert client.post(f"/geschaeftsstelle/gremien/{leaving.pk}/entfernen/").status_code == 302
    leaving.refresh_from_db()
    assert leaving.role == Role.CLUSTER_MANAGER
    assert leaving.votes.count() == 1
    assert AuditEntry.objects.filter(action="voter_role_set").count() == 2


def test_board_management_refuses_staff_and_cluster_managers():
    cast = Cast()
    manager = ClusterFactory().managers.first()
    client = client_for(cast.staff)
    response = client.post("/geschaeftsstelle/gremien/", {"email": manager.email, "role": Role.BOARD})
    assert "betreut einen Cluster" in response.content.decode()
    other_staff = StaffFactory()
    response = client.post("/geschaeftsstelle/gremien/", {"email": other_staff.email, "role": Role.MINISTRY})
    assert "Konten der Geschäftsstelle" in response.content.decode()


# Submitted at 00:30 on New Year's Day in Berlin (UTC: 31 December, 23:30): the filter goes by Berlin's date.
@pytest.mark.time_machine("2027-01-01T00:30:00+01:00")
def test_case_list_filters_by_submission_date_and_advisor():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    draft()
    client = client_for(cast.staff)
    today = "2027-01-01"
    response = client.get(f"/geschaeftsstelle/faelle/?submitted_from={today}&submitted_to={today}")
    assert [c.pk for c in response.context["page"].object_list] == [case.pk]
    response = client.get("/geschaeftsstelle/faelle/?submitted_to=2026-12-31")
    assert [c.pk for c in response.context["page"].object_list] == []
    advisor = case.advisory_call.advisor
    response = client.get(f"/geschaeftsstelle/faelle/?advisor={advisor.pk}")
    assert [c.pk for c in response.context["page"].object_list] == [case.pk]
