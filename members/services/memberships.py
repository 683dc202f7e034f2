"""Writes of the members floor: memberships, labels, Gold-label cost shares. Keyword-only; refusals
are `Refusal`s with German messages.

`membership_start` is what the admission workflow calls when it releases an admission.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gocluster import jobs
from gocluster.errors import Refusal
from gocluster.numbers import format_euro
from members.enums import CostShareState, MembershipStatus, Role
from members.models import (
    Cluster,
    CostShareBudget,
    CostShareRequest,
    LabelRecord,
    Membership,
    MembershipStatusChange,
    WaitlistPromotion,
)
from members.selectors.access import manages_cluster
from members.selectors.eligibility import best_valid_label, cost_share_eligibility, label_valid_until
from members.selectors.membership import waitlist_moving_up
from members.services import notifications

# --- Membership ------------------------------------------------------------------------------


def membership_start(*, cluster: Cluster, started_on: date, by) -> Membership:
    """Start the cluster's membership (idempotent: a current membership is returned as it is).

    A cluster that holds no valid label on the start date is marked for a programme-financed
    Bronze benchmarking (programme rule 7).
    """
    with transaction.atomic():
        Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
        current = Membership.objects.filter(cluster=cluster).exclude(status=MembershipStatus.ENDED).first()
        if current is not None:
            return current
        has_label = best_valid_label(LabelRecord.objects.filter(cluster=cluster), started_on) is not None
        membership = Membership.objects.create(cluster=cluster, started_on=started_on, bronze_financed=not has_label,
                                               created_by=by)
        MembershipStatusChange.objects.create(membership=membership, status=MembershipStatus.ACTIVE,
                                              effective_on=started_on, recorded_by=by,
                                              comment=_("Aufnahme in go-cluster"))
    return membership


def _require_staff(by) -> None:
    if by is None or by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle kann diesen Schritt ausführen."))


def membership_give_notice(*, membership: Membership, effective_on: date, by, comment: str = "") -> Membership:
    _require_staff(by)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.ACTIVE:
            raise Refusal(_("Eine Kündigung kann nur für eine aktive Mitgliedschaft erfasst werden."))
        if effective_on < membership.started_on:
            raise Refusal(_("Die Kündigung kann nicht vor Beginn der Mitgliedschaft liegen."))
        membership.status, membership.notice_given_on = MembershipStatus.NOTICE_GIVEN, effective_on
        membership.save(update_fields=["status", "notice_given_on"])
        MembershipStatusChange.objects.create(membership=membership, status=membership.status,
                                              effective_on=effective_on, recorded_by=by, comment=comment)
    return membership


def membership_end(*, membership: Membership, ended_on: date, by, comment: str = "") -> Membership:
    _require_staff(by)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == MembershipStatus.ENDED:
            raise Refusal(_("Die Mitgliedschaft ist bereits beendet."))
        if ended_on < (membership.notice_given_on or membership.started_on):
            raise Refusal(_("Das Ende kann nicht vor Beginn oder Kündigung der Mitgliedschaft liegen."))
        membership.status, membership.ended_on = MembershipStatus.ENDED, ended_on
        membership.save(update_fields=["status", "ended_on"])
        MembershipStatusChange.objects.create(membership=membership, status=membership.status,
                                              effective_on=ended_on, recorded_by=by, comment=comment)
    return membership


# --- Labels ------------------------------------------------------------------------------------


def label_record_add(*, cluster: Cluster, level: str, assessed_on: date, by, valid_until: date | None = None,
                     financed_by_programme: bool = False, certificate=None) -> LabelRecord:
    """Record a label. Bronze/Silver validity follows from the assessment month; Gold needs the
    certificate's date."""
    _require_staff(by)
    computed = label_valid_until(level, assessed_on)
    valid_until = computed or valid_until
    if valid_until is None:
        raise Refusal(_("Bitte geben Sie für ein Gold-Label das Gültigkeitsdatum laut Zertifikat an."))
    if valid_until < assessed_on:
        raise Refusal(_("Das Gültigkeitsdatum muss nach dem Assessment liegen."))
    label = LabelRecord(cluster=cluster, level=level, assessed_on=assessed_on, valid_until=valid_until,
                        financed_by_programme=financed_by_programme, created_by=by)
    if certificate is not None:
        label.certificate_name = certificate.name[:200]
        label.certificate.save("certificate.pdf", certificate, save=False)
    label.save()
    return label


