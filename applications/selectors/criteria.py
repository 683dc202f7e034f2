"""Evaluate an application against the quality criteria: pass, fail or not computable, with the value."""

import operator
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from applications.enums import RESEARCH_CATEGORIES, ActorCategory, Commitment, CriterionStatus, Metric, Operator
from applications.models import Application, QualityCriterion

_COMPARE = {Operator.GTE: operator.ge, Operator.GT: operator.gt, Operator.LTE: operator.le, Operator.LT: operator.lt}


@dataclass(frozen=True)
class CriterionResult:
    criterion: QualityCriterion
    status: str
    value: Decimal | None

    @property
    def status_label(self) -> str:
        return CriterionStatus(self.status).label


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def measure(application: Application, actors: list) -> dict[str, Decimal | None]:
    """Every metric's value for this application (None where the data for it is missing)."""
    categories = Counter(a.category for a in actors)
    total = len(actors)
    year = application.cluster.year_founded
    shares = (application.share_member_fees, application.share_project_funds, application.share_service_revenue)
    return {
        Metric.ACTOR_COUNT: Decimal(total),
        Metric.COMMITTED_ACTOR_COUNT: Decimal(sum(a.commitment == Commitment.MEMBER for a in actors)),
        Metric.SME_SHARE: _percent(categories[ActorCategory.SME], total),
        Metric.RESEARCH_ACTOR_COUNT: Decimal(sum(categories[c] for c in RESEARCH_CATEGORIES)),
        Metric.ACTOR_TYPE_COUNT: Decimal(len(categories)),
        Metric.YEARS_SINCE_FOUNDING: Decimal(timezone.localdate().year - year) if year else None,
        Metric.MANAGEMENT_FTE: application.management_fte,
        Metric.NON_PUBLIC_FUNDING_SHARE: None if any(s is None for s in shares) else Decimal(sum(shares)),
        Metric.INTERNATIONAL_ACTOR_COUNT: Decimal(sum(a.country != "DE" for a in actors)),
    }


def evaluate(application: Application, criteria=None, actors=None) -> list[CriterionResult]:
    """Results for all active criteria (or those given), in their order. Two queries at most."""
    if criteria is None:
        criteria = QualityCriterion.objects.filter(active=True).select_related("area")
    if actors is None:
        actors = list(application.actors.all())
    values = measure(application, actors)
    results = []
    for criterion in criteria:
        if not criterion.metric:
            results.append(CriterionResult(criterion, CriterionStatus.NOT_COMPUTABLE, None))
            continue
        value = values[criterion.metric]
        if value is None:
            results.append(CriterionResult(criterion, CriterionStatus.NOT_COMPUTABLE, None))
            continue
        passed = _COMPARE[criterion.operator](value, criterion.threshold)
        results.append(CriterionResult(criterion, CriterionStatus.PASS if passed else CriterionStatus.FAIL, value))
    return results


@dataclass(frozen=True)
class ActorStatistics:
    total: int
    by_category: list[tuple[str, int]]
    sme_share: Decimal | None
    research_share: Decimal | None
    type_count: int
    startup_count: int


def actor_statistics(actors: list) -> ActorStatistics:
    categories = Counter(a.category for a in actors)
    total = len(actors)
    return ActorStatistics(
        total=total,
        by_category=[(c.label, categories[c]) for c in ActorCategory if categories[c]],
        sme_share=_percent(categories[ActorCategory.SME], total),
        research_share=_percent(sum(categories[c] for c in RESEARCH_CATEGORIES), total),
        type_count=len(categories),
        startup_count=sum(a.is_startup for a in actors),
    )
