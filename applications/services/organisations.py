"""Staff decisions of the review queue: are two actor entries the same organisation? Audited; remembered by the
entries' organisation keys, so a decision holds for every list that spells the two the same way."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ClusterActor, OrganisationDecision
from applications.selectors.organisations import organisation_key, pair
from applications.services import audit
from gocluster import published
from gocluster.errors import Refusal
from members.enums import Role


def key_of(actor: ClusterActor) -> str:
    return organisation_key(name=actor.name, postcode=actor.postcode, register_id=actor.register_id)


def organisation_decide(*, a: ClusterActor, b: ClusterActor, same: bool, by) -> OrganisationDecision:
    """Store (or change) the decision on the pair; the figures follow at once."""
    if by is None or by.role != Role.STAFF:
        raise Refusal(_("Über den Abgleich von Organisationen entscheidet nur die Geschäftsstelle."))
    key_a, key_b = pair(key_of(a), key_of(b))
    if key_a == key_b:
        raise Refusal(_("Die beiden Einträge sind bereits nach Name, Postleitzahl und Registernummer gleich."))
    names = {key_of(a): a.name, key_of(b): b.name}
    with transaction.atomic():
        decision = OrganisationDecision.objects.select_for_update().filter(key_a=key_a, key_b=key_b).first()
        before = {"same": decision.same} if decision else {}
        if decision is None:
            decision = OrganisationDecision.objects.create(key_a=key_a, key_b=key_b, name_a=names[key_a][:200],
                                                           name_b=names[key_b][:200], same=same, decided_by=by)
        else:
            decision.same, decision.decided_by, decision.decided_at = same, by, timezone.now()
            decision.save(update_fields=["same", "decided_by", "decided_at"])
        audit.record(actor=by, obj=decision, action="organisation_decide", before=before,
                     after={"same": same, "key_a": key_a, "key_b": key_b},
                     comment=f"{names[key_a]} / {names[key_b]}")
        transaction.on_commit(published.touch)
    return decision
