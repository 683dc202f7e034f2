"""Advisory calls: the requests, and scheduling, holding, cancelling or a no-show, through the services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.enums import AdvisoryCallState
from applications.forms.staff import AdvisoryCallHoldForm, AdvisoryCallScheduleForm, ReasonForm
from applications.selectors.access import advisory_call_for_user, advisory_calls_visible_to
from applications.services import calls
from gocluster.errors import Refusal
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role

STATE_TABS = [("open", _("offen")), ("held", _("geführt")), ("closed", _("abgesagt/nicht erschienen"))]


@role_required(Role.STAFF)
def call_list(request):
    tab = request.GET.get("tab", "open")
    calls = advisory_calls_visible_to(request.user)
    if tab == "held":
        calls = calls.filter(state=AdvisoryCallState.HELD).order_by("-held_at")
    elif tab == "closed":
        calls = calls.filter(state__in=[AdvisoryCallState.CANCELLED, AdvisoryCallState.NO_SHOW])
    else:
        tab = "open"
        calls = calls.filter(state__in=[AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED]).order_by(
            "state", "scheduled_at", "created_at")
    page = paginate(request, calls, 25)
    return render(request, "applications/staff/call_list.html", {"page": page, "tab": tab, "tabs": STATE_TABS})


def _forms(call, data=None, which=None):
    initial = {"mode": call.mode, "advisor": call.advisor_id, "scheduled_at": call.scheduled_at, "phone": call.phone}
    return {
        "schedule_form": AdvisoryCallScheduleForm(data if which == "schedule" else None, initial=initial,
                                                  prefix="schedule", moving=call.state == AdvisoryCallState.SCHEDULED),
        "hold_form": AdvisoryCallHoldForm(data if which == "hold" else None, prefix="hold"),
        "cancel_form": ReasonForm(data if which == "cancel" else None, prefix="cancel"),
    }


@role_required(Role.STAFF)
def call_detail(request, pk):
    call = advisory_call_for_user(pk, request.user)
    return render(request, "applications/staff/call_detail.html", {"call": call, **_forms(call)})


ACTIONS = ("schedule", "hold", "cancel", "no_show")


@role_required(Role.STAFF)
@require_POST
def call_action(request, pk, action):
    call = advisory_call_for_user(pk, request.user)
    if action not in ACTIONS:
        raise Http404
    forms = _forms(call, request.POST, action)
    form = forms.get(f"{action}_form")
    errors = []
    if form is None or form.is_valid():
        try:
            if action == "schedule":
                data = form.cleaned_data
                moving = call.state == AdvisoryCallState.SCHEDULED
                calls.advisory_call_schedule(call=call, by=request.user, scheduled_at=data["scheduled_at"],
                                             advisor=data["advisor"], mode=data["mode"], phone=data["phone"],
                                             reason=data.get("reason", ""))
                if moving:
                    messages.success(request, _("Der Termin ist verlegt; die Mitteilung mit der neuen Kalenderdatei "
                                                "ist unterwegs."))
                else:
                    messages.success(request, _("Der Termin ist vereinbart; die Einladung mit Kalenderdatei ist "
                                                "unterwegs."))
            elif action == "hold":
                calls.advisory_call_hold(call=call, by=request.user, notes=form.cleaned_data["notes"],
                                            recommendation=form.cleaned_data["recommendation"])
                messages.success(request, _("Das Beratungsgespräch ist als geführt vermerkt."))
            elif action == "cancel":
                calls.advisory_call_cancel(call=call, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Das Beratungsgespräch ist abgesagt; das Clustermanagement erhält die "
                                            "Absage mit dem Grund per E-Mail."))
            else:
                calls.advisory_call_no_show(call=call, by=request.user)
                messages.success(request, _("Vermerkt: Der Cluster ist nicht erschienen."))
        except Refusal as error:
            errors = error.messages
        else:
            return redirect("staff:call_detail", pk=call.pk)
    return render(request, "applications/staff/call_detail.html",
                  {"call": call, "errors": errors, "failed": action, **forms}, status=200)
