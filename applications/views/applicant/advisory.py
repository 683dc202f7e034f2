from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.enums import AdvisoryCallState, ApplicationState
from applications.forms.advisory import AdvisoryCallRequestForm, CallCancelForm
from applications.selectors import calendar
from applications.selectors.access import advisory_call_for_user, documents_for_user
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
                                        preferred_slots=form.slots(), topics=form.cleaned_data["topics"],
                                        phone=form.cleaned_data["phone"])
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
    return private_bytes_response(calendar.advisory_call_ics(call), filename="beratungsgespraech.ics",
                                  content_type="text/calendar")


@manager_required
def call_cancel(request, pk):
    """Cancel the call, with an optional reason the agency receives."""
    call = advisory_call_for_user(pk, request.user)  # first: another cluster's call is a 404 for any method
    form = CallCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            calls.advisory_call_cancel(call=call, by=request.user, reason=form.cleaned_data["reason"])
        except Refusal as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("Das Beratungsgespräch ist abgesagt. Die Geschäftsstelle ist informiert."))
        return redirect("applicant:dashboard")
    if call.state not in (AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED):
        return redirect("applicant:dashboard")
    return render(request, "applications/applicant/call_cancel.html",
                  {"call": call, "form": form})


@manager_required
def interview_ics(request, pk):
    """The interview's calendar file, the same (and with the same SEQUENCE) as in the last mail."""
    application = documents_for_user(pk, request.user)
    interview = getattr(application, "interview", None)
    if application.state != ApplicationState.INTERVIEW_SCHEDULED or interview is None or interview.cancelled_at:
        raise Http404
    return private_bytes_response(calendar.interview_ics(application), filename="aufnahmegespraech.ics",
                                  content_type="text/calendar")
