"""Which clusters a user may see and manage: the one rule for both apps."""

from django.db.models import QuerySet
from django.http import Http404

from members.enums import Role
from members.models import Cluster, CostShareRequest, Invitation, LabelRecord


def manages_cluster(user, cluster: Cluster) -> bool:
    """An active cluster-manager account among the cluster's managers (a seat on a voting body ends it)."""
    return (user is not None and user.is_authenticated and user.is_active and user.role == Role.CLUSTER_MANAGER
            and cluster.managers.filter(pk=user.pk).exists())


def clusters_visible_to(user) -> QuerySet[Cluster]:
    if not user.is_authenticated or not user.is_active:
        return Cluster.objects.none()
    if user.role == Role.STAFF:
        return Cluster.objects.all()
    if user.role == Role.CLUSTER_MANAGER:
        return Cluster.objects.filter(managers=user)
    return Cluster.objects.none()


def cluster_for_user(pk, user) -> Cluster:
    cluster = clusters_visible_to(user).filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


def cost_share_for_user(pk, user):
    """A cost-share request: staff see all, a manager those of their clusters; everyone else a 404."""
    request = (CostShareRequest.objects.select_related("cluster", "tariff", "decided_by", "requested_by")
               .filter(pk=pk, cluster__in=clusters_visible_to(user)).first())
    if request is None:
        raise Http404
    return request


def label_for_user(pk, user):
    label = LabelRecord.objects.filter(pk=pk, cluster__in=clusters_visible_to(user)).first()
    if label is None:
        raise Http404
    return label


def invitation_for_token(token: str) -> Invitation:
    """The invitation whose link carries `token` (whoever holds the link may see it), or a 404."""
    invitation = (Invitation.objects.select_related("cluster", "invited_by")
                  .filter(token_hash=Invitation.hash_token(token)).first())
    if invitation is None:
        raise Http404
    return invitation
