from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.forms.advisory import WithdrawForm
from applications.selectors import criteria
from applications.selectors.access import LETTER_KINDS, allowed_transitions
from applications.selectors.case_page import advisory_call_of, scheduled_interview
from applications.selectors.completeness import missing_items
from applications.selectors.timeline import timeline
from applications.services import editing
from applications.services.workflow import apply_transition
from applications.views.applicant.common import case_view
from applications.views.applicant.progress import task_list
from gocluster.documents.services import documents_of
from gocluster.errors import Refusal


def _change_request(application):
    """The agency's latest change request while the case waits for the applicant's answer."""
    if application.state != ApplicationState.CHANGES_REQUESTED:
        return None
    entry = application.audit_entries.filter(action="request_changes").order_by("-at", "-id").first()
    return entry.comment if entry else None


def _may_withdraw(application, user) -> bool:
    """Whether the withdraw step is open to this user now: the transition table decides, as for every step."""
    return "withdraw" in {t.name for t in allowed_transitions(application, user)}


@case_view
def case(request, application):
    actors = list(application.actors.all())
    missing = missing_items(application, actor_count=len(actors))
    tasks = task_list(application, missing)
    interview = scheduled_interview(application)
    return render(request, "applications/applicant/case.html", {
        "application": application,
        "editable": editing.is_editable(application),
        "tasks": tasks,
        "complete_count": sum(t.complete for t in tasks),
        "results": criteria.evaluate(application, actors=actors),
        "timeline": timeline(application, for_applicant=True),
        "change_request": _change_request(application),
        "may_withdraw": _may_withdraw(application, request.user),
        "interview": interview,
        "interviewers": list(interview.interviewers.order_by("full_name")) if interview else [],
        "advisory_call": advisory_call_of(application),
        # Only letters that went out with the decision mail; drafts and the dossier stay with the agency.
        "letters": documents_of(application).filter(kind__in=LETTER_KINDS, sent_at__isnull=False)
        .order_by("kind", "-version"),
    })


@case_view
def submitted(request, application):
    return render(request, "applications/applicant/submitted.html", {"application": application})


@case_view
def withdraw(request, application):
    if not _may_withdraw(application, request.user):
        return redirect("applicant:case", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            apply_transition(application=application, name="withdraw", by=request.user,
                             comment=form.cleaned_data["reason"])
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Der Antrag %(number)s ist zurückgezogen.")
                             % {"number": application.case_number})
            return redirect("applicant:case", pk=application.pk)
    return render(request, "applications/applicant/withdraw.html",
                  {"application": application, "form": form, "extra_errors": errors})
