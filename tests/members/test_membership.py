"""Memberships: started by releasing an admission, notice and end recorded by staff, history append-only."""

from datetime import date

import pytest
from django.utils import timezone

from applications.enums import ApplicationState as S
from gocluster.errors import Refusal
from members.models import Membership
from members.services import memberships
from tests.applications.builders import Cast, case_in_state
from tests.factories import ClusterFactory, StaffFactory
from tests.members.builders import label, member

pytestmark = pytest.mark.django_db


# Released at 00:30 on New Year's Day in Berlin, when UTC still says 31 December: the membership starts
# on Berlin's date.
@pytest.mark.time_machine("2027-01-01T00:30:00+01:00")
def test_membership_starts_when_an_admission_is_released():
    cast = Cast()
    application = case_in_state(S.ADMITTED, cast)
    membership = Membership.objects.get(cluster=application.cluster)
    assert application.membership == membership
    assert timezone.localdate() == date(2027, 1, 1)
    assert (membership.status, membership.started_on, membership.created_by) == (
        "active", timezone.localdate(), cast.staff)
    assert membership.bronze_financed is True
    assert list(membership.status_changes.values_list("status", "effective_on")) == [
        ("active", timezone.localdate())]


def test_membership_is_not_started_by_a_rejection():
    application = case_in_state(S.REJECTED)
    assert application.membership is None
    assert Membership.objects.count() == 0


def test_membership_start_with_a_valid_label_needs_no_financed_bronze():
    cluster = ClusterFactory()
    label(cluster, "bronze", date(2025, 5, 1))
    membership = memberships.membership_start(cluster=cluster, started_on=date(2026, 1, 5), by=StaffFactory())
    assert membership.bronze_financed is False


def test_membership_start_with_an_expired_label_is_marked_for_financed_bronze():
    cluster = ClusterFactory()
    label(cluster, "bronze", date(2023, 5, 1))  # valid until 31.05.2025
    membership = memberships.membership_start(cluster=cluster, started_on=date(2026, 1, 5), by=StaffFactory())
    assert membership.bronze_financed is True


def test_membership_start_twice_returns_the_current_membership():
    cluster = member()
    again = memberships.membership_start(cluster=cluster, started_on=date(2026, 2, 1), by=StaffFactory())
    assert Membership.objects.filter(cluster=cluster).count() == 1
    assert again.started_on == date(2025, 1, 10)


def test_membership_notice_then_end_are_kept_in_the_history():
    staff = StaffFactory()
    membership = member().memberships.get()
    memberships.membership_give_notice(membership=membership, effective_on=date(2026, 3, 1), by=staff, comment="Brief")
    memberships.membership_end(membership=membership, ended_on=date(2026, 12, 31), by=staff)
    membership.refresh_from_db()
    assert (membership.status, membership.notice_given_on, membership.ended_on) == (
        "ended", date(2026, 3, 1), date(2026, 12, 31))
    assert list(membership.status_changes.values_list("status", "effective_on", "comment")) == [
        ("active", date(2025, 1, 10), "Aufnahme in go-cluster"), ("notice_given", date(2026, 3, 1), "Brief"),
        ("ended", date(2026, 12, 31), "")]


def test_membership_notice_by_a_manager_is_refused():
    cluster = member()
    with pytest.raises(Refusal) as error:
        memberships.membership_give_notice(membership=cluster.memberships.get(), effective_on=date(2026, 3, 1),
                                        by=cluster.managers.first())
    assert error.value.messages == ["Nur die Geschäftsstelle kann diesen Schritt ausführen."]


def test_membership_end_before_the_start_is_refused():
    with pytest.raises(Refusal):
        memberships.membership_end(membership=member().memberships.get(), ended_on=date(2024, 1, 1), by=StaffFactory())


def test_membership_ended_cluster_may_start_again():
    staff = StaffFactory()
    cluster = member()
    memberships.membership_end(membership=cluster.memberships.get(), ended_on=date(2025, 6, 1), by=staff)
    memberships.membership_start(cluster=cluster, started_on=date(2026, 1, 1), by=staff)
    assert list(cluster.memberships.order_by("started_on").values_list("status", flat=True)) == ["ended", "active"]


def test_label_gold_needs_the_certificate_date():
    with pytest.raises(Refusal) as error:
        memberships.label_record_add(cluster=member(), level="gold", assessed_on=date(2026, 1, 1), by=StaffFactory())
    assert error.value.messages == ["Bitte geben Sie für ein Gold-Label das Gültigkeitsdatum laut Zertifikat an."]


def test_label_silver_validity_is_computed():
    record = memberships.label_record_add(cluster=member(), level="silver", assessed_on=date(2026, 1, 20),
                                       by=StaffFactory(), financed_by_programme=False)
    assert record.valid_until == date(2028, 1, 31)
