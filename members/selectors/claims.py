"""Claims on existing clusters: the clusters that match what a claimant typed, for staff to choose from.

A claimant names a cluster by its exact name and town; only staff see whether (and which) clusters match.
"""

from django.db.models import Q

from members.models import ClaimState, Cluster, ClusterClaim


def normalise(text: str) -> str:
    """Case and runs of spaces do not matter when a typed name is compared with a stored one."""
    return " ".join(text.split()).casefold()


def _key(name: str, city: str) -> tuple[str, str]:
    return normalise(name), normalise(city)


def matching_clusters(claims) -> dict[int, list[Cluster]]:
    """For each claim (by pk), the clusters whose name and town equal the typed ones: one query for a page."""
    claims = list(claims)
    if not claims:
        return {}
    wanted = Q()
    for claim in claims:
        wanted |= Q(name__iexact=" ".join(claim.claimed_name.split()),
                    city__iexact=" ".join(claim.claimed_city.split()))
    by_key: dict[tuple[str, str], list[Cluster]] = {}
    for cluster in Cluster.objects.filter(wanted).order_by("name", "pk"):
        by_key.setdefault(_key(cluster.name, cluster.city), []).append(cluster)
    return {claim.pk: by_key.get(_key(claim.claimed_name, claim.claimed_city), []) for claim in claims}


def pending_claims():
    return ClusterClaim.objects.filter(state=ClaimState.PENDING).select_related("user").order_by("created_at", "pk")
