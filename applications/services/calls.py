"""The advisory call (Beratungsgespräch): requested -> scheduled -> held / cancelled / no_show."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import AdvisoryCallState, CallMode
from applications.models import AdvisoryCall
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


def _move_call(call: AdvisoryCall, move: str, by, comment: str = "", **fields) -> AdvisoryCall:
    sources, target = _CALL_MOVES[move]
    with transaction.atomic():
        locked = AdvisoryCall.objects.select_for_update().get(pk=call.pk)
        if locked.state not in sources:
            raise Refusal(_("Das Beratungsgespräch ist im Status „%(state)s“; dieser Schritt ist nicht möglich.")
                                % {"state": locked.get_state_display()})
        from_state = locked.state
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.state = target
        locked.save()
        audit.record(actor=by, obj=locked, action=f"advisory_call_{move}", from_state=from_state, to_state=target,
                     comment=comment)
    return locked


def advisory_call_request(*, cluster: Cluster, by, mode: str, preferred_slots: list[datetime],
                          topics: str = "") -> AdvisoryCall:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann ein Beratungsgespräch anfragen."))
    if current_membership(cluster) is not None:
        raise Refusal(_("„%(name)s“ ist bereits Mitglied von go-cluster; das Beratungsgespräch vor einem Antrag "
                        "entfällt. Bei Fragen zur Mitgliedschaft erreichen Sie die Geschäftsstelle unter "
                        "%(email)s.") % {"name": cluster.name, "email": settings.PROGRAMME_CONTACT_EMAIL})
    if mode not in CallMode.values:
        raise Refusal(_("Bitte wählen Sie Telefon oder Video."))
    now = timezone.now()
    if not 2 <= len(preferred_slots) <= 3 or any(slot <= now for slot in preferred_slots):
        raise Refusal(_("Bitte schlagen Sie zwei bis drei Termine in der Zukunft vor."))
    if cluster.advisory_calls.filter(state__in=[AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED]).exists():
        raise Refusal(_("Für diesen Cluster ist bereits ein Beratungsgespräch angefragt oder terminiert."))
    with transaction.atomic():
        call = AdvisoryCall.objects.create(
            cluster=cluster, requested_by=by, mode=mode, topics=topics,
            preferred_slots=[slot.isoformat() for slot in sorted(preferred_slots)],
        )
        audit.record(actor=by, obj=call, action="advisory_call_request", to_state=call.state)
        queue_templated_mail(event="advisory_call_requested", recipient=by.email,
                             context={"cluster_name": cluster.name, "call": call}, related=call)
    return call


def advisory_call_schedule(*, call: AdvisoryCall, by, scheduled_at: datetime, advisor, mode: str) -> AdvisoryCall:
    if scheduled_at <= timezone.now():
        raise Refusal(_("Der Termin muss in der Zukunft liegen."))
    if advisor.role != Role.STAFF:
        raise Refusal(_("Beraten kann nur eine Person der Geschäftsstelle."))
    with transaction.atomic():
        call = _move_call(call, "schedule", by, scheduled_at=scheduled_at, advisor=advisor, mode=mode)
        transaction.on_commit(lambda: notifications.notify_advisory_call_scheduled(call.pk))
    return call


def advisory_call_hold(*, call: AdvisoryCall, by, notes: str, recommendation: str,
                       held_at: datetime | None = None) -> AdvisoryCall:
    if not notes.strip():
        raise Refusal(_("Bitte halten Sie kurz fest, worüber gesprochen wurde."))
    return _move_call(call, "hold", by, notes=notes, recommendation=recommendation, held_at=held_at or timezone.now())


def advisory_call_cancel(*, call: AdvisoryCall, by, reason: str = "") -> AdvisoryCall:
    return _move_call(call, "cancel", by, comment=reason)


def advisory_call_no_show(*, call: AdvisoryCall, by) -> AdvisoryCall:
    return _move_call(call, "no_show", by)
