"""Two staff members approving at the same moment never overdraw the yearly budget (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from gocluster.errors import Refusal
from members.models import CostShareRequest
from members.selectors.eligibility import add_months
from members.services import memberships
from tests.factories import StaffFactory
from tests.members.builders import budget, member, request_args, tariffs
from tests.race import run_concurrently

# This year's budget and a planned start after today: on TODAY of tests/members/builders.py, 10:00 Berlin time.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True),
              pytest.mark.time_machine("2026-06-15T10:00:00+02:00")]


def test_two_staff_approving_at_once_when_budget_fits_one_give_one_approval_and_one_refusal():
    today = timezone.localdate()
    tariffs()
    budget(today.year, "5000")
    requests = []
    for _ in range(2):
        cluster = member(started_on=add_months(today, -12))
        args = request_args(planned_start=add_months(today, 12), prerequisite_on=today)
        requests.append(memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(), today=today,
                                                           **args))
    first, second = StaffFactory(), StaffFactory()
    results = run_concurrently(
        lambda: memberships.cost_share_approve(request=requests[0], by=first),
        lambda: memberships.cost_share_approve(request=requests[1], by=second),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Refusal)
    assert error.messages[0].startswith(
        f"Das Budget {today.year} reicht nicht: verfügbar sind 840\u00a0€, beantragt 4.160\u00a0€.")
    approved = CostShareRequest.objects.filter(state="approved")
    assert approved.count() == 1
    assert sum(r.amount for r in approved) == Decimal("4160.00")


def test_the_same_request_approved_twice_at_once_is_approved_once():
    today = timezone.localdate()
    tariffs()
    budget(today.year, "50000")
    cluster = member(started_on=add_months(today, -12))
    request = memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(), today=today,
                                                 **request_args(planned_start=add_months(today, 12),
                                                                prerequisite_on=today))
    results = run_concurrently(*[lambda: memberships.cost_share_approve(request=request, by=StaffFactory())
                                 for _ in range(2)])
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert CostShareRequest.objects.filter(state="approved").count() == 1
