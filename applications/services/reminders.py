"""The reminder table (docs/product.md, "Reminders") and the sweep that sends what is due - each once.

Read the table first: one row per reminder, with whom it goes to, the moment it is due (relative to
what) and how often it repeats. A row's `find` turns the rule into indexed queries; the sweep records
a `Dispatch` (unique per object, kind and due moment) and queues the mails in the same transaction, so
a duplicate or re-delivered sweep never sends a reminder twice, and a reminder missed while the worker
was down is sent when it runs again - late, but once (until the event it announces has passed).

Pass `now` to test the rules with a controlled clock.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone

from applications.enums import AdvisoryCallState, ApplicationState
from applications.models import AdvisoryCall, Application, Interview, VotingRound
from applications.selectors.tally import voters_without_vote
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from gocluster.outbox.models import Dispatch
from gocluster.outbox.services import queue_templated_mail
from members.enums import SilverStatus
from members.models import LabelRecord
from members.selectors.eligibility import SILVER_DUE_MONTHS, add_months, silver_obligation
from members.selectors.membership import current_memberships

logger = logging.getLogger(__name__)

HOUR, DAY = timedelta(hours=1), timedelta(days=1)

# Who gets a reminder (the values are what the table says; the finders resolve them to addresses).
MANAGERS = "Clustermanagement"
ADVISOR = "Beraterin/Berater"
INTERVIEWERS = "Gesprächsführung"
VOTERS_NOT_VOTED = "Stimmberechtigte ohne Stimme"
STAFF = "Geschäftsstelle"


@dataclass(frozen=True)
class Due:
    """One reminder that is due now: about `obj`, for its `due_at` moment, to these people."""

    obj: object
    due_at: datetime
    recipients: list[str]
    context: dict
    related: object = None  # what the mails are filed under (the case), if not `obj`


@dataclass(frozen=True)
class Reminder:
    kind: str  # the dispatch key: never rename a kind that has dispatches
    whom: tuple[str, ...]
    anchor: str  # the moment the rule is relative to
    offset: timedelta = timedelta(0)  # due at anchor + offset (negative: before)
    send_until: timedelta | None = None  # relative to the anchor: too late to send after this
    working_days: int = 0  # due after this many working days (Mon-Fri) instead of `offset`
    repeat_every: timedelta | None = None
    max_times: int = 1
    event: str = ""  # mail template templates/email/<event>.txt
    find: Callable[["Reminder", datetime], Iterable[Due]] | None = field(default=None, compare=False)

    def due_moments(self, anchor: datetime, now: datetime) -> list[datetime]:
        """Due moments of this rule for `anchor` that have come by `now` (at most `max_times`)."""
        moment = add_working_days(anchor, self.working_days) if self.working_days else anchor + self.offset
        moments = []
        while moment <= now and len(moments) < self.max_times:
            moments.append(moment)
            if self.repeat_every is None:
                break
            moment += self.repeat_every
        if self.send_until is not None and now >= anchor + self.send_until:
            return []
        return moments


def add_working_days(start: datetime, days: int) -> datetime:
    """`start` moved by `days` working days (Monday to Friday, local time; public holidays not counted)."""
    moment = timezone.localtime(start)
    while days > 0:
        moment = timezone.make_aware(moment.replace(tzinfo=None) + DAY)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _case_context(application: Application) -> dict:
    return {"application": application, "case_number": application.case_number,
            "cluster_name": application.cluster.name}


def _emails(users) -> list[str]:
    return [u.email for u in users if u.is_active]


def _agency() -> list[str]:
    return [settings.PROGRAMME_CONTACT_EMAIL]


# --- Finders: indexed queries for each rule ---------------------------------------------------------


def _advisory_calls(rule: Reminder, now: datetime):
    # Index (state, scheduled_at): scheduled calls starting within the window.
    calls = (AdvisoryCall.objects.filter(state=AdvisoryCallState.SCHEDULED, scheduled_at__gt=now,
                                         scheduled_at__lte=now - rule.offset)
             .select_related("cluster", "advisor").prefetch_related("cluster__managers"))
    for call in calls:
        for due_at in rule.due_moments(call.scheduled_at, now):
            people = _emails(call.cluster.managers.all()) + _emails([call.advisor] if call.advisor else [])
            yield Due(call, due_at, people, {"cluster_name": call.cluster.name, "call_at": _when(call.scheduled_at),
                                             "call_mode": call.get_mode_display()})


def _interviews(rule: Reminder, now: datetime):
    # Index on scheduled_at; only cases still waiting for their interview.
    interviews = (Interview.objects.filter(scheduled_at__gt=now, scheduled_at__lte=now - rule.offset,
                                           application__state=ApplicationState.INTERVIEW_SCHEDULED)
                  .select_related("application__cluster")
                  .prefetch_related("interviewers", "application__cluster__managers"))
    for interview in interviews:
        application = interview.application
        for due_at in rule.due_moments(interview.scheduled_at, now):
            people = _emails(application.cluster.managers.all()) + _emails(interview.interviewers.all())
            yield Due(interview, due_at, people,
                      {**_case_context(application), "interview_at": _when(interview.scheduled_at),
                       "interview_location": interview.location}, related=application)


def _votes_missing(rule: Reminder, now: datetime):
    # Index (closed_at, deadline): open rounds whose deadline is within the window.
    rounds = (VotingRound.objects.filter(closed_at__isnull=True, deadline__gt=now, deadline__lte=now - rule.offset)
              .select_related("application__cluster"))
    for voting_round in rounds:
        application = voting_round.application
        for due_at in rule.due_moments(voting_round.deadline, now):
            # The round's electorate (fixed when it opened) without the recused and those who voted.
            people = list(voters_without_vote(voting_round).order_by("role", "pk"))
            yield Due(voting_round, due_at, _emails(people),
                      {**_case_context(application), "deadline": _when(voting_round.deadline)}, related=application)


def _deadline_passed(rule: Reminder, now: datetime):
    """At the deadline the system closes the vote if the quorum is there; otherwise staff hear of it."""
    rounds = (VotingRound.objects.filter(closed_at__isnull=True, deadline__lte=now)
              .select_related("application__cluster"))
    for voting_round in rounds:
        application = voting_round.application
        try:
            apply_transition(application=application, name="close_voting", by=None,
                             comment="Automatisch zum Ende der Abstimmungsfrist geschlossen.")
            continue  # closed: the transition tells staff itself
        except Refusal as error:
            reason = " ".join(error.messages)
        if not VotingRound.objects.filter(pk=voting_round.pk, closed_at__isnull=True).exists():
            continue  # another sweep closed it meanwhile
        for due_at in rule.due_moments(voting_round.deadline, now):
            yield Due(voting_round, due_at, _agency(),
                      {**_case_context(application), "deadline": _when(voting_round.deadline), "reason": reason},
                      related=application)


def _changes_unanswered(rule: Reminder, now: datetime):
    # Index (state, state_changed_at).
    cases = (Application.objects.filter(state=ApplicationState.CHANGES_REQUESTED,
                                        state_changed_at__lte=now - rule.offset)
             .select_related("cluster").prefetch_related("cluster__managers"))
    for application in cases:
        moments = rule.due_moments(application.state_changed_at, now)
        if moments:  # only the latest: one missed while the worker was down is not sent on top of it
            yield Due(application, moments[-1], _emails(application.cluster.managers.all()),
                      {**_case_context(application), "requested_on": _when(application.state_changed_at),
                       "reminder_number": len(moments)})


def _drafts_idle(rule: Reminder, now: datetime):
    # Index (state, updated_at); the cluster's latest held advisory call through index (cluster, state, held_at).
    latest_call = (AdvisoryCall.objects.filter(cluster=OuterRef("cluster"), state=AdvisoryCallState.HELD)
                   .order_by("-held_at").values("held_at")[:1])
    cases = (Application.objects.filter(state=ApplicationState.DRAFT, updated_at__lte=now - rule.offset)
             .annotate(call_held_at=Subquery(latest_call))
             .filter(call_held_at__isnull=False, call_held_at__lte=now - rule.offset)
             .select_related("cluster").prefetch_related("cluster__managers"))
    for application in cases:
        idle_since = max(application.updated_at, application.call_held_at)
        for due_at in rule.due_moments(idle_since, now):
            yield Due(application, due_at, _emails(application.cluster.managers.all()),
                      {**_case_context(application), "idle_since": _when(idle_since)})


def _submissions_unchecked(rule: Reminder, now: datetime):
    # Index (state, state_changed_at); 10 working days are at least 12 calendar days.
    earliest = now - timedelta(days=rule.working_days * 7 // 5 - 2)
    cases = Application.objects.filter(state=ApplicationState.SUBMITTED,
                                       state_changed_at__lte=earliest).select_related("cluster")
    for application in cases:
        for due_at in rule.due_moments(application.state_changed_at, now):
            yield Due(application, due_at, _agency(),
                      {**_case_context(application), "submitted_on": _when(application.state_changed_at)})


def _day_start(day) -> datetime:
    """A date as the start of that day in Berlin: the anchor of date-based reminders."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _silver_due(rule: Reminder, now: datetime):
    """Members whose Silver deadline (admission + 24 months) comes within the rule's window and who hold
    neither a valid Silver nor a valid Gold label."""
    today = timezone.localdate(now)
    # Due when anchor + offset <= now < anchor + send_until, so the admission lies in this range
    # (widened by a few days for month ends; `due_moments` decides exactly).
    latest_start = add_months(today - rule.offset, -SILVER_DUE_MONTHS) + 3 * DAY
    earliest_start = add_months(today - rule.send_until, -SILVER_DUE_MONTHS) - 3 * DAY
    memberships = current_memberships().filter(started_on__gt=earliest_start, started_on__lte=latest_start)
    for membership in memberships.prefetch_related("cluster__managers"):
        labels = list(membership.cluster.labels.all())
        obligation = silver_obligation(started_on=membership.started_on, labels=labels, today=today)
        if obligation.status != SilverStatus.DUE:
            continue
        for due_at in rule.due_moments(_day_start(obligation.due_on), now):
            cluster = membership.cluster
            due_on = formats.date_format(obligation.due_on, "SHORT_DATE_FORMAT")
            yield Due(membership, due_at, _emails(cluster.managers.all()) + _agency(),
                      {"cluster_name": cluster.name, "due_on": due_on}, related=cluster)


