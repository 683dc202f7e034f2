from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.enums import AdvisoryCallState
from applications.forms.advisory import AdvisoryCallRequestForm
from applications.selectors.access import advisory_call_for_user
from applications.selectors.calendar import advisory_call_ics
from applications.services import calls
from applications.views.applicant.common import manager_required
from gocluster.downloads import private_bytes_response
from gocluster.errors import Refusal, flash_refusal
from members.selectors.access import cluster_for_user


@manager_required
def call_request(request, cluster_pk):
    cluster = cluster_for_user(cluster_pk, request.user)
    form = AdvisoryCallRequestForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            calls.advisory_call_request(cluster=cluster, by=request.user, mode=form.cleaned_data["mode"],
                                        preferred_slots=form.slots(), topics=form.cleaned_data["topics"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Ihre Anfrage ist eingegangen. Die Geschäftsstelle schlägt Ihnen "
                                        "einen Termin vor."))
            return redirect("applicant:dashboard")
    return render(request, "applications/applicant/call_request.html",
                  {"form": form, "cluster": cluster, "extra_errors": errors})


@manager_required
def call_ics(request, pk):
    call = advisory_call_for_user(pk, request.user)
    if call.state != AdvisoryCallState.SCHEDULED or call.scheduled_at is None:
        raise Http404
    return private_bytes_response(advisory_call_ics(call), filename="beratungsgespraech.ics",
                                  content_type="text/calendar")


@manager_required
def call_cancel(request, pk):
    call = advisory_call_for_user(pk, request.user)  # first: another cluster's call is a 404 for any method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        calls.advisory_call_cancel(call=call, by=request.user, reason=_("vom Clustermanagement abgesagt"))
    except Refusal as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Das Beratungsgespräch ist abgesagt."))
    return redirect("applicant:dashboard")
