"""Which clusters a user may manage."""

from django.db.models import QuerySet
from django.http import Http404

from .enums import Role
from .models import Cluster


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
