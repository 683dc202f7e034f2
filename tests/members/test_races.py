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


def _waiting_on_locks() -> int:
    """Backends of this test database that wait for a row lock now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


def _wait_until(condition, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the lock queue"
        time.sleep(0.02)


def test_approve_and_a_reject_that_promotes_the_wait_list_take_locks_in_one_order():
    """Finding 18: `cost_share_approve` locked the request, then the budget; `cost_share_reject` (through
    the automatic wait-list promotion of the time) the budget, then the wait-listed requests. Queued behind
    a third lock on the budget with the reject first, the two deadlocked. Budget first in every decision:
    they run one after the other."""
    import threading

    from django.db import connection, transaction

    from members.models import CostShareBudget

    today = timezone.localdate()
    tariffs()
    budget(today.year, "4160")
    requests = []
    for _ in range(2):
        cluster = member(started_on=add_months(today, -12))
        args = request_args(planned_start=add_months(today, 12), prerequisite_on=today)
        requests.append(memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(),
                                                              today=today, **args))
    approved, waiting = requests
    staff = StaffFactory()
    memberships.cost_share_approve(request=approved, by=staff)
    memberships.cost_share_waitlist(request=waiting, by=staff)
    budget_locked, release = threading.Event(), threading.Event()

    def hold_the_budget():
        with transaction.atomic():
            CostShareBudget.objects.select_for_update().get(year=today.year)
            budget_locked.set()
            release.wait(timeout=20)
        return "released"

    def reject_first():
        budget_locked.wait(timeout=10)
        return memberships.cost_share_reject(request=approved, by=staff, note="Zertifizierung abgesagt")

    def approve_second():
        budget_locked.wait(timeout=10)
        _wait_until(lambda: _waiting_on_locks() >= 1)  # the reject waits in the queue first
        return memberships.cost_share_approve(request=waiting, by=staff)

    def conductor():
        budget_locked.wait(timeout=10)
        _wait_until(lambda: _waiting_on_locks() >= 2)  # both wait behind the budget lock
        release.set()
        connection.close()
        return "done"

    results = run_concurrently(hold_the_budget, reject_first, approve_second, conductor)
    errors = [value for kind, value in results if kind == "error"]
    # No deadlock: the reject frees the budget (the wait list moves up only when staff say so, issue 17),
    # then the approve of the waiting request finds the budget it needs.
    assert errors == []
    assert dict(CostShareRequest.objects.values_list("pk", "state")) == {approved.pk: "rejected",
                                                                         waiting.pk: "approved"}
