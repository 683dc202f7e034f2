"""Real concurrency against PostgreSQL: two requests at the same moment give one result and one refusal."""

import pytest

from applications.enums import ApplicationState as S
from applications.models import AuditEntry, Vote
from applications.services import cases, voting
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from tests.applications.builders import Cast, case_in_state
from tests.factories import StaffFactory
from tests.race import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_staff_accepting_at_once_give_one_transition_and_one_refusal():
    cast = Cast()
    application = case_in_state(S.SUBMITTED, cast)
    second = StaffFactory()
    results = run_concurrently(
        lambda: apply_transition(application=application, name="accept_for_review", by=cast.staff),
        lambda: apply_transition(application=application, name="accept_for_review", by=second),
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Refusal)
    assert error.messages[0].startswith("Der Schritt „Zur Prüfung annehmen“ ist im Status „In Prüfung“ nicht möglich.")
    assert AuditEntry.objects.filter(application=application, action="accept_for_review").count() == 1


def test_voter_double_submitting_gives_one_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voter = cast.board[0]
    results = run_concurrently(*[
        (lambda: voting.vote_cast(application=application, voter=voter, choice="approve")) for _ in range(4)
    ])
    assert [kind for kind, _ in results] == ["ok"] * 4
    assert Vote.objects.filter(voter=voter).count() == 1
    assert AuditEntry.objects.filter(application=application, action="vote_cast").count() == 1


def test_two_applications_started_at_once_for_one_cluster_give_one():
    from tests.applications.builders import draft

    application = draft(complete=False)
    cluster, manager = application.cluster, application.cluster.managers.first()
    apply_transition(application=application, name="withdraw", by=manager)
    results = run_concurrently(
        lambda: cases.application_start(cluster=cluster, by=manager),
        lambda: cases.application_start(cluster=cluster, by=manager),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert cluster.applications.exclude(state=S.WITHDRAWN).count() == 1


def test_advisory_call_requested_twice_at_once_gives_one_call():
    # Finding 18: a double click on "request a call" must not create two open calls.
    from datetime import timedelta

    from django.utils import timezone

    from applications.models import AdvisoryCall
    from applications.services import calls
    from tests.factories import ClusterFactory

    cluster = ClusterFactory()
    manager = cluster.managers.first()
    slots = [timezone.now() + timedelta(days=3), timezone.now() + timedelta(days=4)]
    results = run_concurrently(*[
        (lambda: calls.advisory_call_request(cluster=cluster, by=manager, mode="video", preferred_slots=slots))
        for _ in range(3)
    ])
    assert sorted(kind for kind, _ in results) == ["error", "error", "ok"]
    for kind, value in results:
        if kind == "error":
            assert isinstance(value, Refusal)
            assert value.messages == ["Für diesen Cluster ist bereits ein Beratungsgespräch angefragt oder terminiert."]
    assert AdvisoryCall.objects.filter(cluster=cluster).count() == 1
