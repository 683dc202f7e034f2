"""What a person's private calendar subscription holds, and whose feed a token opens. Constant queries.

- Staff: the advisory calls they advise, the interviews they conduct, the deadlines of all voting rounds, the
  due dates of all open change requests, and the Silver due dates of all current members.
- Cluster managers: their clusters' advisory calls, interviews, change-request due dates and Silver due dates.
- Ministry and board: the deadlines of the rounds they may vote in (not those of a case they are recused from).

An event keeps its UID for life (the same UID as the invitation mailed by `applications.selectors.calendar`,
so a calendar shows one entry), and SEQUENCE grows with every move, counted from the audit trail as that
module does; a cancellation raises it once more and sends STATUS:CANCELLED. Change requests have no due date
in the model: the feed shows the day the reminder rule calls them overdue (14 days after the request).
"""

import hashlib
from collections import Counter
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from applications.enums import AdvisoryCallState, ApplicationState
from applications.models import AdvisoryCall, Application, AuditEntry, CalendarFeed, Interview, Recusal, VotingRound
from gocluster.ics import CalendarEvent
from members.enums import VOTER_ROLES, Role, SilverStatus
from members.selectors.eligibility import silver_obligation
from members.selectors.membership import current_memberships

# How far back a feed reaches; older appointments drop out of the subscription.
HORIZON = timedelta(days=90)
# The model has no due date for a change request: the reminder rule's 14 days (docs/product.md, "Reminders").
CHANGE_REQUEST_DUE = timedelta(days=14)
INTERVIEW_LENGTH = timedelta(hours=2)
DEADLINE_LENGTH = timedelta(minutes=15)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_for_token(token: str) -> CalendarFeed:
    """The active feed of an active user for this token, else 404."""
    if not token or len(token) > 100:
        raise Http404
    feed = (CalendarFeed.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True).first())
    if feed is None:
        raise Http404
    return feed


def active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def may_subscribe(user) -> bool:
    return user.is_authenticated and user.is_active and (user.role in (Role.STAFF, Role.CLUSTER_MANAGER)
                                                         or user.role in VOTER_ROLES)


def _moves(model, ids, actions) -> Counter:
    """How many audit entries of the given actions each object has (one query)."""
    if not ids:
        return Counter()
    rows = AuditEntry.objects.filter(object_type=ContentType.objects.get_for_model(model),
                                     object_id__in=[str(i) for i in ids], action__in=actions)
    return Counter(rows.values_list("object_id", flat=True))


def _link(name: str, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk})


def _advisory_calls(user, since: datetime) -> list[CalendarEvent]:
    calls = AdvisoryCall.objects.filter(scheduled_at__isnull=False, scheduled_at__gte=since).select_related(
        "cluster", "advisor")
    if user.role == Role.STAFF:
        calls = calls.filter(advisor=user)
    elif user.role == Role.CLUSTER_MANAGER:
        calls = calls.filter(cluster__managers=user)
    else:
        return []
    events = []
    for call in calls.order_by("scheduled_at", "pk"):
        cancelled = call.state == AdvisoryCallState.CANCELLED
        # The stored sequence of the mailed invitations: the feed and the mails are one calendar entry.
        sequence = call.sequence
        advisor = f"Beratungsgespräch mit {call.advisor.full_name}" if call.advisor else "Beratungsgespräch"
        events.append(CalendarEvent(
            uid=f"advisory-call-{call.pk}", start=call.scheduled_at, sequence=sequence, cancelled=cancelled,
            summary=f"go-cluster Beratungsgespräch {call.cluster.name}", location=call.get_mode_display(),
            description=advisor,
        ))
    return events


def _interviews(user, since: datetime) -> list[CalendarEvent]:
    interviews = Interview.objects.filter(scheduled_at__gte=since).select_related("application__cluster")
    if user.role == Role.STAFF:
        interviews = interviews.filter(interviewers=user)
    elif user.role == Role.CLUSTER_MANAGER:
        interviews = interviews.filter(application__cluster__managers=user)
    else:
        return []
    events = []
    for interview in interviews.distinct().order_by("scheduled_at", "pk"):
        application = interview.application
        cancelled = interview.held_at is None and (
            interview.cancelled_at is not None or application.state == ApplicationState.WITHDRAWN)
        events.append(CalendarEvent(
            uid=f"interview-{application.pk}", start=interview.scheduled_at, duration=INTERVIEW_LENGTH,
            sequence=interview.sequence + (1 if cancelled and interview.cancelled_at is None else 0),
            cancelled=cancelled,
            summary=f"go-cluster Aufnahmegespräch {application.case_number}", location=interview.location,
            description=f"Aufnahmegespräch zum Antrag {application.case_number} ({application.cluster.name})",
        ))
    return events


