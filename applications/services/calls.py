"""The advisory call (Beratungsgespräch): requested -> scheduled -> held / cancelled / no_show.

Every step that concerns someone mails them after the commit: the invitation, a move ("verlegt"), a
cancellation with its reason (to the managers, the advisor and the agency, whoever cancelled), and the
recommendation once the call was held. A move or a cancellation raises the calendar entry's `sequence`.
"""

import copy
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import AdvisoryCallState, CallMode
from applications.models import AdvisoryCall, validate_phone
from applications.services import audit, notifications
from gocluster.errors import Refusal
from gocluster.outbox.services import queue_templated_mail
from members.enums import Role
from members.models import Cluster
from members.selectors.access import manages_cluster
from members.selectors.membership import current_membership

# --- Advisory calls ---------------------------------------------------------------------------
# requested -> scheduled -> held / cancelled / no_show; a requested call may also be cancelled.

_CALL_MOVES = {
    "schedule": ({AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED}, AdvisoryCallState.SCHEDULED),
    "hold": ({AdvisoryCallState.SCHEDULED}, AdvisoryCallState.HELD),
    "cancel": ({AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED}, AdvisoryCallState.CANCELLED),
    "no_show": ({AdvisoryCallState.SCHEDULED}, AdvisoryCallState.NO_SHOW),
}


def _move_call(call: AdvisoryCall, move: str, by, comment: str = "", **fields) -> tuple[AdvisoryCall, AdvisoryCall]:
    """Apply `move` under a row lock; returns (the call as it was, the call as it is now)."""
    sources, target = _CALL_MOVES[move]
    with transaction.atomic():
        locked = AdvisoryCall.objects.select_for_update().get(pk=call.pk)
        if locked.state not in sources:
            raise Refusal(_("Das Beratungsgespräch ist im Status „%(state)s“; dieser Schritt ist nicht möglich.")
                                % {"state": locked.get_state_display()})
        before = copy.copy(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        if before.state == AdvisoryCallState.SCHEDULED and move in ("schedule", "cancel"):
            locked.sequence += 1  # the calendar entry sent with the invitation changes
        locked.state = target
        locked.save()
        audit.record(actor=by, obj=locked, action=f"advisory_call_{move}", from_state=before.state, to_state=target,
                     comment=comment)
    return before, locked


def _checked_phone(mode: str, phone: str) -> str:
    phone = " ".join(phone.split())
    if mode == CallMode.PHONE and not phone:
        raise Refusal(_("Bitte geben Sie für ein Gespräch per Telefon eine Telefonnummer an."))
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            raise Refusal(*error.messages) from None
    return phone


def advisory_call_request(*, cluster: Cluster, by, mode: str, preferred_slots: list[datetime],
                          topics: str = "", phone: str = "") -> AdvisoryCall:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann ein Beratungsgespräch anfragen."))
    if current_membership(cluster) is not None:
        raise Refusal(_("„%(name)s“ ist bereits Mitglied von go-cluster; das Beratungsgespräch vor einem Antrag "
                        "entfällt. Bei Fragen zur Mitgliedschaft erreichen Sie die Geschäftsstelle unter "
                        "%(email)s.") % {"name": cluster.name, "email": settings.PROGRAMME_CONTACT_EMAIL})
    if mode not in CallMode.values:
        raise Refusal(_("Bitte wählen Sie Telefon oder Video."))
    phone = _checked_phone(mode, phone)
    now = timezone.now()
    if not 2 <= len(preferred_slots) <= 3 or any(slot <= now for slot in preferred_slots):
        raise Refusal(_("Bitte schlagen Sie zwei bis drei Termine in der Zukunft vor."))
    with transaction.atomic():
        # The cluster row lock makes a double click wait for the first request, which it then sees.
        Cluster.objects.select_for_update().filter(pk=cluster.pk).first()
        if cluster.advisory_calls.filter(state__in=[AdvisoryCallState.REQUESTED,
                                                    AdvisoryCallState.SCHEDULED]).exists():
            raise Refusal(_("Für diesen Cluster ist bereits ein Beratungsgespräch angefragt oder terminiert."))
        call = AdvisoryCall.objects.create(
            cluster=cluster, requested_by=by, mode=mode, topics=topics, phone=phone,
            preferred_slots=[slot.isoformat() for slot in sorted(preferred_slots)],
        )
        audit.record(actor=by, obj=call, action="advisory_call_request", to_state=call.state)
        queue_templated_mail(event="advisory_call_requested", recipient=by.email,
                             context={"cluster_name": cluster.name, "call": call}, related=call)
    return call


def advisory_call_schedule(*, call: AdvisoryCall, by, scheduled_at: datetime, advisor, mode: str,
                           phone: str | None = None, reason: str = "") -> AdvisoryCall:
    """Set the date (an invitation) or move it (a "verlegt" mail with `reason`); both carry the .ics."""
    if scheduled_at <= timezone.now():
        raise Refusal(_("Der Termin muss in der Zukunft liegen."))
    if advisor.role != Role.STAFF:
        raise Refusal(_("Beraten kann nur eine Person der Geschäftsstelle."))
    phone = _checked_phone(mode, call.phone if phone is None else phone)
    with transaction.atomic():
        before, call = _move_call(call, "schedule", by, comment=reason.strip(), scheduled_at=scheduled_at,
                                  advisor=advisor, mode=mode, phone=phone)
        if before.state == AdvisoryCallState.SCHEDULED:
            previous = before.scheduled_at
            transaction.on_commit(lambda: notifications.notify_advisory_call_moved(
                call.pk, previous_at=previous, reason=reason.strip()))
        else:
            transaction.on_commit(lambda: notifications.notify_advisory_call_scheduled(call.pk))
    return call


def advisory_call_hold(*, call: AdvisoryCall, by, notes: str, recommendation: str,
                       held_at: datetime | None = None) -> AdvisoryCall:
    """Staff record the call; the managers receive the recommendation (the notes stay with the agency)."""
    if not notes.strip():
        raise Refusal(_("Bitte halten Sie kurz fest, worüber gesprochen wurde."))
    with transaction.atomic():
        _before, call = _move_call(call, "hold", by, notes=notes, recommendation=recommendation.strip(),
                                   held_at=held_at or timezone.now())
        transaction.on_commit(lambda: notifications.notify_advisory_call_held(call.pk))
    return call


def advisory_call_cancel(*, call: AdvisoryCall, by, reason: str = "") -> AdvisoryCall:
    """Cancel a requested or scheduled call: everyone concerned hears it with the reason; a scheduled call's
    calendar entry is withdrawn (METHOD:CANCEL). Staff must give a reason; the managers may."""
    reason = reason.strip()
    if by.role == Role.STAFF and not reason:
        raise Refusal(_("Bitte geben Sie einen Grund für die Absage an; das Clustermanagement erhält ihn."))
    with transaction.atomic():
        before, call = _move_call(call, "cancel", by, comment=reason, cancel_reason=reason, cancelled_by=by)
        was_scheduled = before.state == AdvisoryCallState.SCHEDULED
        transaction.on_commit(lambda: notifications.notify_advisory_call_cancelled(call.pk,
                                                                                   was_scheduled=was_scheduled))
    return call


def advisory_call_no_show(*, call: AdvisoryCall, by) -> AdvisoryCall:
    return _move_call(call, "no_show", by)[1]
