"""Writes of the members floor for cluster managers: create or claim a cluster, edit it, invite co-managers.

Keyword-only; refusals are `Refusal`s with German messages. Mails go through the outbox.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gocluster.errors import Refusal
from gocluster.outbox.services import queue_templated_mail
from gocluster.validators import contains_link
from members.enums import Role
from members.models import ClaimState, Cluster, ClusterClaim, Invitation, User
from members.selectors.access import manages_cluster
from members.selectors.claims import matching_clusters, normalise

# The names other people read in the portal's mails and pages (gocluster.validators).
_NAMES_WITHOUT_LINKS = ("name", "acronym")


def _require_manager_role(user: User) -> None:
    if user.role != Role.CLUSTER_MANAGER or not user.is_active:
        raise Refusal(_("Nur Konten des Clustermanagements können Cluster verwalten."))


def _refuse_links(data: dict) -> None:
    if any(contains_link(str(data.get(name, ""))) for name in _NAMES_WITHOUT_LINKS):
        raise Refusal(_("Name und Kurzbezeichnung des Clusters dürfen keine Internetadressen enthalten "
                        "(z. B. „www.“, „http“ oder „beispiel.de“)."))


def cluster_create(*, by: User, data: dict, technology_fields=()) -> Cluster:
    _require_manager_role(by)
    _refuse_links(data)
    with transaction.atomic():
        cluster = Cluster.objects.create(**data)
        cluster.technology_fields.set(technology_fields)
        cluster.managers.add(by)
    return cluster


def cluster_update(*, cluster: Cluster, by: User, data: dict, technology_fields=None) -> Cluster:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann das Profil bearbeiten."))
    _refuse_links(data)
    for name, value in data.items():
        setattr(cluster, name, value)
    with transaction.atomic():
        cluster.save(update_fields=list(data))
        if technology_fields is not None:
            cluster.technology_fields.set(technology_fields)
    return cluster


def cluster_claim_request(*, name: str, city: str, by: User, message: str = "") -> ClusterClaim:
    """Record a claim on the cluster with this exact name and town. Whether such a cluster exists is not
    checked here and never told to the claimant: staff look it up and confirm or reject."""
    _require_manager_role(by)
    name, city = " ".join(name.split()), " ".join(city.split())
    if not name or not city:
        raise Refusal(_("Bitte geben Sie den Namen und den Ort des Clusters an."))
    if any(normalise(c.name) == normalise(name) and normalise(c.city) == normalise(city)
           for c in by.clusters.all()):
        raise Refusal(_("Sie verwalten diesen Cluster bereits."))
    try:
        with transaction.atomic():
            claim = ClusterClaim.objects.create(claimed_name=name, claimed_city=city, user=by, message=message)
            # The outbox record is written with the claim; the outbox sends it after the commit.
            queue_templated_mail(event="staff_cluster_claim", recipient=settings.PROGRAMME_CONTACT_EMAIL,
                                 context={"cluster_name": name, "cluster_city": city, "user_name": by.full_name},
                                 related=claim)
    except IntegrityError as error:
        raise Refusal(_("Sie haben diesen Cluster bereits beansprucht; die Geschäftsstelle prüft das.")) \
            from error
    return claim


def cluster_claim_decide(*, claim: ClusterClaim, by: User, confirm: bool, cluster: Cluster | None = None
                         ) -> ClusterClaim:
    """Staff confirm a claim for one of the clusters matching the typed name and town, or reject it.

    Only an active cluster-manager account can be confirmed: a claimant who meanwhile sits on a voting body
    (or was deactivated) would otherwise manage a cluster whose case they vote on."""
    if by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle kann Ansprüche bestätigen."))
    with transaction.atomic():
        claim = ClusterClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
        if claim.state != ClaimState.PENDING:
            raise Refusal(_("Über diesen Anspruch wurde bereits entschieden."))
        if confirm:
            if cluster is None or cluster.pk not in {c.pk for c in matching_clusters([claim])[claim.pk]}:
                raise Refusal(_("Bitte wählen Sie einen Cluster, dessen Name und Ort zum Anspruch passen."))
            claimant = User.objects.select_for_update().get(pk=claim.user_id)
            if claimant.role != Role.CLUSTER_MANAGER or not claimant.is_active:
                raise Refusal(_(
                    "Der Anspruch kann nicht bestätigt werden: Das Konto von %(name)s ist kein aktives Konto des "
                    "Clustermanagements (z. B. weil die Person inzwischen einem Gremium angehört)."
                ) % {"name": claimant.full_name})
            claim.cluster = cluster
        claim.state = ClaimState.CONFIRMED if confirm else ClaimState.REJECTED
        claim.decided_at, claim.decided_by = timezone.now(), by
        claim.save(update_fields=["state", "cluster", "decided_at", "decided_by"])
        if confirm:
            cluster.managers.add(claim.user)
        # A rejection names the cluster as the claimant typed it: it tells nothing about what exists.
        queue_templated_mail(event="cluster_claim_decided", recipient=claim.user.email,
                             context={"cluster_name": cluster.name if confirm else claim.claimed_name,
                                      "confirmed": confirm}, related=claim)
    return claim


def invitation_create(*, cluster: Cluster, by: User, email: str) -> Invitation:
    """Invite `email` to co-manage the cluster: the mail carries a link with a single-use token that expires after
    `INVITATION_VALID_DAYS`. At most `INVITATIONS_PER_USER_PER_DAY` per inviter and
    `INVITATIONS_PER_CLUSTER_PER_DAY` per cluster within 24 hours: the mails carry the programme's sender."""
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann einladen."))
    if contains_link(cluster.name) or contains_link(cluster.acronym) or contains_link(by.full_name):
        raise Refusal(_("Einladungen nennen den Namen des Clusters und Ihren Namen; beide dürfen keine "
                        "Internetadressen enthalten. Bitte korrigieren Sie das Clusterprofil bzw. Ihren Namen."))
    # As allauth keeps addresses: lower-cased by Python, compared exactly.
    email = email.strip().lower()
    if cluster.managers.filter(Q(email=email) | Q(emailaddress__email=email, emailaddress__verified=True)).exists():
        raise Refusal(_("Diese Person gehört bereits zum Clustermanagement."))
    now = timezone.now()
    since = now - timedelta(hours=24)
    token = Invitation.new_token()
    try:
        with transaction.atomic():
            # One inviter's and one cluster's invitations are counted one at a time.
            User.objects.select_for_update().only("pk").get(pk=by.pk)
            Cluster.objects.select_for_update().only("pk").get(pk=cluster.pk)
            if Invitation.objects.filter(invited_by=by, created_at__gte=since).count() \
                    >= settings.INVITATIONS_PER_USER_PER_DAY:
                raise Refusal(_("Sie haben in den letzten 24 Stunden bereits %(count)d Einladungen verschickt. "
                                "Weitere sind ab morgen wieder möglich; in dringenden Fällen hilft die "
                                "Geschäftsstelle.") % {"count": settings.INVITATIONS_PER_USER_PER_DAY})
            if Invitation.objects.filter(cluster=cluster, created_at__gte=since).count() \
                    >= settings.INVITATIONS_PER_CLUSTER_PER_DAY:
                raise Refusal(_("Für diesen Cluster wurden in den letzten 24 Stunden bereits %(count)d Einladungen "
                                "verschickt. Weitere sind ab morgen wieder möglich; in dringenden Fällen hilft die "
                                "Geschäftsstelle.") % {"count": settings.INVITATIONS_PER_CLUSTER_PER_DAY})
            # An expired invitation to the same address gives way to the new one.
            Invitation.objects.filter(cluster=cluster, email=email, accepted_at__isnull=True,
                                      expires_at__lte=now).delete()
            invitation = Invitation.objects.create(
                cluster=cluster, email=email, invited_by=by, token_hash=Invitation.hash_token(token),
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS))
            queue_templated_mail(event="cluster_invitation", recipient=email,
                                 context={"cluster_name": cluster.name, "inviter_name": by.full_name,
                                          "accept_path": reverse("invitation-accept", args=[token]),
                                          "expires_at": invitation.expires_at},
                                 related=cluster)
    except IntegrityError as error:
        raise Refusal(_("An diese Adresse ist bereits eine Einladung unterwegs.")) from error
    return invitation


def invitation_accept(*, token: str, user: User) -> Invitation:
    """The logged-in cluster manager who opened the invitation's link becomes a co-manager: once, in time."""
    if user.role != Role.CLUSTER_MANAGER or not user.is_active:
        raise Refusal(_("Nur Konten des Clustermanagements können eine Einladung annehmen."))
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().select_related("cluster")
                      .filter(token_hash=Invitation.hash_token(token)).first())
        if invitation is None:
            raise Refusal(_("Dieser Einladungslink ist ungültig."))
        if invitation.accepted_at is not None:
            raise Refusal(_("Diese Einladung wurde bereits angenommen."))
        if invitation.is_expired():
            raise Refusal(_("Diese Einladung ist abgelaufen. Bitte lassen Sie sich erneut einladen."))
        if manages_cluster(user, invitation.cluster):
            raise Refusal(_("Sie gehören bereits zum Clustermanagement dieses Clusters."))
        invitation.cluster.managers.add(user)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation
