"""Reads of memberships and cost shares, for staff and for the member itself. Constant query counts."""


from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from members.enums import CostShareState, MembershipStatus
from members.models import CostShareBudget, CostShareRequest, LabelRecord, Membership, WaitlistPromotion
from members.selectors.eligibility import SilverObligation, best_valid_label, silver_obligation

# --- Members as staff see them -------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    silver: SilverObligation
    label: LabelRecord | None


def current_memberships() -> QuerySet[Membership]:
    return (Membership.objects.exclude(status=MembershipStatus.ENDED)
            .select_related("cluster")
            .prefetch_related(Prefetch("cluster__labels", queryset=LabelRecord.objects.order_by("-assessed_on"))))


def current_membership(cluster) -> Membership | None:
    """The cluster's membership that has not ended (at most one, a database constraint), or None."""
    return Membership.objects.filter(cluster=cluster).exclude(status=MembershipStatus.ENDED).first()


def member_rows(*, today: date, silver_status: str = "", memberships=None) -> list[MemberRow]:
    """Current members with their Silver obligation, the most pressing due date first."""
    memberships = current_memberships() if memberships is None else memberships
    rows = []
    for membership in memberships.order_by("started_on", "pk"):
        labels = list(membership.cluster.labels.all())
        row = MemberRow(membership, silver_obligation(started_on=membership.started_on, labels=labels, today=today),
                        best_valid_label(labels, today))
        if not silver_status or row.silver.status == silver_status:
            rows.append(row)
    return rows


def membership_detail(pk: int) -> Membership:
    return (Membership.objects.select_related("cluster", "created_by")
            .prefetch_related("status_changes__recorded_by", "cluster__labels", "cluster__managers")
            .get(pk=pk))


# --- The member's own view -----------------------------------------------------------------------


def memberships_of(clusters) -> list[Membership]:
    """The current memberships of the given clusters (a manager's clusters)."""
    return list(current_memberships().filter(cluster__in=clusters).prefetch_related(
        Prefetch("cluster__cost_share_requests", queryset=CostShareRequest.objects.order_by("-created_at"))))


# --- Cost shares -------------------------------------------------------------------------------


@dataclass
class BudgetOverview:
    year: int
    total: Decimal | None
    approved: Decimal
    waitlisted: int

    @property
    def available(self) -> Decimal | None:
        return None if self.total is None else self.total - self.approved


def budget_overview(year: int) -> BudgetOverview:
    budget = CostShareBudget.objects.filter(year=year).first()
    sums = CostShareRequest.objects.filter(budget_year=year).aggregate(
        approved=Sum("amount", filter=Q(state=CostShareState.APPROVED)),
        waitlisted=Count("pk", filter=Q(state=CostShareState.WAITLISTED)),
    )
    return BudgetOverview(year, budget.total if budget else None, sums["approved"] or Decimal("0"), sums["waitlisted"])


def cost_share_requests(*, state: str = "") -> QuerySet[CostShareRequest]:
    requests = CostShareRequest.objects.select_related("cluster", "requested_by", "decided_by")
    if state:
        requests = requests.filter(state=state)
    # Open ones first, then the newest.
    open_first = Case(When(state__in=[CostShareState.SUBMITTED, CostShareState.WAITLISTED], then=Value(0)),
                      default=Value(1), output_field=IntegerField())
    return requests.annotate(open_first=open_first).order_by("open_first", "waitlisted_at", "-created_at", "-pk")


def waitlist_moving_up(waiting: list[CostShareRequest], available: Decimal | None) -> list[CostShareRequest]:
    """Of the wait-listed requests (in wait-list order), those that would move up with `available` budget: in
    order, until the first that does not fit (no later request overtakes it)."""
    moving = []
    for request in waiting:
        if available is None or request.amount > available:
            break
        moving.append(request)
        available -= request.amount
    return moving


def waitlist(year: int) -> tuple[list[CostShareRequest], list[CostShareRequest]]:
    """(wait-listed requests of `year` in order, those that would move up now)."""
    waiting = list(CostShareRequest.objects.filter(budget_year=year, state=CostShareState.WAITLISTED)
                   .select_related("cluster").order_by("waitlisted_at", "pk"))
    return waiting, waitlist_moving_up(waiting, budget_overview(year).available)


def waitlist_promotions(year: int):
    return (WaitlistPromotion.objects.filter(year=year).select_related("promoted_by")
            .prefetch_related(Prefetch("requests", queryset=CostShareRequest.objects.select_related("cluster"))))
