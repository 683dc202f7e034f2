"""Cost-share eligibility at its boundaries (programme rule 8)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from members.models import CostShareTariff
from members.selectors.eligibility import cost_share_eligibility, tariff_on
from members.services.memberships import membership_give_notice
from tests.factories import ClusterFactory, StaffFactory
from tests.members.builders import TODAY, member, request_args

pytestmark = pytest.mark.django_db


def check(cluster, **overrides):
    return cost_share_eligibility(cluster=cluster, today=TODAY, **request_args(**overrides))


def test_eligibility_member_with_silver_gets_the_first_certification_tariff():
    result = check(member())
    assert result.reasons == []
    assert result.eligible is True
    assert result.amount == Decimal("4160.00")


def test_eligibility_recertification_uses_its_own_tariff():
    assert check(member(), kind="recertification").amount == Decimal("3725.00")


def test_eligibility_gold_exactly_four_years_ago_to_the_day_is_accepted():
    assert check(member(), prerequisite="gold", prerequisite_on=date(2022, 6, 15)).eligible is True


def test_eligibility_gold_four_years_and_one_day_ago_is_refused():
    result = check(member(), prerequisite="gold", prerequisite_on=date(2022, 6, 14))
    assert result.eligible is False
    assert result.reasons == [
        "Gold-Label-Prozess oder ISO-9001-Zertifizierung dürfen höchstens vier Jahre zurückliegen, also nicht vor "
        "dem 15.06.2022; angegeben ist der 14.06.2022."
    ]


def test_eligibility_iso9001_boundary_is_the_same_as_gold():
    cluster = member()
    assert check(cluster, prerequisite="iso9001", prerequisite_on=date(2022, 6, 15)).eligible is True
    assert check(cluster, prerequisite="iso9001", prerequisite_on=date(2022, 6, 14)).eligible is False


def test_eligibility_silver_completed_long_ago_still_counts():
    assert check(member(), prerequisite="silver", prerequisite_on=date(2015, 3, 1)).eligible is True


def test_eligibility_prerequisite_in_the_future_is_refused():
    result = check(member(), prerequisite_on=TODAY + timedelta(days=1))
    assert result.reasons == ["Das Datum der Voraussetzung (16.06.2026) liegt in der Zukunft."]


def test_eligibility_planned_start_on_the_request_day_is_refused():
    result = check(member(), planned_start=TODAY)
    assert result.reasons == [
        "Der Kostenanteil muss vor Beginn des Zertifizierungsprozesses beantragt werden: der geplante Beginn "
        "(15.06.2026) muss nach dem heutigen Tag (15.06.2026) liegen. Rückwirkend ist keine Beteiligung möglich."
    ]


def test_eligibility_planned_start_the_day_after_the_request_is_accepted():
    assert check(member(), planned_start=TODAY + timedelta(days=1)).eligible is True


def test_eligibility_retroactive_start_is_refused():
    assert check(member(), planned_start=TODAY - timedelta(days=30)).eligible is False


def test_eligibility_not_a_member_is_refused():
    result = check(ClusterFactory())
    assert result.reasons == ["Einen Kostenanteil können nur Mitglieder von go-cluster beantragen."]


def test_eligibility_membership_starting_later_is_refused():
    result = check(member(started_on=TODAY + timedelta(days=1)))
    assert result.reasons == ["Einen Kostenanteil können nur Mitglieder von go-cluster beantragen."]


def test_eligibility_after_notice_is_refused():
    cluster = member()
    membership_give_notice(membership=cluster.memberships.get(), effective_on=date(2026, 3, 1), by=StaffFactory())
    assert check(cluster).reasons == [
        "Die Mitgliedschaft ist gekündigt; ein Kostenanteil kann nicht mehr beantragt werden."]


def test_eligibility_other_third_party_cost_share_is_refused():
    result = check(member(), no_other_cost_share=False)
    assert result.reasons == ["Bitte bestätigen Sie, dass keine andere Kostenbeteiligung Dritter besteht; sonst "
                              "ist kein Kostenanteil möglich."]


def test_eligibility_without_a_tariff_for_the_date_is_a_clear_error():
    CostShareTariff.objects.all().delete()
    result = check(member())
    assert result.eligible is False
    assert result.tariff is None
    assert result.reasons == [
        "Für „Erstzertifizierung“ ist zum 15.06.2026 kein Tarif hinterlegt; der Betrag kann nicht bestimmt werden. "
        "Bitte wenden Sie sich an die Geschäftsstelle."
    ]


def test_eligibility_before_the_first_tariff_date_has_no_tariff():
    assert tariff_on("first", date(2023, 12, 31)) is None
    assert tariff_on("first", date(2024, 1, 1)).amount == Decimal("4160.00")


def test_eligibility_amount_comes_from_the_tariff_valid_on_the_request_date():
    CostShareTariff.objects.create(kind="first", valid_from=date(2026, 6, 16), amount=Decimal("4500.00"))
    assert check(member()).amount == Decimal("4160.00")
    later = cost_share_eligibility(cluster=member(), today=date(2026, 6, 16),
                                   **request_args(planned_start=date(2026, 9, 1)))
    assert later.amount == Decimal("4500.00")