# --- Gold-label cost share -----------------------------------------------------------------------


def budget_used(year: int) -> Decimal:
    return CostShareRequest.objects.filter(budget_year=year, state=CostShareState.APPROVED).aggregate(
        total=Sum("amount"))["total"] or Decimal("0")


def cost_share_request_submit(*, cluster: Cluster, by, kind: str, planned_start: date | None, prerequisite: str,
                              prerequisite_on: date | None, no_other_cost_share: bool, evidence=None,
                              today: date | None = None) -> CostShareRequest:
    """Send a request; refused with the eligibility reasons when the rules are not met."""
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann einen Kostenanteil beantragen."))
    today = today or timezone.localdate()
    with transaction.atomic():
        # One open request per cluster: of two simultaneous sends, the second sees the first.
        Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
        check = cost_share_eligibility(cluster=cluster, kind=kind, planned_start=planned_start,
                                       prerequisite=prerequisite, prerequisite_on=prerequisite_on,
                                       no_other_cost_share=no_other_cost_share, today=today)
        if not check.eligible:
            raise Refusal(*check.reasons)
        request = CostShareRequest(
            cluster=cluster, kind=kind, requested_on=today, planned_start=planned_start,
            no_other_cost_share=True, prerequisite=prerequisite, prerequisite_on=prerequisite_on,
            tariff=check.tariff, amount=check.amount, budget_year=today.year, requested_by=by,
        )
        if evidence is not None:
            request.evidence_name = evidence.name[:200]
            request.evidence.save("evidence.pdf", evidence, save=False)
        request.save()
    transaction.on_commit(lambda: notifications.notify_cost_share_submitted(request.pk))
    return request


# Lock order, everywhere: the year's budget row first, then the request rows (as `waitlist_promote` does).
# Two decisions taking them in opposite orders could each hold what the other waits for (a deadlock).


def _locked(request: CostShareRequest) -> CostShareRequest:
    return CostShareRequest.objects.select_for_update().select_related("cluster").get(pk=request.pk)


def _lock_budget_then_request(request: CostShareRequest) -> tuple[CostShareBudget | None, CostShareRequest]:
    """Lock the budget of the request's year (None if there is none), then the request. The budget year
    never changes, so it can be read before the lock."""
    budget = CostShareBudget.objects.select_for_update().filter(year=request.budget_year).first()
    return budget, _locked(request)


def _require_budget(budget: CostShareBudget | None, year: int) -> CostShareBudget:
    if budget is None:
        raise Refusal(_("Für %(year)s ist noch kein Budget für Kostenanteile eingetragen.") % {"year": year})
    return budget


def _decide(request: CostShareRequest, state: str, by, note: str, now) -> None:
    request.state, request.decided_by, request.decided_at, request.decision_note = state, by, now, note
    fields = ["state", "decided_by", "decided_at", "decision_note"]
    if state == CostShareState.WAITLISTED:
        request.waitlisted_at = now
        fields.append("waitlisted_at")
    request.save(update_fields=fields)
    jobs.later("members.tasks.send_cost_share_decision", request_id=request.pk)


def cost_share_approve(*, request: CostShareRequest, by, note: str = "") -> CostShareRequest:
    """Approve while the year's budget allows; the budget row lock makes simultaneous approvals queue,
    so the pool is never overdrawn."""
    _require_staff(by)
    with transaction.atomic():
        budget, request = _lock_budget_then_request(request)
        if request.state not in (CostShareState.SUBMITTED, CostShareState.WAITLISTED):
            raise Refusal(_("Der Antrag ist „%(state)s“ und kann nicht mehr bewilligt werden.")
                              % {"state": request.get_state_display()})
        budget = _require_budget(budget, request.budget_year)
        available = budget.total - budget_used(budget.year)
        if request.amount > available:
            raise Refusal(_(
                "Das Budget %(year)s reicht nicht: verfügbar sind %(available)s, beantragt %(amount)s. "
                "Setzen Sie den Antrag auf die Warteliste."
            ) % {"year": budget.year, "available": format_euro(available), "amount": format_euro(request.amount)})
        _decide(request, CostShareState.APPROVED, by, note, timezone.now())
    return request