def _labels_expiring(rule: Reminder, now: datetime):
    """Labels of current members that end within the rule's window."""
    today = timezone.localdate(now)
    labels = (LabelRecord.objects.filter(valid_until__gt=today - rule.send_until,
                                         valid_until__lte=today - rule.offset,
                                         cluster__in=current_memberships().values("cluster"))
              .select_related("cluster").prefetch_related("cluster__managers"))
    for label in labels:
        for due_at in rule.due_moments(_day_start(label.valid_until), now):
            valid_until = formats.date_format(label.valid_until, "SHORT_DATE_FORMAT")
            yield Due(label, due_at, _emails(label.cluster.managers.all()),
                      {"cluster_name": label.cluster.name, "label_level": label.get_level_display(),
                       "valid_until": valid_until}, related=label.cluster)


# --- The table ---------------------------------------------------------------------------------------

REMINDERS: tuple[Reminder, ...] = (
    Reminder("advisory_call_24h", whom=(MANAGERS, ADVISOR), anchor="Termin des Beratungsgesprächs",
             offset=-24 * HOUR, send_until=timedelta(0), event="reminder_advisory_call", find=_advisory_calls),
    Reminder("interview_48h", whom=(MANAGERS, INTERVIEWERS), anchor="Termin des Aufnahmegesprächs",
             offset=-48 * HOUR, send_until=timedelta(0), event="reminder_interview", find=_interviews),
    Reminder("vote_missing_72h", whom=(VOTERS_NOT_VOTED,), anchor="Abstimmungsfrist",
             offset=-72 * HOUR, send_until=-24 * HOUR, event="reminder_vote", find=_votes_missing),
    Reminder("vote_missing_24h", whom=(VOTERS_NOT_VOTED,), anchor="Abstimmungsfrist",
             offset=-24 * HOUR, send_until=timedelta(0), event="reminder_vote", find=_votes_missing),
    # At the deadline: closed by the system if the quorum is reached, otherwise staff are told.
    Reminder("voting_no_quorum", whom=(STAFF,), anchor="Abstimmungsfrist",
             event="reminder_voting_no_quorum", find=_deadline_passed),
    Reminder("changes_unanswered", whom=(MANAGERS,), anchor="Nachforderung",
             offset=14 * DAY, repeat_every=14 * DAY, max_times=3, event="reminder_changes_requested",
             find=_changes_unanswered),
    Reminder("draft_idle", whom=(MANAGERS,), anchor="letzte Bearbeitung des Entwurfs, frühestens Beratungsgespräch",
             offset=30 * DAY, event="reminder_draft_idle", find=_drafts_idle),
    Reminder("submission_unchecked", whom=(STAFF,), anchor="Einreichung", working_days=10,
             event="reminder_submission_unchecked", find=_submissions_unchecked),
    Reminder("silver_due_6m", whom=(MANAGERS, STAFF), anchor="Silber-Frist (Aufnahme + 24 Monate)",
             offset=-183 * DAY, send_until=-92 * DAY, event="reminder_silver_due", find=_silver_due),
    Reminder("silver_due_3m", whom=(MANAGERS, STAFF), anchor="Silber-Frist (Aufnahme + 24 Monate)",
             offset=-92 * DAY, send_until=-31 * DAY, event="reminder_silver_due", find=_silver_due),
    Reminder("silver_due_1m", whom=(MANAGERS, STAFF), anchor="Silber-Frist (Aufnahme + 24 Monate)",
             offset=-31 * DAY, send_until=timedelta(0), event="reminder_silver_due", find=_silver_due),
    Reminder("label_expiring_3m", whom=(MANAGERS,), anchor="Gültigkeitsende eines Labels",
             offset=-92 * DAY, send_until=timedelta(0), event="reminder_label_expiring", find=_labels_expiring),
)


