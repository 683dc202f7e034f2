"""Reads for the agency's workbench: the pipeline, what is due and overdue, and each case's next step.

Every function costs a fixed number of queries, however many cases there are.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import OPEN_STATES, WAITING_ON_APPLICANT, WAITING_ON_STAFF, AdvisoryCallState, ApplicationState
from applications.models import AdvisoryCall, Application, Interview, VotingRound

# How long a step may wait before the dashboard lists it as overdue (docs/product.md, "Reminders").
SUBMISSION_CHECK_DAYS = 14  # about ten working days
CALL_REQUEST_DAYS = 5
UPCOMING_DAYS = 14
CLOSING_SOON_DAYS = 7


@dataclass(frozen=True)
class PipelineRow:
    state: str
    label: str
    count: int
    oldest: Application | None
    waiting_on: str  # "staff", "applicant", "voters" or "" for final states


def _waiting_on(state: str) -> str:
    if state in WAITING_ON_STAFF:
        return "staff"
    if state in WAITING_ON_APPLICANT:
        return "applicant"
    if state == ApplicationState.VOTING:
        return "voters"
    return ""


def pipeline() -> list[PipelineRow]:
    """Count per state (one aggregate query) and the case waiting longest in each open state (one query)."""
    counts = dict(Application.objects.order_by().values_list("state").annotate(n=Count("id")))
    oldest = {
        case.state: case
        for case in Application.objects.filter(state__in=OPEN_STATES)
        .select_related("cluster")
        .annotate(rank=Window(RowNumber(), partition_by=F("state"), order_by=[F("state_changed_at").asc(),
                                                                              F("id").asc()]))
        .filter(rank=1)
    }
    return [PipelineRow(state.value, state.label, counts.get(state.value, 0), oldest.get(state.value),
                        _waiting_on(state.value)) for state in ApplicationState]


def waiting_totals(rows: list[PipelineRow]) -> dict[str, int]:
    totals = {"staff": 0, "applicant": 0, "voters": 0}
    for row in rows:
        if row.waiting_on:
            totals[row.waiting_on] += row.count
    return totals


def upcoming_calls(now: datetime):
    return (AdvisoryCall.objects.filter(state=AdvisoryCallState.SCHEDULED, scheduled_at__gte=now,
                                        scheduled_at__lte=now + timedelta(days=UPCOMING_DAYS))
            .select_related("cluster", "advisor").order_by("scheduled_at")[:10])


def upcoming_interviews(now: datetime):
    return (Interview.objects.filter(application__state=ApplicationState.INTERVIEW_SCHEDULED, scheduled_at__gte=now,
                                     scheduled_at__lte=now + timedelta(days=UPCOMING_DAYS))
            .select_related("application__cluster").order_by("scheduled_at")[:10])


def votes_closing_soon(now: datetime):
    return (VotingRound.objects.filter(closed_at__isnull=True, deadline__lte=now + timedelta(days=CLOSING_SOON_DAYS))
            .select_related("application__cluster").annotate(vote_count=Count("votes"))
            .order_by("deadline")[:10])


@dataclass(frozen=True)
class OverdueItem:
    what: str
    since: datetime
    application: Application | None
    call: AdvisoryCall | None = None


def overdue_items(now: datetime) -> list[OverdueItem]:
    """Steps of the agency that waited too long. Four queries, each bounded."""
    items = []
    for case in (Application.objects.filter(state=ApplicationState.SUBMITTED,
                                            state_changed_at__lt=now - timedelta(days=SUBMISSION_CHECK_DAYS))
                 .select_related("cluster").order_by("state_changed_at")[:20]):
        items.append(OverdueItem(_("Formale Prüfung steht aus"), case.state_changed_at, case))
    for interview in (Interview.objects.filter(application__state=ApplicationState.INTERVIEW_SCHEDULED,
                                               scheduled_at__lt=now)
                      .select_related("application__cluster").order_by("scheduled_at")[:20]):
        items.append(OverdueItem(_("Aufnahmegespräch ist noch nicht dokumentiert"), interview.scheduled_at,
                                 interview.application))
    for voting_round in (VotingRound.objects.filter(closed_at__isnull=True, deadline__lt=now)
                         .select_related("application__cluster").order_by("deadline")[:20]):
        items.append(OverdueItem(_("Abstimmungsfrist abgelaufen: schließen oder verlängern"), voting_round.deadline,
                                 voting_round.application))
    for call in (AdvisoryCall.objects.filter(
            Q(state=AdvisoryCallState.REQUESTED, created_at__lt=now - timedelta(days=CALL_REQUEST_DAYS))
            | Q(state=AdvisoryCallState.SCHEDULED, scheduled_at__lt=now))
                 .select_related("cluster").order_by("created_at")[:20]):
        what = (_("Anfrage eines Beratungsgesprächs unbeantwortet") if call.state == AdvisoryCallState.REQUESTED
                else _("Beratungsgespräch ohne Ergebnis"))
        items.append(OverdueItem(what, call.scheduled_at or call.created_at, None, call))
    return sorted(items, key=lambda item: item.since)


@dataclass(frozen=True)
class NextStep:
    what: str
    who: str
    due: datetime | None


def next_step(application: Application, *, interview=None, open_round=None,
              votes_missing: int | None = None) -> NextStep | None:
    """What is due on the case, by whom, by when (None for closed cases).

    `votes_missing`: how many eligible voters of the open round have not voted (None: not counted)."""
    state = application.state
    since = application.state_changed_at
    s = ApplicationState
    if state == s.DRAFT:
        return NextStep(_("Antrag vervollständigen und einreichen"), _("Clustermanagement"), None)
    if state == s.SUBMITTED:
        return NextStep(_("Formale Prüfung: annehmen oder nachfordern"), _("Geschäftsstelle"),
                        since + timedelta(days=SUBMISSION_CHECK_DAYS))
    if state == s.CHANGES_REQUESTED:
        return NextStep(_("Nachforderung beantworten und erneut einreichen"), _("Clustermanagement"),
                        since + timedelta(days=14))
    if state == s.IN_REVIEW:
        return NextStep(_("Aufnahmegespräch terminieren"), _("Geschäftsstelle"), since + timedelta(days=14))
    if state == s.INTERVIEW_SCHEDULED:
        return NextStep(_("Aufnahmegespräch führen und dokumentieren"), _("Geschäftsstelle"),
                        interview.scheduled_at if interview else None)
    if state == s.INTERVIEW_HELD:
        return NextStep(_("Abstimmung eröffnen"), _("Geschäftsstelle"), since + timedelta(days=7))
    if state == s.VOTING:
        if open_round is not None and votes_missing == 0:
            return NextStep(_("Alle Stimmen liegen vor: Abstimmung schließen"), _("Geschäftsstelle"),
                            open_round.deadline)
        return NextStep(_("Stimmen abgeben; danach Abstimmung schließen"), _("Ministerium und Programmbegleitkreis"),
                        open_round.deadline if open_round else None)
    if state == s.DECISION_PENDING:
        return NextStep(_("Entscheidung freigeben"), _("Geschäftsstelle"), since + timedelta(days=7))
    return None


def dashboard_data() -> dict:
    now = timezone.now()
    rows = pipeline()
    return {
        "now": now,
        "pipeline": rows,
        "waiting": waiting_totals(rows),
        "upcoming_calls": list(upcoming_calls(now)),
        "upcoming_interviews": list(upcoming_interviews(now)),
        "closing_soon": list(votes_closing_soon(now)),
        "overdue": overdue_items(now),
        "open_call_requests": AdvisoryCall.objects.filter(state=AdvisoryCallState.REQUESTED).count(),
    }
