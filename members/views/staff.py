"""The agency's pages for members: label status and due dates, membership status, labels, cost shares."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocluster.errors import Refusal
from gocluster.pagination import paginate
from gocluster.uploads import too_large_message, upload_view
from members.decorators import role_required
from members.enums import CostShareState, Role, SilverStatus
from members.forms import MAX_PDF_BYTES, DecisionForm, LabelForm, MembershipStatusForm, WaitlistPromoteForm
from members.models import Membership
from members.selectors.access import cost_share_for_user
from members.selectors.eligibility import best_valid_label, silver_obligation
from members.selectors.membership import (
    budget_overview,
    cost_share_requests,
    member_rows,
    membership_detail,
    waitlist,
    waitlist_promotions,
)
from members.services import memberships

PER_PAGE = 25


@role_required(Role.STAFF)
def members(request):
    today = timezone.localdate()
    status = request.GET.get("silver", "")
    status = status if status in SilverStatus.values else ""
    page = paginate(request, member_rows(today=today, silver_status=status), PER_PAGE)
    return render(request, "members/staff/members.html", {
        "page": page, "status": status, "statuses": SilverStatus.choices, "today": today})


def _detail_context(membership_pk: int, **forms) -> dict:
    membership = membership_detail(membership_pk)
    today = timezone.localdate()
    labels = list(membership.cluster.labels.all())
    return {
        "membership": membership, "labels": labels, "today": today,
        "silver": silver_obligation(started_on=membership.started_on, labels=labels, today=today),
        "best_label": best_valid_label(labels, today),
        "requests": cost_share_requests().filter(cluster=membership.cluster),
        "label_form": forms.get("label_form") or LabelForm(),
        "status_form": forms.get("status_form") or MembershipStatusForm(),
    }


@role_required(Role.STAFF)
def member_detail(request, pk):
    get_object_or_404(Membership, pk=pk)
    return render(request, "members/staff/member_detail.html", _detail_context(pk))


@role_required(Role.STAFF)
@require_POST
@upload_view(MAX_PDF_BYTES)
def label_add(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    if request.upload_too_large:
        # The body was not read: the certificate is refused before it is parsed or stored.
        return render(request, "members/staff/member_detail.html",
                      {**_detail_context(pk), "label_errors": [too_large_message(MAX_PDF_BYTES)]}, status=413)
    form = LabelForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            memberships.label_record_add(cluster=membership.cluster, by=request.user, level=data["level"],
                                      assessed_on=data["assessed_on"], valid_until=data["valid_until"],
                                      financed_by_programme=data["financed_by_programme"],
                                      certificate=data["certificate"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Das Label ist erfasst."))
            return redirect("members_staff:member", pk=pk)
    return render(request, "members/staff/member_detail.html",
                  {**_detail_context(pk, label_form=form), "label_errors": errors}, status=400)


@role_required(Role.STAFF)
@require_POST
def membership_status(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    form = MembershipStatusForm(request.POST)
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "notice":
                memberships.membership_give_notice(membership=membership, effective_on=data["effective_on"],
                                                by=request.user, comment=data["comment"])
            else:
                memberships.membership_end(membership=membership, ended_on=data["effective_on"], by=request.user,
                                        comment=data["comment"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Der Status der Mitgliedschaft ist erfasst."))
            return redirect("members_staff:member", pk=pk)
    return render(request, "members/staff/member_detail.html",
                  {**_detail_context(pk, status_form=form), "status_errors": errors}, status=400)


@role_required(Role.STAFF)
def cost_shares(request):
    state = request.GET.get("state", "")
    state = state if state in CostShareState.values else ""
    page = paginate(request, cost_share_requests(state=state), PER_PAGE)
    return render(request, "members/staff/cost_shares.html", {
        "page": page, "state": state, "states": CostShareState.choices,
        "budget": budget_overview(timezone.localdate().year)})


DECISIONS = {"approve": memberships.cost_share_approve, "waitlist": memberships.cost_share_waitlist,
             "reject": memberships.cost_share_reject}


@role_required(Role.STAFF)
def cost_share_decide(request, pk):
    cost_share = cost_share_for_user(pk, request.user)
    form = DecisionForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid() and request.POST.get("action") in DECISIONS:
        try:
            DECISIONS[request.POST["action"]](request=cost_share, by=request.user, note=form.cleaned_data["note"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Die Entscheidung ist gespeichert; der Bescheid geht per E-Mail an das "
                                        "Clustermanagement."))
            return redirect("members_staff:cost_share", pk=pk)
        cost_share = cost_share_for_user(pk, request.user)
    return render(request, "members/staff/cost_share_decide.html", {
        "cost_share": cost_share, "form": form, "errors": errors,
        "budget": budget_overview(cost_share.budget_year)}, status=400 if errors else 200)


@role_required(Role.STAFF)
def cost_share_waitlist(request):
    """Let the wait list move up: first see which requests would be approved, then confirm (POST)."""
    year = timezone.localdate().year
    form = WaitlistPromoteForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            moved = memberships.waitlist_promote(year=year, by=request.user, expected=form.cleaned_data["expected"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Nachgerückt und bewilligt: %(refs)s. Die Bescheide gehen per E-Mail an die "
                                        "Clustermanagements.") % {"refs": ", ".join(r.reference for r in moved)})
            return redirect("members_staff:cost_shares")
    waiting, moving = waitlist(year)
    return render(request, "members/staff/waitlist.html", {
        "form": form, "errors": errors, "budget": budget_overview(year), "waiting": waiting, "moving": moving,
        "expected": ",".join(str(r.pk) for r in moving), "promotions": waitlist_promotions(year),
    }, status=400 if errors else 200)
