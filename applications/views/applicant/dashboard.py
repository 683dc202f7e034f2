from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import FINAL_STATES, AdvisoryCallState
from applications.models import AdvisoryCall, Application
from applications.selectors.case_page import scheduled_interview
from applications.services import cases
from applications.views.applicant.common import manager_required
from gocluster.errors import Refusal, flash_refusal
from members.enums import MembershipStatus
from members.models import ClaimState, LabelRecord, Membership
from members.selectors.access import cluster_for_user, clusters_visible_to
from members.selectors.eligibility import best_valid_label, silver_obligation

ACTIVE_CALL_STATES = (AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED)


@manager_required
def dashboard(request):
    """The manager's clusters, each with its advisory call and open application, or, once admitted, its
    membership (five queries in all)."""
    today = timezone.localdate()
    clusters = clusters_visible_to(request.user).prefetch_related(
        Prefetch("advisory_calls", queryset=AdvisoryCall.objects.order_by("-created_at"), to_attr="calls"),
        Prefetch("applications", queryset=Application.objects.select_related("interview").order_by("-created_at"),
                 to_attr="cases"),
        Prefetch("memberships", queryset=Membership.objects.exclude(status=MembershipStatus.ENDED),
                 to_attr="current_memberships"),
        Prefetch("labels", queryset=LabelRecord.objects.order_by("-assessed_on"), to_attr="label_list"),
    )
    cards = []
    for cluster in clusters:
        latest_call = cluster.calls[0] if cluster.calls else None
        held = next((c for c in cluster.calls if c.state == AdvisoryCallState.HELD), None)
        application = next((a for a in cluster.cases if a.state not in FINAL_STATES), None)
        membership = cluster.current_memberships[0] if cluster.current_memberships else None
        cards.append({
            # A member is welcomed and sent to its membership page, not offered a new call and application.
            "membership": membership,
            "silver": silver_obligation(started_on=membership.started_on, labels=cluster.label_list, today=today)
            if membership else None,
            "label": best_valid_label(cluster.label_list, today) if membership else None,
            "cluster": cluster,
            "call": latest_call,
            "call_active": latest_call is not None and latest_call.state in ACTIVE_CALL_STATES,
            "held_call": held,
            "application": application,
            "interview": scheduled_interview(application) if application else None,
            # Closed cases stay reachable: their timeline and released letters.
            "closed": [a for a in cluster.cases if a.state in FINAL_STATES],
        })
    claims = request.user.cluster_claims.filter(state=ClaimState.PENDING)
    return render(request, "applications/applicant/dashboard.html", {"cards": cards, "claims": claims})


@manager_required
def application_start(request, cluster_pk):
    cluster = cluster_for_user(cluster_pk, request.user)  # first: another cluster is a 404 for any method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        application = cases.application_start(cluster=cluster, by=request.user)
    except Refusal as error:
        flash_refusal(request, error)
        return redirect("applicant:dashboard")
    messages.success(request, _("Ihr Antrag %(number)s ist angelegt. Sie können jederzeit unterbrechen; "
                                "alles Gespeicherte bleibt erhalten.") % {"number": application.case_number})
    return redirect("applicant:case", pk=application.pk)