def _vote_deadlines(user, since: datetime) -> list[CalendarEvent]:
    if user.role == Role.STAFF:
        rounds = VotingRound.objects.all()
        link = "staff:case_detail"
    elif user.role in VOTER_ROLES:
        rounds = VotingRound.objects.exclude(
            application__in=Recusal.objects.filter(user=user).values("application_id"))
        link = "voting:case"
    else:
        return []
    rounds = list(rounds.filter(deadline__gte=since).select_related("application__cluster").order_by("deadline"))
    moves = _moves(VotingRound, [r.pk for r in rounds], ["voting_extend_deadline"])
    events = []
    for voting_round in rounds:
        application = voting_round.application
        # A round closed before its deadline no longer has one.
        cancelled = voting_round.closed_at is not None and voting_round.closed_at < voting_round.deadline
        events.append(CalendarEvent(
            uid=f"vote-deadline-{voting_round.pk}", start=voting_round.deadline - DEADLINE_LENGTH,
            duration=DEADLINE_LENGTH, sequence=moves[str(voting_round.pk)] + (1 if cancelled else 0),
            cancelled=cancelled, summary=f"go-cluster Abstimmungsfrist {application.case_number}",
            description=f"Ende der Abstimmung über den Antrag {application.case_number} ({application.cluster.name})",
            url=_link(link, application.pk),
        ))
    return events


def _change_requests(user, since: datetime) -> list[CalendarEvent]:
    cases = Application.objects.filter(state=ApplicationState.CHANGES_REQUESTED).select_related("cluster")
    if user.role == Role.STAFF:
        link = "staff:case_detail"
    elif user.role == Role.CLUSTER_MANAGER:
        cases, link = cases.filter(cluster__managers=user), "applicant:case"
    else:
        return []
    return [CalendarEvent(
        # One event per request: a second request on the same case is a new event.
        uid=f"change-request-{case.pk}-{int(case.state_changed_at.timestamp())}",
        start=case.state_changed_at + CHANGE_REQUEST_DUE, all_day=True,
        summary=f"go-cluster Nachforderung {case.case_number} fällig",
        description=(f"Die Nachforderung zum Antrag {case.case_number} ({case.cluster.name}) ist seit 14 Tagen offen; "
                     "danach erinnert das Portal alle 14 Tage."),
        url=_link(link, case.pk),
    ) for case in cases.order_by("state_changed_at", "pk")]


def _silver_due(user, since: datetime, today) -> list[CalendarEvent]:
    memberships = current_memberships()
    if user.role == Role.CLUSTER_MANAGER:
        memberships = memberships.filter(cluster__managers=user)
    elif user.role != Role.STAFF:
        return []
    events = []
    for membership in memberships.order_by("started_on", "pk"):
        obligation = silver_obligation(started_on=membership.started_on, labels=membership.cluster.labels.all(),
                                       today=today)
        due_at = timezone.make_aware(datetime.combine(obligation.due_on, datetime.min.time()))
        if due_at < since:
            continue
        # Met (Silver) or not required (Gold): the due date is cancelled.
        done = obligation.status in (SilverStatus.MET, SilverStatus.NOT_REQUIRED)
        events.append(CalendarEvent(
            uid=f"silver-due-{membership.pk}", start=due_at, all_day=True, sequence=1 if done else 0, cancelled=done,
            summary=f"go-cluster Silber-Label fällig: {membership.cluster.name}",
            description=f"Bis zu diesem Tag soll {membership.cluster.name} das Silber-Label erreichen "
                        "(Aufnahme + 24 Monate).",
        ))
    return events


def feed_events(user, *, now: datetime | None = None) -> list[CalendarEvent]:
    """Everything the user's subscription shows, in order of time."""
    now = now or timezone.now()
    since = now - HORIZON
    events = (_advisory_calls(user, since) + _interviews(user, since) + _vote_deadlines(user, since)
              + _change_requests(user, since) + _silver_due(user, since, timezone.localdate(now)))
    return sorted(events, key=lambda e: (e.start, e.uid))

