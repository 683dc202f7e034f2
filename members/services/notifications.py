"""Mails and the decision letter of the Gold-label cost share. Called after the commit."""

from django.db import transaction
from django.utils import timezone, translation

from gocluster.documents.models import DocumentKind
from gocluster.documents.services import documents_of, mark_sent, store
from gocluster.outbox.services import queue_templated_mail
from gocluster.pdf import render_pdf
from gocluster.programme import letter_date, letter_recipient_name, programme_context
from members.enums import CostShareState
from members.models import CostShareRequest

DECIDED_STATES = frozenset({CostShareState.APPROVED, CostShareState.REJECTED, CostShareState.WAITLISTED})


def _request(pk: int) -> CostShareRequest | None:
    return CostShareRequest.objects.select_related("cluster", "tariff").filter(pk=pk).first()


def decision_letter_context(request: CostShareRequest) -> dict:
    """The decision letter is laid out as every other letter (letters/letter_base.html)."""
    cluster = request.cluster
    return {
        **programme_context(),
        "request": request,
        "cluster": cluster,
        "reference": request.reference,
        "recipient_name": letter_recipient_name(cluster),
        "submitted_on": letter_date(request.requested_on),
        "letter_date": letter_date(timezone.localdate()),
    }


def decision_letter_pdf(request: CostShareRequest) -> bytes:
    """The decision letter (Bescheid) as PDF; rendered from data only, nothing fetched."""
    with translation.override("de"):
        return render_pdf("letters/cost_share_decision.html", decision_letter_context(request))


def letter_filename(request: CostShareRequest) -> str:
    return f"Bescheid-{request.reference}.pdf"


def _context(request: CostShareRequest) -> dict:
    return {"reference": request.reference, "cluster_name": request.cluster.name, "state": request.state,
            "state_label": request.get_state_display(), "amount": request.amount,
            "kind_label": request.get_kind_display()}


def notify_cost_share_submitted(pk: int) -> None:
    request = _request(pk)
    if request is None:
        return
    for manager in request.cluster.managers.filter(is_active=True):
        queue_templated_mail(event="cost_share_submitted", recipient=manager.email, context=_context(request),
                             related=request)


def notify_cost_share_decision(pk: int) -> None:
    """Render this decision's letter as a stored document, mail it to the managers and mark it sent.

    Runs in the worker; a re-delivered task finds the letter of this decision already sent and stops.
    """
    with transaction.atomic():
        request = (CostShareRequest.objects.select_for_update().select_related("cluster", "tariff")
                   .filter(pk=pk).first())
        if request is None or request.state not in DECIDED_STATES or request.decided_at is None:
            return
        letters = documents_of(request, DocumentKind.COST_SHARE_LETTER)
        if letters.filter(sent_at__isnull=False, created_at__gte=request.decided_at).exists():
            return
        pdf = decision_letter_pdf(request)
        document = store(related=request, kind=DocumentKind.COST_SHARE_LETTER, pdf=pdf,
                         download_name=letter_filename(request))
        for manager in request.cluster.managers.filter(is_active=True):
            queue_templated_mail(event="cost_share_decision", recipient=manager.email, context=_context(request),
                                 related=request, attachments=[(document.download_name, pdf, "application/pdf")])
        mark_sent([document])


def sent_letter(request: CostShareRequest):
    """The letter of the latest decision as it was sent (never re-rendered), or None."""
    return (documents_of(request, DocumentKind.COST_SHARE_LETTER).filter(sent_at__isnull=False)
            .order_by("-version").first())
