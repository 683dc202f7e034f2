"""The cluster manager's cluster pages: create, claim, edit, invite, accept an invitation; and the staff
confirmation of claims."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocluster.errors import Refusal, flash_refusal
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role
from members.forms import ClusterClaimForm, ClusterForm, InvitationForm
from members.models import Cluster, ClusterClaim
from members.selectors.access import cluster_for_user, invitation_for_token
from members.selectors.claims import matching_clusters, pending_claims
from members.services import clusters


@role_required(Role.CLUSTER_MANAGER)
def cluster_create(request):
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cluster = clusters.cluster_create(by=request.user, data=form.data_fields(),
                                          technology_fields=form.cleaned_data["technology_fields"])
        messages.success(request, _("Der Cluster „%(name)s“ ist angelegt.") % {"name": cluster.name})
        return redirect("applicant:dashboard")
    return render(request, "members/cluster_form.html", {"form": form, "title": _("Cluster anlegen")})


@role_required(Role.CLUSTER_MANAGER)
def cluster_edit(request, pk):
    cluster = cluster_for_user(pk, request.user)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        clusters.cluster_update(cluster=cluster, by=request.user, data=form.data_fields(),
                                technology_fields=form.cleaned_data["technology_fields"])
        messages.success(request, _("Das Clusterprofil ist gespeichert."))
        return redirect("applicant:dashboard")
    return render(request, "members/cluster_form.html",
                  {"form": form, "cluster": cluster, "title": _("Clusterprofil bearbeiten")})


@role_required(Role.CLUSTER_MANAGER)
def cluster_claim(request):
    form = ClusterClaimForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            clusters.cluster_claim_request(name=form.cleaned_data["name"], city=form.cleaned_data["city"],
                                           by=request.user, message=form.cleaned_data["message"])
        except Refusal as refusal:
            errors = refusal.messages
        else:
            # The same answer whether or not such a cluster exists.
            messages.success(request, _("Ihr Anspruch ist eingegangen. Die Geschäftsstelle prüft ihn und "
                                        "benachrichtigt Sie per E-Mail."))
            return redirect("applicant:dashboard")
    return render(request, "members/cluster_claim.html", {"form": form, "extra_errors": errors})


@role_required(Role.CLUSTER_MANAGER)
def cluster_invite(request, pk):
    cluster = cluster_for_user(pk, request.user)
    form = InvitationForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            clusters.invitation_create(cluster=cluster, by=request.user, email=form.cleaned_data["email"])
        except Refusal as refusal:
            errors = refusal.messages
        else:
            messages.success(request, _("Die Einladung ist verschickt."))
            return redirect("cluster-invite", pk=cluster.pk)
    invitations = cluster.invitations.select_related("accepted_by")
    return render(request, "members/cluster_invite.html",
                  {"form": form, "cluster": cluster, "invitations": invitations, "extra_errors": errors,
                   "managers": cluster.managers.all(), "now": timezone.now(),
                   "invitation_valid_days": settings.INVITATION_VALID_DAYS})


@role_required(Role.CLUSTER_MANAGER)
def invitation_accept(request, token):
    """The page the invitation mail links to: which cluster, who invited, and a button. Opening it accepts
    nothing; the button does (POST), for the account that is logged in."""
    invitation = invitation_for_token(token)
    errors = []
    if request.method == "POST":
        try:
            clusters.invitation_accept(token=token, user=request.user)
        except Refusal as refusal:
            errors = refusal.messages
        else:
            messages.success(request, _("Sie verwalten jetzt den Cluster „%(name)s“ mit.")
                             % {"name": invitation.cluster.name})
            return redirect("applicant:dashboard")
    return render(request, "members/invitation_accept.html",
                  {"invitation": invitation, "expired": invitation.is_expired(), "extra_errors": errors})


@role_required(Role.STAFF)
def claim_list(request):
    page = paginate(request, pending_claims(), 25)
    matches = matching_clusters(page.object_list)
    rows = [(claim, matches[claim.pk]) for claim in page.object_list]
    return render(request, "members/claim_list.html", {"page": page, "rows": rows})


@role_required(Role.STAFF)
@require_POST
def claim_decide(request, pk):
    claim = get_object_or_404(ClusterClaim, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    cluster_pk = request.POST.get("cluster", "")
    cluster = Cluster.objects.filter(pk=int(cluster_pk)).first() if cluster_pk.isdigit() else None
    try:
        clusters.cluster_claim_decide(claim=claim, by=request.user, confirm=confirm, cluster=cluster)
    except Refusal as refusal:
        flash_refusal(request, refusal)
    else:
        messages.success(request, _("Die Entscheidung ist gespeichert."))
    return redirect("claim-list")
