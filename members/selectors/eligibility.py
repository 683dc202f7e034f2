"""The programme's date rules for members, as pure functions with a `today` argument.

- Bronze/Silver labels are valid for two years from the assessment month (to its last day).
- The Silver label is due two years after admission unless a valid Gold label exists.
- The Gold-label cost share: who may request it, and for how much (the tariff valid on the day).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.enums import (
    LABEL_RANK,
    OPEN_COST_SHARE_STATES,
    CostShareKind,
    LabelLevel,
    MembershipStatus,
    Prerequisite,
    SilverStatus,
)
from members.models import CostShareRequest, CostShareTariff, LabelRecord, Membership

SILVER_DUE_MONTHS = 24
LABEL_VALIDITY_MONTHS = 24
PREREQUISITE_YEARS = 4


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 Feb -> 28 Feb)."""
    return add_months(day, -12 * years)


def label_valid_until(level: str, assessed_on: date) -> date | None:
    """Bronze/Silver: the last day of the month two years after the assessment month. Gold: None
    (the certificate says it)."""
    if level == LabelLevel.GOLD:
        return None
    end = add_months(assessed_on.replace(day=1), LABEL_VALIDITY_MONTHS)
    return end.replace(day=calendar.monthrange(end.year, end.month)[1])


def best_valid_label(labels, today: date) -> LabelRecord | None:
    """The highest label valid on `today` among `labels` (an iterable, e.g. a prefetched list)."""
    valid = [label for label in labels if label.is_valid_on(today)]
    return max(valid, key=lambda lb: (LABEL_RANK[lb.level], lb.valid_until), default=None)


@dataclass(frozen=True)
class SilverObligation:
    due_on: date
    status: str
    due_today: bool = False

    @property
    def label(self) -> str:
        """"offen" before the due date, "heute fällig" on it, "überfällig" after it (or met / not required)."""
        if self.status == SilverStatus.DUE and self.due_today:
            return _("heute fällig")
        return SilverStatus(self.status).label


def silver_obligation(*, started_on: date, labels, today: date) -> SilverObligation:
    """Silver is due two years after admission. Up to and including the due date it is `due` (still open),
    the day after `overdue`.

    A Gold label valid today makes it `not_required`; a Silver label valid today makes it `met`.
    """
    due_on = add_months(started_on, SILVER_DUE_MONTHS)
    labels = list(labels)
    if any(lb.level == LabelLevel.GOLD and lb.is_valid_on(today) for lb in labels):
        return SilverObligation(due_on, SilverStatus.NOT_REQUIRED)
    if any(lb.level == LabelLevel.SILVER and lb.is_valid_on(today) for lb in labels):
        return SilverObligation(due_on, SilverStatus.MET)
    if today <= due_on:
        return SilverObligation(due_on, SilverStatus.DUE, due_today=today == due_on)
    return SilverObligation(due_on, SilverStatus.OVERDUE)


# --- Gold-label cost share ---------------------------------------------------------------------


def tariff_on(kind: str, day: date) -> CostShareTariff | None:
    return CostShareTariff.objects.filter(kind=kind, valid_from__lte=day).order_by("-valid_from").first()


@dataclass
class Eligibility:
    reasons: list[str] = field(default_factory=list)  # why not, in German; empty when eligible
    tariff: CostShareTariff | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons and self.tariff is not None

    @property
    def amount(self) -> Decimal | None:
        return self.tariff.amount if self.tariff else None


def _d(day: date) -> str:
    return date_format(day, "d.m.Y")


def cost_share_eligibility(*, cluster, kind: str, planned_start: date | None, prerequisite: str,
                           prerequisite_on: date | None, no_other_cost_share: bool, today: date) -> Eligibility:
    """Check a cost-share request before it is sent; every reason says what is missing and how to fix it."""
    result = Eligibility()
    reasons = result.reasons
    membership = Membership.objects.filter(cluster=cluster).exclude(status=MembershipStatus.ENDED).first()
    if membership is None or membership.started_on > today:
        reasons.append(_("Einen Kostenanteil können nur Mitglieder von go-cluster beantragen."))
    elif membership.status == MembershipStatus.NOTICE_GIVEN:
        reasons.append(_("Die Mitgliedschaft ist gekündigt; ein Kostenanteil kann nicht mehr beantragt werden."))
    if CostShareRequest.objects.filter(cluster=cluster, state__in=OPEN_COST_SHARE_STATES).exists():
        reasons.append(_("Für diesen Cluster liegt bereits ein offener Antrag auf einen Kostenanteil vor."))
    if not no_other_cost_share:
        reasons.append(_("Bitte bestätigen Sie, dass keine andere Kostenbeteiligung Dritter besteht; "
                         "sonst ist kein Kostenanteil möglich."))
    if planned_start is None:
        reasons.append(_("Bitte geben Sie den geplanten Beginn des Zertifizierungsprozesses an."))
    elif planned_start <= today:
        reasons.append(_(
            "Der Kostenanteil muss vor Beginn des Zertifizierungsprozesses beantragt werden: der geplante Beginn "
            "(%(start)s) muss nach dem heutigen Tag (%(today)s) liegen. Rückwirkend ist keine Beteiligung möglich."
        ) % {"start": _d(planned_start), "today": _d(today)})
    if prerequisite not in Prerequisite.values:
        reasons.append(_("Bitte wählen Sie, welche Voraussetzung Ihr Clustermanagement erfüllt."))
    elif prerequisite_on is None:
        reasons.append(_("Bitte geben Sie das Datum des Abschlusses bzw. der Zertifizierung an."))
    elif prerequisite_on > today:
        reasons.append(_("Das Datum der Voraussetzung (%(day)s) liegt in der Zukunft.") % {"day": _d(prerequisite_on)})
    elif prerequisite != Prerequisite.SILVER and prerequisite_on < years_before(today, PREREQUISITE_YEARS):
        reasons.append(_(
            "Gold-Label-Prozess oder ISO-9001-Zertifizierung dürfen höchstens vier Jahre zurückliegen, also "
            "nicht vor dem %(limit)s; angegeben ist der %(day)s."
        ) % {"limit": _d(years_before(today, PREREQUISITE_YEARS)), "day": _d(prerequisite_on)})
    if kind not in CostShareKind.values:
        reasons.append(_("Bitte wählen Sie Erst- oder Rezertifizierung."))
    else:
        result.tariff = tariff_on(kind, today)
        if result.tariff is None:
            reasons.append(_(
                "Für „%(kind)s“ ist zum %(today)s kein Tarif hinterlegt; der Betrag kann nicht bestimmt werden. "
                "Bitte wenden Sie sich an die Geschäftsstelle."
            ) % {"kind": CostShareKind(kind).label, "today": _d(today)})
    return result
