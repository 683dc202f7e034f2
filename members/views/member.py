"""The member's own pages: membership, labels, the Silver obligation and Gold-label cost shares."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocluster import held_uploads
from gocluster.downloads import private_file_response
from gocluster.errors import Refusal, flash_refusal
from gocluster.uploads import too_large_message, upload_view
from members.decorators import role_required
from members.enums import CostShareState, Role
from members.forms import MAX_PDF_BYTES, CostShareRequestForm
from members.selectors.access import cluster_for_user, clusters_visible_to, cost_share_for_user, label_for_user
from members.selectors.eligibility import cost_share_eligibility, silver_obligation
from members.selectors.membership import memberships_of
from members.services import memberships
from members.services.notifications import sent_letter

DECIDED = (CostShareState.APPROVED, CostShareState.REJECTED, CostShareState.WAITLISTED)


@role_required(Role.CLUSTER_MANAGER)
def overview(request):
    today = timezone.localdate()
    entries = []
    for membership in memberships_of(clusters_visible_to(request.user)):
        labels = list(membership.cluster.labels.all())
        entries.append({"membership": membership, "labels": labels,
                        "silver": silver_obligation(started_on=membership.started_on, labels=labels, today=today),
                        "requests": list(membership.cluster.cost_share_requests.all())})
    return render(request, "members/member/overview.html", {"entries": entries, "today": today})


def _evidence_key(cluster) -> str:
    return f"cost-share-evidence-{cluster.pk}"


@role_required(Role.CLUSTER_MANAGER)
@upload_view(MAX_PDF_BYTES)
def cost_share_new(request, cluster_pk):
    """Check first, then send: the evidence checked on the first step waits in private storage for the second
    (a browser never sends a file twice)."""
    cluster = cluster_for_user(cluster_pk, request.user)
    today = timezone.localdate()
    check = None
    if request.upload_too_large:
        # The body was not read: the form comes back empty with the size message.
        return render(request, "members/member/cost_share_form.html",
                      {"cluster": cluster, "form": CostShareRequestForm(), "check": None, "today": today,
                       "extra_errors": [too_large_message(MAX_PDF_BYTES)]}, status=413)
    key = _evidence_key(cluster)
    if request.method != "POST":
        held_uploads.discard(request, key)  # a new form starts without an earlier attempt's file
    form = CostShareRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["evidence"] is not None:
            held_uploads.hold(request, key, data["evidence"])
        args = {"kind": data["kind"], "planned_start": data["planned_start"], "prerequisite": data["prerequisite"],
                "prerequisite_on": data["prerequisite_on"], "no_other_cost_share": data["no_other_cost_share"]}
        check = cost_share_eligibility(cluster=cluster, today=today, **args)
        held = held_uploads.held_upload(request, key)
        if request.POST.get("action") == "send" and check.eligible:
            try:
                cost_share = memberships.cost_share_request_submit(
                    cluster=cluster, by=request.user, today=today, evidence=held.open() if held else None, **args)
            except Refusal as error:
                check.reasons = error.messages
            else:
                held_uploads.discard(request, key)
                messages.success(request, _("Ihr Antrag %(ref)s ist eingegangen. Wir haben Ihnen eine Bestätigung "
                                            "per E-Mail geschickt.") % {"ref": cost_share.reference})
                return redirect("member:cost_share", pk=cost_share.pk)
    return render(request, "members/member/cost_share_form.html",
                  {"cluster": cluster, "form": form, "check": check, "today": today,
                   "held_evidence": held_uploads.held_upload(request, key)})


@role_required(Role.CLUSTER_MANAGER, Role.STAFF)
def cost_share_detail(request, pk):
    cost_share = cost_share_for_user(pk, request.user)
    return render(request, "members/member/cost_share_detail.html",
                  {"cost_share": cost_share, "decided": cost_share.state in DECIDED and cost_share.decided_at})


@role_required(Role.CLUSTER_MANAGER, Role.STAFF)
def cost_share_letter(request, pk):
    cost_share = cost_share_for_user(pk, request.user)
    letter = sent_letter(cost_share)
    if cost_share.state not in DECIDED or letter is None:
        raise Http404
    return private_file_response(letter.file, filename=letter.download_name, content_type="application/pdf")


@role_required(Role.CLUSTER_MANAGER, Role.STAFF)
def cost_share_evidence(request, pk):
    cost_share = cost_share_for_user(pk, request.user)
    if not cost_share.evidence:
        raise Http404
    return private_file_response(cost_share.evidence, filename=f"Nachweis-{cost_share.reference}.pdf",
                                 content_type="application/pdf")


@role_required(Role.CLUSTER_MANAGER)
@require_POST
def cost_share_withdraw(request, pk):
    cost_share = cost_share_for_user(pk, request.user)
    try:
        memberships.cost_share_withdraw(request=cost_share, by=request.user)
    except Refusal as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Sie haben den Antrag %(ref)s zurückgezogen.") % {"ref": cost_share.reference})
    return redirect("member:cost_share", pk=cost_share.pk)


@role_required(Role.CLUSTER_MANAGER, Role.STAFF)
def label_certificate(request, pk):
    label = label_for_user(pk, request.user)
    if not label.certificate:
        raise Http404
    return private_file_response(label.certificate, filename=f"Zertifikat-{label.get_level_display()}.pdf",
                                 content_type="application/pdf")
