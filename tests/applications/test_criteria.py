from decimal import Decimal

import pytest

from applications.enums import ActorCategory
from applications.models import QualityCriterion
from applications.selectors.criteria import actor_statistics, evaluate
from tests.applications.builders import draft
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def _status(application, code):
    results = {r.criterion.code: r for r in evaluate(application)}
    return results[code].status, results[code].value


@pytest.mark.parametrize(("members", "expected"), [(14, "fail"), (15, "pass"), (16, "pass")])
def test_committed_actor_threshold(members, expected):
    application = draft(complete=False)
    for _ in range(members):
        ActorFactory(application=application, commitment="member")
    ActorFactory(application=application, commitment="partner")
    assert _status(application, "verbindliche-akteure") == (expected, Decimal(members))


@pytest.mark.parametrize(("fte", "expected"), [("0.49", "fail"), ("0.50", "pass"), ("0.51", "pass")])
def test_management_fte_threshold(fte, expected):
    application = draft(complete=False)
    application.management_fte = Decimal(fte)
    assert _status(application, "personal") == (expected, Decimal(fte))


def test_missing_data_is_not_computable():
    application = draft(complete=False)
    assert _status(application, "personal") == ("not_computable", None)
    assert _status(application, "kmu-anteil") == ("not_computable", None)
    assert _status(application, "gremien") == ("not_computable", None)


@pytest.mark.parametrize(("smes", "others", "expected", "share"), [
    (3, 7, "pass", Decimal("30.0")), (2, 8, "fail", Decimal("20.0")), (29, 71, "fail", Decimal("29.0")),
])
def test_sme_share_threshold(smes, others, expected, share):
    application = draft(complete=False)
    for _ in range(smes):
        ActorFactory(application=application, category=ActorCategory.SME)
    for _ in range(others):
        ActorFactory(application=application, category=ActorCategory.LARGE_COMPANY)
    assert _status(application, "kmu-anteil") == (expected, share)


def test_threshold_edited_by_staff_changes_the_result():
    application = draft(complete=False)
    application.management_fte = Decimal("1.0")
    QualityCriterion.objects.filter(code="personal").update(threshold=Decimal("1.5"), is_default=False)
    assert _status(application, "personal") == ("fail", Decimal("1.0"))


def test_default_criteria_are_seeded_and_labelled():
    areas = list(QualityCriterion.objects.values_list("area__name", flat=True).distinct().order_by("area__order"))
    assert areas == ["Struktur und Zusammensetzung", "Clustermanagement und Steuerung",
                     "Aktivitäten und Kooperationen", "Sichtbarkeit und Wirkung"]
    assert QualityCriterion.objects.filter(is_default=False).count() == 0


def test_actor_statistics():
    application = draft()
    stats = actor_statistics(list(application.actors.all()))
    assert (stats.total, stats.sme_share, stats.research_share, stats.type_count) == (
        16, Decimal("62.5"), Decimal("18.8"), 3)
    assert stats.by_category == [("KMU", 10), ("Großunternehmen", 3), ("Hochschule/Institut", 3)]