# --- The sweep ---------------------------------------------------------------------------------------


def _send(rule: Reminder, due: Due) -> Dispatch | None:
    """Record the dispatch and queue its mails in one transaction; an existing dispatch means: sent."""
    related_type = ContentType.objects.get_for_model(due.obj)
    with transaction.atomic():
        try:
            with transaction.atomic():
                dispatch = Dispatch.objects.create(related_type=related_type, related_id=str(due.obj.pk),
                                                   kind=rule.kind, due_at=due.due_at,
                                                   recipients=len(set(due.recipients)))
        except IntegrityError:
            return None  # another sweep sent it (it waited for that sweep's commit to know)
        for recipient in dict.fromkeys(due.recipients):
            queue_templated_mail(event=rule.event, recipient=recipient, context={**due.context, "kind": rule.kind},
                                 related=due.related if due.related is not None else due.obj)
    return dispatch


def sweep(*, now: datetime | None = None, reminders: Iterable[Reminder] = REMINDERS) -> list[Dispatch]:
    """Send every reminder that is due at `now` and was not sent yet. Returns the new dispatches."""
    now = now or timezone.now()
    sent = []
    for rule in reminders:
        if rule.find is None:
            continue
        dues = list(rule.find(rule, now))
        if not dues:
            continue
        # One query (on the unique index) for what went out already, so a quiet sweep writes nothing.
        related_type = ContentType.objects.get_for_model(dues[0].obj)  # one model per rule
        done = set(Dispatch.objects.filter(related_type=related_type, related_id__in=[str(d.obj.pk) for d in dues],
                                           kind=rule.kind).values_list("related_id", "due_at"))
        for due in dues:
            if (str(due.obj.pk), due.due_at) in done or not due.recipients:
                continue
            dispatch = _send(rule, due)
            if dispatch is not None:
                sent.append(dispatch)
    if sent:
        logger.info("reminder sweep sent %s reminders", len(sent))
    return sent
