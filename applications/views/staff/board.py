"""Who sits on the board and who represents the ministry. Staff change roles; past votes stay."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.staff import VoterRoleForm
from applications.services import voting
from gocluster.errors import Refusal, flash_refusal
from members.decorators import role_required
from members.enums import VOTER_ROLES, Role
from members.models import User


@role_required(Role.STAFF)
def board(request):
    form = VoterRoleForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            voting.voter_role_set(user=form.user, by=request.user, role=form.cleaned_data["role"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("%(name)s gehört jetzt dem Gremium „%(role)s“ an.")
                             % {"name": form.user.full_name, "role": Role(form.cleaned_data["role"]).label})
            return redirect("staff:board")
    members = (User.objects.filter(role__in=VOTER_ROLES).annotate(vote_count=Count("votes"))
               .order_by("role", "full_name"))
    return render(request, "applications/staff/board.html", {"form": form, "errors": errors, "members": members})


@role_required(Role.STAFF)
@require_POST
def board_remove(request, user_pk):
    person = get_object_or_404(User, pk=user_pk, role__in=VOTER_ROLES)
    try:
        voting.voter_role_set(user=person, by=request.user, role="")
    except Refusal as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("%(name)s gehört keinem Gremium mehr an; die abgegebenen Stimmen bleiben erhalten.")
                         % {"name": person.full_name})
    return redirect("staff:board")
