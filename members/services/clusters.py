"""Writes of the members floor for cluster managers: create or claim a cluster, edit it, invite co-managers.

Keyword-only; refusals are `Refusal`s with German messages. Mails go through the outbox.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gocluster.errors import Refusal
from gocluster.outbox.services import queue_templated_mail
from members.enums import Role
from members.models import ClaimState, Cluster, ClusterClaim, Invitation, User
from members.selectors.access import manages_cluster


def _require_manager_role(user: User) -> None:
    if user.role != Role.CLUSTER_MANAGER or not user.is_active:
        raise Refusal(_("Nur Konten des Clustermanagements können Cluster verwalten."))


def cluster_create(*, by: User, data: dict, technology_fields=()) -> Cluster:
    _require_manager_role(by)
    with transaction.atomic():
        cluster = Cluster.objects.create(**data)
        cluster.technology_fields.set(technology_fields)
        cluster.managers.add(by)
    return cluster


def cluster_update(*, cluster: Cluster, by: User, data: dict, technology_fields=None) -> Cluster:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann das Profil bearbeiten."))
    for name, value in data.items():
        setattr(cluster, name, value)
    with transaction.atomic():
        cluster.save(update_fields=list(data))
        if technology_fields is not None:
            cluster.technology_fields.set(technology_fields)
    return cluster


def cluster_claim_request(*, cluster: Cluster, by: User, message: str = "") -> ClusterClaim:
    _require_manager_role(by)
    if manages_cluster(by, cluster):
        raise Refusal(_("Sie verwalten diesen Cluster bereits."))
    try:
        with transaction.atomic():
            claim = ClusterClaim.objects.create(cluster=cluster, user=by, message=message)
            # The outbox record is written with the claim; the outbox sends it after the commit.
            queue_templated_mail(event="staff_cluster_claim", recipient=settings.PROGRAMME_CONTACT_EMAIL,
                                 context={"cluster_name": cluster.name, "user_name": by.full_name}, related=cluster)
    except IntegrityError as error:
        raise Refusal(_("Sie haben diesen Cluster bereits beansprucht; die Geschäftsstelle prüft das.")) \
            from error
    return claim


def cluster_claim_decide(*, claim: ClusterClaim, by: User, confirm: bool) -> ClusterClaim:
    if by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle kann Ansprüche bestätigen."))
    with transaction.atomic():
        claim = ClusterClaim.objects.select_for_update().select_related("cluster", "user").get(pk=claim.pk)
        if claim.state != ClaimState.PENDING:
            raise Refusal(_("Über diesen Anspruch wurde bereits entschieden."))
        claim.state = ClaimState.CONFIRMED if confirm else ClaimState.REJECTED
        claim.decided_at, claim.decided_by = timezone.now(), by
        claim.save(update_fields=["state", "decided_at", "decided_by"])
        if confirm:
            claim.cluster.managers.add(claim.user)
        queue_templated_mail(event="cluster_claim_decided", recipient=claim.user.email,
                             context={"cluster_name": claim.cluster.name, "confirmed": confirm}, related=claim.cluster)
    return claim


def invitation_create(*, cluster: Cluster, by: User, email: str) -> Invitation:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann einladen."))
    email = email.strip().lower()
    if cluster.managers.filter(email__iexact=email).exists():
        raise Refusal(_("Diese Person gehört bereits zum Clustermanagement."))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(cluster=cluster, email=email, invited_by=by)
            queue_templated_mail(event="cluster_invitation", recipient=email,
                                 context={"cluster_name": cluster.name, "inviter_name": by.full_name},
                                 related=cluster)
    except IntegrityError as error:
        raise Refusal(_("An diese Adresse ist bereits eine Einladung unterwegs.")) from error
    return invitation


def invitations_accept(*, user: User) -> list[Invitation]:
    """Open invitations to the user's address make them a co-manager. Called at login, when the address is
    verified (verification is mandatory before login)."""
    if user.role != Role.CLUSTER_MANAGER or not user.is_active:
        return []
    accepted = []
    with transaction.atomic():
        for invitation in (Invitation.objects.select_for_update()
                           .filter(email__iexact=user.email, accepted_at__isnull=True).select_related("cluster")):
            invitation.cluster.managers.add(user)
            invitation.accepted_at, invitation.accepted_by = timezone.now(), user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
            accepted.append(invitation)
    return accepted
