"""Reads of the members floor. List selectors cost a constant number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from members.eligibility import SilverObligation, best_valid_label, silver_obligation
from members.enums import Bundesland, CostShareState, LabelLevel, MembershipStatus
from members.models import Cluster, CostShareBudget, CostShareRequest, LabelRecord, Membership, TechnologyField

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


# --- The public directory ------------------------------------------------------------------------

LABEL_RANK_SQL = Case(When(level=LabelLevel.GOLD, then=Value(3)), When(level=LabelLevel.SILVER, then=Value(2)),
                      default=Value(1), output_field=IntegerField())


def _best_label(today: date):
    return (LabelRecord.objects.filter(cluster=OuterRef("pk"), assessed_on__lte=today, valid_until__gte=today)
            .annotate(rank=LABEL_RANK_SQL).order_by("-rank", "-valid_until"))


def _current_membership():
    return Membership.objects.filter(cluster=OuterRef("pk")).exclude(status=MembershipStatus.ENDED)


def directory_members(*, today: date) -> QuerySet[Cluster]:
    """Clusters that are members now, with their best valid label and membership start annotated."""
    best = _best_label(today)
    return (Cluster.objects.filter(Exists(_current_membership().filter(started_on__lte=today)))
            .annotate(label_level=Subquery(best.values("level")[:1]),
                      label_valid_until=Subquery(best.values("valid_until")[:1]),
                      member_since=Subquery(_current_membership().values("started_on")[:1]))
            .prefetch_related(Prefetch("technology_fields", queryset=TechnologyField.objects.order_by("name"))))


def directory_search(*, today: date, bundesland: str = "", field: str = "", label: str = "", q: str = ""):
    members = directory_members(today=today)
    if bundesland:
        members = members.filter(bundesland=bundesland)
    if field:
        members = members.filter(technology_fields__slug=field)
    if label == "none":
        members = members.filter(label_level__isnull=True)
    elif label:
        members = members.filter(label_level=label)
    if q:
        members = members.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(city__icontains=q))
    return members.order_by("name", "pk").distinct()


@dataclass
class Figures:
    by_land: list[tuple[str, str, int]]  # code, name, count (all 16)
    by_field: list[tuple[str, int]]
    by_label: list[tuple[str, int]]
    total: int


def directory_figures(*, today: date) -> Figures:
    members = directory_members(today=today)
    land_counts = dict(members.order_by().values_list("bundesland").annotate(n=Count("pk", distinct=True)))
    field_counts = (TechnologyField.objects.filter(clusters__in=members.values("pk"))
                    .annotate(n=Count("clusters", distinct=True)).order_by("-n", "name").values_list("name", "n"))
    label_counts = dict(members.order_by().values_list("label_level").annotate(n=Count("pk", distinct=True)))
    by_label = [(level.label, label_counts.get(level.value, 0)) for level in
                (LabelLevel.GOLD, LabelLevel.SILVER, LabelLevel.BRONZE)]
    by_label.append((str(_("ohne gültiges Label")), label_counts.get(None, 0)))
    return Figures(
        by_land=[(code, name, land_counts.get(code, 0)) for code, name in Bundesland.choices],
        by_field=list(field_counts),
        by_label=by_label,
        total=sum(land_counts.values()),
    )

