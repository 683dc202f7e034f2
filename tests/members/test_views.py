"""Member, staff and public pages: who gets what, the forms, and constant query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.enums import LABEL_RANK, LabelLevel
from members.models import CostShareRequest, LabelRecord
from members.selectors.directory import LABEL_RANK_SQL, directory_members
from members.selectors.eligibility import add_months, best_valid_label
from members.services import memberships
from tests.factories import (
    BoardMemberFactory,
    ClusterFactory,
    MinistryFactory,
    StaffFactory,
    TechnologyFieldFactory,
    UserFactory,
    make_pdf,
)
from tests.members.builders import budget, label, member

# The member pages apply date rules (Silver due, planned start after today, this year's budget): they run on
# TODAY of tests/members/builders.py, 10:00 Berlin time, whatever the clock says.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-06-15T10:00:00+02:00")]


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False


def today():
    return timezone.localdate()


def a_request(cluster):
    return memberships.cost_share_request_submit(
        cluster=cluster, by=cluster.managers.first(), kind="first", planned_start=today() + timedelta(days=30),
        prerequisite="silver", prerequisite_on=date(2024, 1, 1), no_other_cost_share=True)


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["members_staff:list", "members_staff:cost_shares"])
def test_staff_pages_anonymous_to_login_other_roles_404(client, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for user in (UserFactory(), MinistryFactory(), BoardMemberFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_member_overview_is_for_managers_only(client):
    url = reverse("member:overview")
    assert client.get(url).status_code == 302
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 404
    cluster = member(started_on=add_months(today(), -3))
    client.force_login(cluster.managers.first())
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["entries"][0]["silver"].status == "due"
    assert "Silber-Label fällig bis" in response.text


def test_cost_share_of_another_cluster_is_404_for_a_manager(client):
    request = a_request(member())
    client.force_login(member().managers.first())
    for name in ("member:cost_share", "member:cost_share_letter", "member:cost_share_evidence"):
        assert client.get(reverse(name, args=[request.pk])).status_code == 404
    assert client.post(reverse("member:cost_share_withdraw", args=[request.pk])).status_code == 404
    client.force_login(request.requested_by)
    assert client.get(reverse("member:cost_share", args=[request.pk])).status_code == 200


def test_cost_share_form_of_another_cluster_is_404(client):
    client.force_login(member().managers.first())
    assert client.get(reverse("member:cost_share_new", args=[member().pk])).status_code == 404


def test_cost_share_letter_only_after_a_decision(client, django_capture_on_commit_callbacks):
    budget(today().year, "10000")
    request = a_request(member())
    client.force_login(request.requested_by)
    assert client.get(reverse("member:cost_share_letter", args=[request.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        memberships.cost_share_approve(request=request, by=StaffFactory())
    response = client.get(reverse("member:cost_share_letter", args=[request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_label_certificate_download_is_checked(client):
    cluster = member()
    from django.core.files.uploadedfile import SimpleUploadedFile

    record = memberships.label_record_add(cluster=cluster, level="bronze", assessed_on=date(2025, 2, 1),
                                          by=StaffFactory(),
                                          certificate=SimpleUploadedFile("z.pdf", make_pdf(1), "application/pdf"))
    url = reverse("member:label_certificate", args=[record.pk])
    client.force_login(member().managers.first())
    assert client.get(url).status_code == 404
    client.force_login(cluster.managers.first())
    assert client.get(url).status_code == 200


# --- The cost-share form -----------------------------------------------------------------------


def form_data(**overrides):
    data = {"kind": "first", "planned_start": (today() + timedelta(days=40)).isoformat(), "prerequisite": "silver",
            "prerequisite_on": "2024-05-02", "no_other_cost_share": "on", "action": "check"}
    return {**data, **overrides}


def test_cost_share_form_check_explains_and_does_not_send(client):
    cluster = member()
    client.force_login(cluster.managers.first())
    url = reverse("member:cost_share_new", args=[cluster.pk])
    response = client.post(url, form_data(no_other_cost_share=""))
    assert response.status_code == 200
    assert response.context["check"].eligible is False
    assert 'value="send"' not in response.text
    response = client.post(url, form_data())
    assert response.context["check"].eligible is True
    assert 'value="send"' in response.text
    assert CostShareRequest.objects.count() == 0


def test_cost_share_form_send_creates_the_request(client):
    cluster = member()
    client.force_login(cluster.managers.first())
    response = client.post(reverse("member:cost_share_new", args=[cluster.pk]), form_data(action="send"))
    request = CostShareRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("member:cost_share", args=[request.pk])


def test_cost_share_form_refuses_a_file_that_is_not_a_pdf(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cluster = member()
    client.force_login(cluster.managers.first())
    response = client.post(reverse("member:cost_share_new", args=[cluster.pk]), {
        **form_data(action="send"), "evidence": SimpleUploadedFile("x.pdf", b"<html>nope</html>", "application/pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == [
        "Die Datei ist kein PDF. Bitte laden Sie eine PDF-Datei hoch."]
    assert CostShareRequest.objects.count() == 0


def test_cost_share_evidence_checked_on_the_first_step_is_sent_with_the_request(client):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    cluster = member()
    client.force_login(cluster.managers.first())
    url = reverse("member:cost_share_new", args=[cluster.pk])
    pdf = make_pdf(2)
    response = client.post(url, {**form_data(), "evidence": SimpleUploadedFile("Silber-Zertifikat.pdf", pdf,
                                                                                 "application/pdf")})
    assert response.context["check"].eligible is True
    assert ("Ihr Nachweis „Silber-Zertifikat.pdf“ ist geprüft und wird mit dem Antrag gesendet."
            in response.content.decode())
    # "Antrag verbindlich senden": the browser sends the fields again, but not the file.
    response = client.post(url, form_data(action="send"))
    assert response.status_code == 302
    request = CostShareRequest.objects.get()
    assert request.evidence_name == "Silber-Zertifikat.pdf"
    with request.evidence.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 2  # the file uploaded on the first step (two pages)
    # The waiting copy is gone once it was sent.
    assert default_storage.listdir("held-uploads")[1] == []


def test_cost_share_evidence_held_for_one_cluster_is_not_sent_with_a_fresh_form(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cluster = member()
    client.force_login(cluster.managers.first())
    url = reverse("member:cost_share_new", args=[cluster.pk])
    client.post(url, {**form_data(), "evidence": SimpleUploadedFile("n.pdf", make_pdf(1), "application/pdf")})
    assert client.get(url).context["held_evidence"] is None
    client.post(url, form_data(action="send"))
    assert CostShareRequest.objects.get().evidence.name == ""


def test_staff_decide_approve_and_overdraw_message(client):
    budget(today().year, "5000")
    first, second = a_request(member()), a_request(member())
    client.force_login(StaffFactory())
    response = client.post(reverse("members_staff:cost_share", args=[first.pk]), {"action": "approve", "note": ""})
    assert response.status_code == 302
    response = client.post(reverse("members_staff:cost_share", args=[second.pk]), {"action": "approve", "note": ""})
    assert response.status_code == 400
    assert response.context["errors"][0].startswith(f"Das Budget {today().year} reicht nicht")
    response = client.post(reverse("members_staff:cost_share", args=[second.pk]), {"action": "waitlist", "note": ""})
    second.refresh_from_db()
    assert second.state == "waitlisted"


def test_staff_member_detail_records_label_and_notice(client):
    cluster = member()
    membership = cluster.memberships.get()
    client.force_login(StaffFactory())
    assert client.get(reverse("members_staff:member", args=[membership.pk])).status_code == 200
    response = client.post(reverse("members_staff:label_add", args=[membership.pk]),
                           {"level": "silver", "assessed_on": "2026-01-15"})
    assert response.status_code == 302
    assert cluster.labels.get().valid_until == date(2028, 1, 31)
    response = client.post(reverse("members_staff:label_add", args=[membership.pk]),
                           {"level": "gold", "assessed_on": "2026-01-15"})
    assert response.status_code == 400
    response = client.post(reverse("members_staff:status", args=[membership.pk]),
                           {"action": "notice", "effective_on": "2026-02-01", "comment": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "notice_given"


# --- Query counts --------------------------------------------------------------------------------


def make_members(n):
    fields = [TechnologyFieldFactory() for _ in range(3)]
    clusters = ClusterFactory.create_batch(n, managers=[])
    for index, cluster in enumerate(clusters):
        cluster.technology_fields.set(fields[: 1 + index % 3])
        memberships.membership_start(cluster=cluster, started_on=add_months(today(), -(index % 40)), by=None)
        if index % 2:
            label(cluster, "silver" if index % 4 == 1 else "gold", add_months(today(), -3))


def count_queries(client, url):
    client.get(url)  # warm up: the first request of a session writes session bookkeeping
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_query_count_is_the_same_for_10_and_200_members(client):
    make_members(10)
    small = count_queries(client, "/mitglieder/")
    small_filtered = count_queries(client, "/mitglieder/?label=silver&q=cluster")
    make_members(190)
    assert count_queries(client, "/mitglieder/") == small
    assert count_queries(client, "/mitglieder/?label=silver&q=cluster") == small_filtered


def test_staff_member_list_query_count_is_the_same_for_10_and_200_members(client):
    client.force_login(StaffFactory())
    make_members(10)
    small = count_queries(client, reverse("members_staff:list"))
    make_members(190)
    assert count_queries(client, reverse("members_staff:list")) == small


def test_staff_cost_share_list_query_count_is_constant(client):
    client.force_login(StaffFactory())
    a_request(member())
    small = count_queries(client, reverse("members_staff:cost_shares"))
    for _ in range(5):
        a_request(member())
    assert count_queries(client, reverse("members_staff:cost_shares")) == small


# --- Public pages ------------------------------------------------------------------------------


def test_directory_filters_and_profile(client):
    field = TechnologyFieldFactory(name="Photonik", slug="photonik")
    shown = member(ClusterFactory(name="Lichtcluster Jena", bundesland="TH", city="Jena"))
    shown.technology_fields.set([field])
    label(shown, "silver", add_months(today(), -2))
    member(ClusterFactory(name="Anderes Cluster", bundesland="BY"))
    ClusterFactory(name="Kein Mitglied", bundesland="TH")
    response = client.get("/mitglieder/?bundesland=TH&field=photonik&label=silver&q=licht")
    assert [m.name for m in response.context["page"].object_list] == ["Lichtcluster Jena"]
    assert [m.name for m in client.get("/mitglieder/?bundesland=TH").context["page"].object_list] == [
        "Lichtcluster Jena"]
    profile = client.get(f"/mitglieder/{shown.pk}/")
    assert profile.status_code == 200
    assert profile.context["member"].label_name == "Silber"
    assert "Mitglied seit" in profile.text
    non_member = ClusterFactory()
    assert client.get(f"/mitglieder/{non_member.pk}/").status_code == 404


def test_directory_figures_count_per_land_and_label(client):
    member(ClusterFactory(bundesland="TH"))
    member(ClusterFactory(bundesland="TH"))
    member(ClusterFactory(bundesland="HH"))
    figures = client.get("/mitglieder/").context["figures"]
    counts = {code: n for code, _name, n in figures.by_land}
    assert (counts["TH"], counts["HH"], counts["BY"], figures.total) == (2, 1, 0, 3)
    assert figures.by_label[-1][1] == 3


def test_directory_best_label_in_sql_ranks_like_the_python_ranking():
    cluster = member(ClusterFactory())
    for level in (LabelLevel.SILVER, LabelLevel.GOLD, LabelLevel.BRONZE):
        label(cluster, level, add_months(today(), -1))
    ranks = dict(LabelRecord.objects.annotate(rank=LABEL_RANK_SQL).values_list("level", "rank"))
    assert ranks == {level: LABEL_RANK[level] for level in LabelLevel.values}
    best = best_valid_label(list(cluster.labels.all()), today())
    assert directory_members(today=today()).get(pk=cluster.pk).label_level == best.level == LabelLevel.GOLD


@pytest.mark.parametrize(("path", "german", "english"), [
    ("/", "In fünf Schritten zur Aufnahme", "Admission in five steps"),
    ("/kriterien/", "Aufnahmekriterien", "Admission criteria"),
    ("/glossar/", "Glossar", "Glossary"),
    ("/kontakt/", "Kontakt", "Contact"),
    ("/impressum/", "Impressum", "Legal notice"),
    ("/datenschutz/", "Datenschutzerklärung", "Privacy policy"),
    ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit", "Accessibility statement"),
])
def test_programme_pages_in_german_and_english(client, path, german, english):
    assert german in client.get(path).text
    client.cookies["django_language"] = "en"
    response = client.get(path)
    assert english in response.text
    assert response["Content-Language"] == "en"


def test_criteria_page_lists_the_criteria_data(client):
    from applications.models import QualityCriterion

    criterion = QualityCriterion.objects.filter(active=True).first()
    assert criterion.requirement in client.get("/kriterien/").text


# --- Letting the wait list move up ----------------------------------------------------------------


def test_waitlist_moves_up_only_after_staff_saw_which_requests_and_confirmed(client,
                                                                             django_capture_on_commit_callbacks):
    from gocluster.outbox.models import OutboxMail
    from members.models import CostShareBudget, WaitlistPromotion

    budget(today().year, "4160")
    staff = StaffFactory()
    first, second, third = a_request(member()), a_request(member()), a_request(member())
    memberships.cost_share_approve(request=first, by=staff)
    for waiting in (second, third):
        memberships.cost_share_waitlist(request=waiting, by=staff)
    memberships.cost_share_withdraw(request=first, by=first.requested_by)
    CostShareBudget.objects.filter(year=today().year).update(total="10000")
    client.force_login(staff)
    assert 'href="/portal/mitglieder/kostenanteile/warteliste/"' in client.get(
        reverse("members_staff:cost_shares")).content.decode()
    url = reverse("members_staff:waitlist")
    page = client.get(url)
    # 10.000 € free: both fit (2 x 4.160 €); the page says so before anything is decided.
    assert [r.pk for r in page.context["moving"]] == [second.pk, third.pk]
    assert page.context["expected"] == f"{second.pk},{third.pk}"
    assert CostShareRequest.objects.filter(state="waitlisted").count() == 2
    refused = client.post(url, {"expected": f"{second.pk},{third.pk}"})
    assert "Bitte bestätigen Sie, dass die angezeigten Anträge nachrücken sollen." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"expected": f"{second.pk},{third.pk}", "confirm": "on"})
    assert response.status_code == 302
    assert sorted(CostShareRequest.objects.filter(state="approved").values_list("pk", "decided_by")) == [
        (second.pk, staff.pk), (third.pk, staff.pk)]
    record = WaitlistPromotion.objects.get()
    assert (record.promoted_by, sorted(r.pk for r in record.requests.all())) == (staff, [second.pk, third.pk])
    assert OutboxMail.objects.filter(event="cost_share_decision").count() == 2


def test_waitlist_that_changed_since_the_page_was_shown_decides_nothing(client):
    budget(today().year, "10000")
    staff = StaffFactory()
    waiting, newer = a_request(member()), a_request(member())
    memberships.cost_share_waitlist(request=waiting, by=staff)
    client.force_login(staff)
    # The page showed only `waiting`; meanwhile `newer` was wait-listed too.
    memberships.cost_share_waitlist(request=newer, by=staff)
    response = client.post(reverse("members_staff:waitlist"), {"expected": f"{waiting.pk}", "confirm": "on"})
    assert response.status_code == 400
    assert ("Die Warteliste hat sich inzwischen geändert. Bitte prüfen Sie erneut, welche Anträge nachrücken."
            in response.content.decode())
    assert CostShareRequest.objects.filter(state="waitlisted").count() == 2


@pytest.mark.parametrize(("days_to_due", "status", "badge"), [
    (730, "due", "offen"),  # admitted today: Silver is two years away, nothing is "fällig" yet
    (1, "due", "offen"),
    (0, "due", "heute fällig"),
    (-1, "overdue", "überfällig"),
])
def test_silver_badge_says_offen_until_the_due_date(client, days_to_due, status, badge):
    due_on = today() + timedelta(days=days_to_due)
    started_on = today() if days_to_due == 730 else add_months(due_on, -24)
    cluster = member(started_on=started_on)
    due_on = add_months(started_on, 24)
    badge_html = f'{due_on:%d.%m.%Y} – <span class="badge silver-{status}">{badge}</span>'
    client.force_login(cluster.managers.first())
    assert badge_html in client.get(reverse("member:overview")).text
    client.force_login(StaffFactory())
    assert f'<span class="badge silver-{status}">{badge}</span>' in client.get(reverse("members_staff:list")).text
