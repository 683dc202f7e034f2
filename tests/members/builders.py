"""Members for tests, made through the real services."""

from datetime import date
from decimal import Decimal

from members.models import CostShareBudget, LabelRecord
from members.selectors.eligibility import add_months, label_valid_until
from members.services import memberships
from tests.factories import ClusterFactory, StaffFactory

TODAY = date(2026, 6, 15)


def member(cluster=None, *, started_on: date = date(2025, 1, 10), staff=None):
    cluster = cluster or ClusterFactory()
    memberships.membership_start(cluster=cluster, started_on=started_on, by=staff or StaffFactory())
    return cluster


def label(cluster, level: str, assessed_on: date, valid_until: date | None = None) -> LabelRecord:
    return LabelRecord.objects.create(cluster=cluster, level=level, assessed_on=assessed_on,
                                      valid_until=valid_until or label_valid_until(level, assessed_on)
                                      or add_months(assessed_on, 36))


def budget(year: int, total: str) -> CostShareBudget:
    return CostShareBudget.objects.create(year=year, total=Decimal(total))


def request_args(**overrides) -> dict:
    args = {"kind": "first", "planned_start": add_months(TODAY, 2), "prerequisite": "silver",
            "prerequisite_on": date(2025, 11, 3), "no_other_cost_share": True}
    return {**args, **overrides}


def tariffs() -> None:
    """The seeded tariffs (a transactional test's flush removes the data migration's rows)."""
    from members.models import CostShareTariff

    for kind, amount in (("first", "4160.00"), ("recertification", "3725.00")):
        CostShareTariff.objects.get_or_create(kind=kind, valid_from=date(2024, 1, 1),
                                              defaults={"amount": Decimal(amount)})
