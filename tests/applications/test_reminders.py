"""The reminder table at its boundaries, with a controlled clock: just before, at and after each due moment."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from applications.enums import ApplicationState as S, VoteChoice
from applications.models import Application
from applications.services import voting
from applications.services.reminders import REMINDERS, add_working_days, sweep
from applications.services.workflow import apply_transition
from applications.tasks import sweep_reminders
from gocluster.outbox.models import Dispatch, OutboxMail
from gocluster.schedules import ensure_interval_task
from tests.applications.builders import Cast, case_in_state, draft
from tests.factories import AdvisoryCallFactory, StaffFactory
from tests.members.builders import label, member
from tests.race import run_concurrently

BERLIN = ZoneInfo("Europe/Berlin")
SECOND, HOUR, DAY = timedelta(seconds=1), timedelta(hours=1), timedelta(days=1)


def kinds(dispatches) -> list[str]:
    return sorted(d.kind for d in dispatches)


def recipients(event: str) -> list[str]:
    return sorted(OutboxMail.objects.filter(event=event).values_list("recipient", flat=True))


@pytest.mark.django_db
def test_reminder_table_names_every_reminder_of_the_design():
    assert [r.kind for r in REMINDERS] == [
        "advisory_call_24h", "interview_48h", "vote_missing_72h", "vote_missing_24h", "voting_no_quorum",
        "changes_unanswered", "draft_idle", "submission_unchecked",
        "silver_due_6m", "silver_due_3m", "silver_due_1m", "label_expiring_3m",
    ]
    assert [r.kind for r in REMINDERS if r.find is None] == []


@pytest.mark.django_db
def test_advisory_call_reminder_24h_before_to_manager_and_advisor():
    advisor = StaffFactory()
    start = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    call = AdvisoryCallFactory(state="scheduled", scheduled_at=start, advisor=advisor)
    due = start - 24 * HOUR
    assert sweep(now=due - SECOND) == []
    assert kinds(sweep(now=due)) == ["advisory_call_24h"]
    assert sweep(now=due + SECOND) == []
    assert sweep(now=start - SECOND) == []
    assert recipients("reminder_advisory_call") == sorted([call.cluster.managers.get().email, advisor.email])
    dispatch = Dispatch.objects.get()
    assert (dispatch.related, dispatch.due_at, dispatch.recipients) == (call, due, 2)


@pytest.mark.django_db
def test_advisory_call_reminder_missed_is_sent_late_once_but_not_after_the_call():
    start = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    AdvisoryCallFactory(state="scheduled", scheduled_at=start, advisor=StaffFactory())
    late = AdvisoryCallFactory(state="scheduled", scheduled_at=start + 2 * HOUR, advisor=StaffFactory())
    assert len(sweep(now=start + HOUR)) == 1  # the first call has passed: too late for it
    assert Dispatch.objects.get().related == late
    assert sweep(now=start + HOUR) == []


@pytest.mark.django_db
def test_interview_reminder_48h_before_to_manager_and_interviewers():
    cast = Cast()
    application = case_in_state(S.INTERVIEW_SCHEDULED, cast)
    start = application.interview.scheduled_at
    due = start - 48 * HOUR
    assert sweep(now=due - SECOND) == []
    assert kinds(sweep(now=due)) == ["interview_48h"]
    assert sweep(now=due + HOUR) == []
    assert recipients("reminder_interview") == sorted([application.cluster.managers.get().email, cast.staff.email])
    mail = OutboxMail.objects.get(event="reminder_interview", recipient=cast.staff.email)
    assert application.case_number in mail.subject
    assert mail.related == application


@pytest.mark.django_db
def test_vote_reminders_72h_and_24h_before_deadline_go_to_voters_without_a_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    deadline = application.voting_rounds.get().deadline
    voting.vote_cast(application=application, voter=cast.board[0], choice=VoteChoice.APPROVE, reason="")
    assert sweep(now=deadline - 72 * HOUR - SECOND) == []
    assert kinds(sweep(now=deadline - 72 * HOUR)) == ["vote_missing_72h"]
    assert sweep(now=deadline - 24 * HOUR - SECOND) == []
    voting.vote_cast(application=application, voter=cast.ministry, choice=VoteChoice.APPROVE, reason="")
    assert kinds(sweep(now=deadline - 24 * HOUR)) == ["vote_missing_24h"]
    assert sweep(now=deadline - SECOND) == []
    late_voters = sorted(u.email for u in cast.board[1:])
    first = sorted([*late_voters, cast.ministry.email])
    assert recipients("reminder_vote") == sorted(first + late_voters)


@pytest.mark.django_db
def test_vote_reminder_72h_missed_until_24h_window_sends_only_the_24h_one():
    application = case_in_state(S.VOTING)
    deadline = application.voting_rounds.get().deadline
    assert kinds(sweep(now=deadline - 23 * HOUR)) == ["vote_missing_24h"]


@pytest.mark.django_db
def test_deadline_without_quorum_tells_staff_once_and_leaves_the_vote_open():
    application = case_in_state(S.VOTING)
    deadline = application.voting_rounds.get().deadline
    assert [d for d in sweep(now=deadline - SECOND) if d.kind == "voting_no_quorum"] == []
    assert [d.kind for d in sweep(now=deadline) if d.kind == "voting_no_quorum"] == ["voting_no_quorum"]
    assert sweep(now=deadline + HOUR) == []
    assert recipients("reminder_voting_no_quorum") == [settings.PROGRAMME_CONTACT_EMAIL]
    mail = OutboxMail.objects.get(event="reminder_voting_no_quorum")
    assert "Quorum ist nicht erreicht" in mail.body_text
    application.refresh_from_db()
    assert application.state == S.VOTING


@pytest.mark.django_db
def test_deadline_with_quorum_closes_the_vote_by_the_system():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    deadline = application.voting_rounds.get().deadline
    for voter in [cast.ministry, *cast.board]:
        voting.vote_cast(application=application, voter=voter, choice=VoteChoice.APPROVE, reason="")
    sweep(now=deadline - SECOND)
    application.refresh_from_db()
    assert application.state == S.VOTING
    assert [d.kind for d in sweep(now=deadline)] == []
    application.refresh_from_db()
    assert application.state == S.DECISION_PENDING
    entry = application.audit_entries.get(action="close_voting")
    assert entry.actor is None


@pytest.mark.django_db
def test_changes_requested_reminder_every_14_days_at_most_3_times():
    application = case_in_state(S.CHANGES_REQUESTED)
    requested = application.state_changed_at
    assert sweep(now=requested + 14 * DAY - SECOND) == []
    assert kinds(sweep(now=requested + 14 * DAY)) == ["changes_unanswered"]
    assert sweep(now=requested + 14 * DAY + SECOND) == []
    assert sweep(now=requested + 28 * DAY - SECOND) == []
    assert kinds(sweep(now=requested + 28 * DAY)) == ["changes_unanswered"]
    assert kinds(sweep(now=requested + 42 * DAY)) == ["changes_unanswered"]
    assert sweep(now=requested + 56 * DAY) == []
    assert sweep(now=requested + 400 * DAY) == []
    assert Dispatch.objects.count() == 3


@pytest.mark.django_db
def test_changes_requested_reminders_missed_send_only_the_latest():
    application = case_in_state(S.CHANGES_REQUESTED)
    requested = application.state_changed_at
    assert [d.due_at for d in sweep(now=requested + 30 * DAY)] == [requested + 28 * DAY]
    assert sweep(now=requested + 31 * DAY) == []


@pytest.mark.django_db
def test_draft_idle_30_days_after_advisory_call_and_last_edit():
    application = draft()
    application.refresh_from_db()
    held_at = application.cluster.advisory_calls.get().held_at
    idle_since = max(application.updated_at, held_at)
    assert sweep(now=idle_since + 30 * DAY - SECOND) == []
    assert kinds(sweep(now=idle_since + 30 * DAY)) == ["draft_idle"]
    assert sweep(now=idle_since + 60 * DAY) == []
    assert recipients("reminder_draft_idle") == [application.cluster.managers.get().email]


@pytest.mark.django_db
def test_draft_without_held_advisory_call_gets_no_idle_reminder():
    application = draft(with_call=False)
    assert sweep(now=application.updated_at + 90 * DAY) == []


def test_add_working_days_skips_weekends():
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)
    assert add_working_days(friday, 1) == datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
    assert add_working_days(friday, 10) == datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN)
    sunday = datetime(2026, 11, 22, 18, 0, tzinfo=BERLIN)
    assert add_working_days(sunday, 10) == datetime(2026, 12, 4, 18, 0, tzinfo=BERLIN)


@pytest.mark.django_db
def test_submission_unchecked_after_10_working_days_tells_staff():
    application = case_in_state(S.SUBMITTED)
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)
    Application.objects.filter(pk=application.pk).update(state_changed_at=friday)
    due = datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN)
    assert sweep(now=due - SECOND) == []
    assert kinds(sweep(now=due)) == ["submission_unchecked"]
    assert sweep(now=due + DAY) == []
    assert recipients("reminder_submission_unchecked") == [settings.PROGRAMME_CONTACT_EMAIL]


@pytest.mark.django_db
def test_reminder_mails_name_ministry_and_programme_contact():
    application = case_in_state(S.CHANGES_REQUESTED)
    sweep(now=application.state_changed_at + 14 * DAY)
    mail = OutboxMail.objects.get(event="reminder_changes_requested")
    assert settings.MINISTRY_NAME_GENITIVE in mail.body_text
    assert settings.PROGRAMME_CONTACT_EMAIL in mail.body_text
    assert settings.MINISTRY_NAME_GENITIVE in mail.body_html


@pytest.mark.django_db
def test_sweep_task_and_command_send_due_reminders_once(capsys):
    case_in_state(S.VOTING)
    call_command("send_reminders")
    assert capsys.readouterr().out == "0 Erinnerungen versandt, 0 Mails erneut angestoßen.\n"
    start = datetime.now(BERLIN) + 60 * DAY  # a fixed date would be due once the clock reaches its eve
    AdvisoryCallFactory(state="scheduled", scheduled_at=start, advisor=StaffFactory())
    assert sweep_reminders.delay().get() == 0  # not due yet at the real now
    call_command("send_reminders", "--list")
    assert "label_expiring_3m        aktiv" in capsys.readouterr().out


@pytest.mark.django_db
def test_periodic_sweep_is_scheduled_by_beat_idempotently():
    task = PeriodicTask.objects.get(task="applications.tasks.sweep_reminders")
    assert (task.interval.every, task.interval.period) == (settings.REMINDER_SWEEP_MINUTES, "minutes")
    ensure_interval_task(name=task.name, task=task.task, minutes=settings.REMINDER_SWEEP_MINUTES)
    assert PeriodicTask.objects.filter(task="applications.tasks.sweep_reminders").count() == 1
    assert PeriodicTask.objects.filter(task="gocluster.outbox.tasks.requeue_stuck_mails").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_sweep_twice_concurrently_sends_each_reminder_once():
    cast = Cast()
    voting = case_in_state(S.VOTING, cast)
    changes = case_in_state(S.CHANGES_REQUESTED, cast)
    start = datetime.now(BERLIN) + 60 * DAY  # not due at the sweep's moment, whatever today is
    AdvisoryCallFactory(state="scheduled", scheduled_at=start, advisor=cast.staff)
    Application.objects.filter(pk=changes.pk).update(state_changed_at=changes.state_changed_at - 20 * DAY)
    now = voting.voting_rounds.get().deadline - 23 * HOUR
    results = run_concurrently(lambda: sweep(now=now), lambda: sweep(now=now), lambda: sweep(now=now))
    assert [r[0] for r in results] == ["ok", "ok", "ok"]
    assert sum(len(r[1]) for r in results) == 2
    assert sorted(Dispatch.objects.values_list("kind", flat=True)) == ["changes_unanswered", "vote_missing_24h"]
    assert OutboxMail.objects.filter(event="reminder_vote").count() == 4
    assert OutboxMail.objects.filter(event="reminder_changes_requested").count() == 1


# --- Label reminders: Silver due 6, 3 and 1 months ahead; any label 3 months before it ends ------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BERLIN)


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 7, 10), []),  # due on 10.01.2027: 6 months (183 days) ahead is 11.07.2026
    (date(2026, 7, 11), ["silver_due_6m"]),
    (date(2026, 10, 9), ["silver_due_6m"]),  # missed until the day before the 3-month moment: sent late, once
    (date(2026, 10, 10), ["silver_due_3m"]),  # 92 days ahead
    (date(2026, 12, 10), ["silver_due_1m"]),  # 31 days ahead
    (date(2027, 1, 9), ["silver_due_1m"]),
    (date(2027, 1, 10), []),  # on the due date a reminder comes too late
])
def test_silver_due_reminders_at_their_boundaries(day, expected):
    cluster = member(started_on=date(2025, 1, 10))
    manager = cluster.managers.first()
    assert kinds(sweep(now=_at(day))) == expected
    if expected:
        assert recipients("reminder_silver_due") == sorted([manager.email, settings.PROGRAMME_CONTACT_EMAIL])
        assert "10.01.2027" in OutboxMail.objects.filter(event="reminder_silver_due").first().subject


@pytest.mark.django_db
def test_silver_due_reminders_each_once_and_none_with_a_valid_gold_label():
    plain = member(started_on=date(2025, 1, 10))
    gold = member(started_on=date(2025, 1, 10))
    label(gold, "gold", date(2025, 6, 1), valid_until=date(2028, 6, 1))
    assert kinds(sweep(now=_at(date(2026, 7, 20)))) == ["silver_due_6m"]
    assert kinds(sweep(now=_at(date(2026, 7, 21)))) == []
    assert Dispatch.objects.count() == 1
    assert OutboxMail.objects.filter(event="reminder_silver_due", recipient=plain.managers.first().email).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "sent"), [
    (date(2026, 2, 27), False),  # valid until 31.05.2026: 92 days before is 28.02.2026
    (date(2026, 2, 28), True),
    (date(2026, 3, 1), True),
    (date(2026, 5, 30), True),
    (date(2026, 5, 31), False),  # on the last valid day it is too late to remind
])
def test_label_expiring_reminder_three_months_ahead(day, sent):
    cluster = member(started_on=date(2024, 1, 10))
    label(cluster, "bronze", date(2024, 5, 15), valid_until=date(2026, 5, 31))
    found = [k for k in kinds(sweep(now=_at(day))) if k == "label_expiring_3m"]
    assert found == (["label_expiring_3m"] if sent else [])


@pytest.mark.django_db
def test_withdrawing_a_case_in_voting_closes_its_round_and_the_sweep_sends_nothing(django_capture_on_commit_callbacks):
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voting_round = application.voting_rounds.get()
    manager = application.cluster.managers.first()
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="withdraw", by=manager, comment="Neuer Anlauf")
    voting_round.refresh_from_db()
    assert (voting_round.is_open, voting_round.result) == (False, "")
    entry = application.audit_entries.get(action="voting_round_withdrawn")
    assert (entry.actor, entry.object_id) == (manager, str(voting_round.pk))
    # The voters hear once that the vote is off; then no reminder, not even at the deadline.
    assert recipients("voting_withdrawn") == sorted(u.email for u in [cast.ministry, *cast.board])
    before = OutboxMail.objects.count()
    for moment in (voting_round.deadline - 72 * HOUR, voting_round.deadline - 24 * HOUR, voting_round.deadline):
        assert sweep(now=moment) == []
    assert OutboxMail.objects.count() == before
