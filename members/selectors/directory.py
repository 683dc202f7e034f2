"""The public member directory: who is a member today, their best label, the figures. Constant query counts."""


from dataclasses import dataclass
from datetime import date

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
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from members.enums import LABEL_RANK, Bundesland, LabelLevel, MembershipStatus
from members.models import Cluster, LabelRecord, Membership, TechnologyField

# --- The public directory ------------------------------------------------------------------------

# members.enums.LABEL_RANK in SQL, for picking the best label inside a query.
LABEL_RANK_SQL = Case(*(When(level=level, then=Value(rank)) for level, rank in LABEL_RANK.items()),
                      default=Value(0), output_field=IntegerField())


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
