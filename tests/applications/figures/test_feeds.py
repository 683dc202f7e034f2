"""Private calendar subscriptions: stable UIDs, SEQUENCE on moves, cancellations, tokens, and whose events."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.models import AuditEntry, CalendarFeed
from applications.selectors.feeds import hash_token
from applications.services import calls, feeds, voting
from applications.services.workflow import apply_transition
from gocluster.ics import CalendarEvent, make_calendar
from members.services import memberships
from tests.applications.builders import Cast, case_in_state
from tests.factories import AdvisoryCallFactory, BoardMemberFactory, ClusterFactory, StaffFactory
from tests.members.builders import member

pytestmark = pytest.mark.django_db


def subscribe(user) -> str:
    return feeds.calendar_feed_create(user=user)[1]


def events(token, client=None):
    response = (client or Client()).get(reverse("calendar-feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def scheduled_call(staff, *, days=4):
    cluster = ClusterFactory()
    now = timezone.now()
    call = calls.advisory_call_request(cluster=cluster, by=cluster.managers.first(), mode="video",
                                       preferred_slots=[now + timedelta(days=2), now + timedelta(days=3)])
    return calls.advisory_call_schedule(call=call, by=staff, scheduled_at=now + timedelta(days=days), advisor=staff,
                                        mode="video")


def test_feed_keeps_the_uid_and_raises_sequence_when_a_call_moves():
    staff = StaffFactory()
    call = scheduled_call(staff)
    token = subscribe(staff)
    first = events(token)[f"advisory-call-{call.pk}@go-cluster"]
    assert (first["SEQUENCE"], str(first["STATUS"])) == (0, "CONFIRMED")
    moved_to = timezone.now() + timedelta(days=9)
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=moved_to, advisor=staff, mode="video")
    second = events(token)[f"advisory-call-{call.pk}@go-cluster"]
    assert second["SEQUENCE"] == 1
    assert second.decoded("DTSTART") == moved_to.replace(microsecond=0)
    # The manager's feed shows the same event: same UID, same SEQUENCE.
    manager_events = events(subscribe(call.cluster.managers.first()))
    assert manager_events[f"advisory-call-{call.pk}@go-cluster"]["SEQUENCE"] == 1


def test_feed_sends_a_cancelled_call_as_cancelled():
    staff = StaffFactory()
    call = scheduled_call(staff)
    token = subscribe(staff)
    calls.advisory_call_cancel(call=call, by=staff, reason="Krank")
    event = events(token)[f"advisory-call-{call.pk}@go-cluster"]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 1)


def test_feed_of_a_revoked_or_unknown_token_is_404():
    staff = StaffFactory()
    token = subscribe(staff)
    client = Client()
    assert client.get(reverse("calendar-feed", kwargs={"token": token})).status_code == 200
    assert feeds.calendar_feed_revoke(user=staff) == 1
    assert client.get(reverse("calendar-feed", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("calendar-feed", kwargs={"token": "unbekannt"})).status_code == 404
    # A new token replaces an old one; only its hash is stored.
    old, new = subscribe(staff), subscribe(staff)
    assert client.get(reverse("calendar-feed", kwargs={"token": old})).status_code == 404
    assert CalendarFeed.objects.get(revoked_at__isnull=True).token_hash == hash_token(new)
    assert not CalendarFeed.objects.filter(token_hash=new).exists()
    assert list(AuditEntry.objects.filter(action__startswith="calendar_feed").values_list("action", flat=True)) == [
        "calendar_feed_create", "calendar_feed_revoke", "calendar_feed_create", "calendar_feed_revoke",
        "calendar_feed_create"]


def test_feed_never_shows_another_users_events():
    staff, other_staff = StaffFactory(), StaffFactory()
    mine, theirs = scheduled_call(staff), scheduled_call(other_staff)
    other_cluster_call = AdvisoryCallFactory(state="scheduled", scheduled_at=timezone.now() + timedelta(days=1),
                                             advisor=other_staff)
    uids = set(events(subscribe(staff)))
    assert uids == {f"advisory-call-{mine.pk}@go-cluster"}
    manager_uids = set(events(subscribe(mine.cluster.managers.first())))
    assert manager_uids == {f"advisory-call-{mine.pk}@go-cluster"}
    assert f"advisory-call-{theirs.pk}@go-cluster" not in manager_uids
    assert f"advisory-call-{other_cluster_call.pk}@go-cluster" not in manager_uids


def test_feed_shows_interviews_deadlines_and_hides_a_recused_case_from_its_voter():
    cast = Cast()
    recused = BoardMemberFactory()
    cast.board.append(recused)  # in the electorate fixed when voting opens, then recused
    case = case_in_state(S.VOTING, cast)
    voting.recusal_declare(application=case, by=recused, reason="Mitglied im Cluster")
    round_pk = case.voting_rounds.get().pk
    staff_events = events(subscribe(cast.staff))
    assert set(staff_events) == {f"interview-{case.pk}@go-cluster", f"vote-deadline-{round_pk}@go-cluster"}
    assert staff_events[f"interview-{case.pk}@go-cluster"]["SEQUENCE"] == 0  # scheduled once: as in the mail
    assert set(events(subscribe(cast.board[0]))) == {f"vote-deadline-{round_pk}@go-cluster"}
    assert set(events(subscribe(recused))) == set()
    manager = case.cluster.managers.first()
    assert set(events(subscribe(manager))) == {f"interview-{case.pk}@go-cluster"}


def test_feed_shows_a_change_request_due_14_days_after_the_request():
    cast = Cast()
    case = case_in_state(S.CHANGES_REQUESTED, cast)
    manager_events = events(subscribe(case.cluster.managers.first()))
    uid = f"change-request-{case.pk}-{int(case.state_changed_at.timestamp())}@go-cluster"
    due = timezone.localtime(case.state_changed_at + timedelta(days=14)).date()
    assert manager_events[uid].decoded("DTSTART") == due
    assert uid in events(subscribe(cast.staff))
    apply_transition(application=case, name="resubmit", by=case.cluster.managers.first())
    assert uid not in events(subscribe(cast.staff))


def test_feed_shows_the_silver_due_date_and_cancels_it_once_met():
    staff = StaffFactory()
    cluster = member(started_on=timezone.localdate() - timedelta(days=30), staff=staff)
    membership = cluster.memberships.get()
    token = subscribe(cluster.managers.first())
    event = events(token)[f"silver-due-{membership.pk}@go-cluster"]
    assert str(event["STATUS"]) == "CONFIRMED"

    memberships.label_record_add(cluster=cluster, level="silver", assessed_on=timezone.localdate(), by=staff)
    event = events(token)[f"silver-due-{membership.pk}@go-cluster"]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 1)


def test_feed_is_rate_limited(settings):
    settings.CALENDAR_FEED_RATE_PER_MINUTE = 2
    token = subscribe(StaffFactory())
    client = Client()
    url = reverse("calendar-feed", kwargs={"token": token})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_calendar_settings_show_the_url_once(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    assert client.post(reverse("calendar-settings"), {"action": "create"}).status_code == 302
    page = client.get(reverse("calendar-settings"))
    url = page.context["feed_url"]
    assert url.startswith("http://testserver/kalender/") and url.endswith(".ics")
    assert Client().get(url.removeprefix("http://testserver")).status_code == 200
    assert client.get(reverse("calendar-settings")).context["feed_url"] == ""
    account = client.get(reverse("account_email")).content.decode()
    assert f'hx-get="{reverse("calendar-settings")}"' in account
    client.post(reverse("calendar-settings"), {"action": "revoke"})
    assert Client().get(url.removeprefix("http://testserver")).status_code == 404


def test_make_calendar_folds_long_lines_and_parses():
    start = timezone.now().replace(microsecond=0)
    body = make_calendar([CalendarEvent(uid="x-1", start=start, summary="Ä" * 80, description="a, b; c\nd"),
                          CalendarEvent(uid="x-2", start=start, summary="Ganztägig", all_day=True, cancelled=True,
                                        sequence=3)], name="Test")
    assert all(len(line.encode()) <= 75 for line in body.decode().split("\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    first, second = calendar.walk("VEVENT")
    assert (str(first["SUMMARY"]), str(first["DESCRIPTION"])) == ("Ä" * 80, "a, b; c\nd")
    assert (second.decoded("DTSTART"), str(second["STATUS"]), second["SEQUENCE"]) == (
        timezone.localtime(start).date(), "CANCELLED", 3)