def cost_share_waitlist(*, request: CostShareRequest, by, note: str = "") -> CostShareRequest:
    _require_staff(by)
    with transaction.atomic():
        request = _locked(request)
        if request.state != CostShareState.SUBMITTED:
            raise Refusal(_("Nur eingereichte Anträge können auf die Warteliste gesetzt werden."))
        _decide(request, CostShareState.WAITLISTED, by, note, timezone.now())
    return request


def cost_share_reject(*, request: CostShareRequest, by, note: str) -> CostShareRequest:
    """Reject (also revoke an approval). Budget a revoked approval frees stays free until staff let the wait
    list move up (`waitlist_promote`): no other request is decided as a side effect."""
    _require_staff(by)
    if not note.strip():
        raise Refusal(_("Bitte begründen Sie die Ablehnung; die Begründung steht im Bescheid."))
    with transaction.atomic():
        _budget, request = _lock_budget_then_request(request)  # the one lock order: budget, then request
        if request.state in (CostShareState.REJECTED, CostShareState.WITHDRAWN):
            raise Refusal(_("Der Antrag ist bereits abgeschlossen."))
        _decide(request, CostShareState.REJECTED, by, note.strip(), timezone.now())
    return request


def cost_share_withdraw(*, request: CostShareRequest, by) -> CostShareRequest:
    """The member withdraws; an approval given back frees budget, which staff may then give to the wait list."""
    with transaction.atomic():
        _budget, request = _lock_budget_then_request(request)  # the one lock order: budget, then request
        if not manages_cluster(by, request.cluster):
            raise Refusal(_("Nur das Clustermanagement dieses Clusters kann den Antrag zurückziehen."))
        if request.state in (CostShareState.REJECTED, CostShareState.WITHDRAWN):
            raise Refusal(_("Der Antrag ist bereits abgeschlossen."))
        request.state = CostShareState.WITHDRAWN
        request.save(update_fields=["state"])
    return request


def waitlist_promote(*, year: int, by, expected: list[int]) -> list[CostShareRequest]:
    """Staff let the wait list of `year` move up: approve wait-listed requests in wait-list order while the
    budget allows (strictly: one that does not fit stops the queue, so no later request overtakes it).

    `expected` are the requests staff saw and confirmed; if the list has changed since (another approval,
    a withdrawal, a budget change), nothing is decided and staff see the new list. One `WaitlistPromotion`
    records the step; every approval gets its decision letter. Locks the budget, then the requests (the one
    lock order of this module)."""
    _require_staff(by)
    with transaction.atomic():
        budget = _require_budget(CostShareBudget.objects.select_for_update().filter(year=year).first(), year)
        waiting = list(CostShareRequest.objects.select_for_update().filter(
            budget_year=year, state=CostShareState.WAITLISTED).order_by("waitlisted_at", "pk"))
        available = budget.total - budget_used(year)
        moving = waitlist_moving_up(waiting, available)
        if [r.pk for r in moving] != list(expected):
            raise Refusal(_("Die Warteliste hat sich inzwischen geändert. Bitte prüfen Sie erneut, welche Anträge "
                            "nachrücken."))
        if not moving:
            raise Refusal(_("Derzeit kann kein Antrag nachrücken: verfügbar sind %(available)s.")
                          % {"available": format_euro(available)})
        now = timezone.now()
        note = _("Von der Warteliste nachgerückt, nachdem Budget frei geworden ist.")
        for request in moving:
            _decide(request, CostShareState.APPROVED, by, note, now)
        record = WaitlistPromotion.objects.create(year=year, promoted_at=now, promoted_by=by, budget_total=budget.total,
                                                  available_before=available)
        record.requests.set(moving)
    return moving
