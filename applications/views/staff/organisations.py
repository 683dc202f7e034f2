"""Organisations across clusters: the staff figures, the review queue of uncertain matches, and which actors of
a case or member are also in other member clusters (an htmx panel on the case page and on the member page)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application, ClusterActor, OrganisationDecision
from applications.selectors.access import application_for_user
from applications.selectors.figures import METHODS, case_member_overlap, programme_figures
from applications.services.organisations import organisation_decide
from applications.views.public import figure_charts
from gocluster.errors import Refusal, flash_refusal
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role
from members.models import Membership

PER_PAGE = 25


@role_required(Role.STAFF)
def figures(request):
    """The public figures with the staff's detail: shared organisations, members without a list, the queue."""
    data = programme_figures(today=timezone.localdate(), with_details=True)
    return render(request, "applications/staff/figures.html", {
        "figures": data, "methods": METHODS, **figure_charts(data),
    })


@role_required(Role.STAFF)
def organisation_review(request):
    data = programme_figures(today=timezone.localdate(), with_details=True)
    page = paginate(request, data.candidates, PER_PAGE)
    decisions = OrganisationDecision.objects.select_related("decided_by")[:20]
    return render(request, "applications/staff/organisation_review.html", {
        "page": page, "decisions": decisions, "next": request.get_full_path(),
    })


@role_required(Role.STAFF)
@require_POST
def organisation_decide_view(request):
    try:
        ids = [int(request.POST.get("actor_a", "")), int(request.POST.get("actor_b", ""))]
    except ValueError as error:
        raise Http404 from error
    choice = request.POST.get("decision")
    if choice not in ("same", "different"):
        raise Http404
    actors = {a.pk: a for a in ClusterActor.objects.filter(pk__in=ids)}
    if len(actors) != 2:
        raise Http404
    try:
        organisation_decide(a=actors[ids[0]], b=actors[ids[1]], same=choice == "same", by=request.user)
    except Refusal as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Die Entscheidung ist gespeichert; die Zahlen berücksichtigen sie ab sofort."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("staff:organisation_review")
    return redirect(target)


def _overlap_response(request, application, *, back: str):
    context = {"application": application, "back": back,
               **(case_member_overlap(application, today=timezone.localdate()) if application else {})}
    template = ("applications/staff/_shared_actors.html" if request.htmx
                else "applications/staff/shared_actors.html")
    return render(request, template, context)


@role_required(Role.STAFF)
def case_shared_actors(request, pk):
    application = application_for_user(pk, request.user)
    return _overlap_response(request, application, back=reverse("staff:case_detail", kwargs={"pk": pk}))


@role_required(Role.STAFF)
def member_shared_actors(request, membership_pk):
    """The member page's panel: the actors of the application that admitted this member (if any)."""
    get_object_or_404(Membership, pk=membership_pk)
    application = Application.objects.filter(membership_id=membership_pk).select_related("cluster").first()
    return _overlap_response(request, application,
                             back=reverse("members_staff:member", kwargs={"pk": membership_pk}))
