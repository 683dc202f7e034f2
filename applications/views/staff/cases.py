"""The case list with filters and exports, and the case page with every step staff may take now."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import exports
from applications.enums import ApplicationState, Outcome
from applications.filters import CaseFilter
from applications.forms.staff import (
    CloseVotingForm,
    CommentForm,
    DeadlineForm,
    InternalNoteForm,
    InterviewCancelForm,
    InterviewRecordForm,
    InterviewRescheduleForm,
    InterviewScheduleForm,
    ReleaseDecisionForm,
    RequestChangesForm,
)
from applications.models import QualityArea
from applications.rules import TRANSITIONS
from applications.selectors.access import application_for_user, applications_visible_to
from applications.selectors.case_page import active_criteria, staff_case_page
from applications.selectors.tally import votes_missing
from applications.services import cases, letters, voting
from applications.services.workflow import apply_transition
from gocluster.downloads import private_bytes_response
from gocluster.errors import Refusal, flash_refusal
from gocluster.pagination import PAGE_PARAM, paginate
from members.decorators import role_required
from members.enums import Role

# --- Case list ------------------------------------------------------------------------------------


def _filtered_cases(request):
    cases = (applications_visible_to(request.user)
             .select_related("cluster", "advisory_call__advisor")
             .prefetch_related("cluster__technology_fields"))
    return CaseFilter(request.GET or None, queryset=cases)


@role_required(Role.STAFF)
def case_list(request):
    case_filter = _filtered_cases(request)
    page = paginate(request, case_filter.qs, 25)
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return render(request, "applications/staff/case_list.html", {
        "filter": case_filter, "page": page, "query": query.urlencode(),
    })


@role_required(Role.STAFF)
def case_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    cases = _filtered_cases(request).qs
    return exports.csv_response(cases) if fmt == "csv" else exports.xlsx_response(cases)


# --- Case page ------------------------------------------------------------------------------------

# The form each transition needs on the case page (release_decision has its own page).
TRANSITION_FORMS = {
    "request_changes": RequestChangesForm,
    "accept_for_review": CommentForm,
    "schedule_interview": InterviewScheduleForm,
    "reschedule_interview": InterviewRescheduleForm,
    "cancel_interview": InterviewCancelForm,
    "record_interview": InterviewRecordForm,
    "open_voting": DeadlineForm,
    "close_voting": CloseVotingForm,
}


def _transition_form(name, application, criteria, data=None):
    form_class = TRANSITION_FORMS[name]
    kwargs = {"prefix": name}
    if name == "record_interview":
        kwargs["criteria"] = criteria
    if name == "close_voting":
        open_round = application.voting_rounds.filter(closed_at__isnull=True).first()
        kwargs["missing"] = votes_missing(open_round) if open_round else 0
    if name == "reschedule_interview" and data is None:
        interview = getattr(application, "interview", None)
        if interview:
            kwargs["initial"] = {"scheduled_at": interview.scheduled_at, "location": interview.location,
                                 "interviewers": list(interview.interviewers.all())}
    return form_class(data, **kwargs)


def _case_context(request, application, *, bound=None, errors=()):
    """The case page's read-model plus a form for every step the user may take now."""
    criteria = active_criteria()
    page = staff_case_page(application, request.user, criteria=criteria)
    transitions = []
    for transition in page["allowed_transitions"]:
        if transition.name == "release_decision":
            transitions.append({"transition": transition, "form": None})
            continue
        form = bound if bound is not None and bound.prefix == transition.name else None
        transitions.append({"transition": transition,
                            "form": form or _transition_form(transition.name, application, criteria)})
    return {
        **page,
        "note_form": InternalNoteForm(),
        "transitions": transitions,
        "errors": list(errors),
        "failed_step": bound.prefix if bound is not None else "",
        "extend_form": DeadlineForm(prefix="extend") if page["open_round"] else None,
    }


@role_required(Role.STAFF)
def case_detail(request, pk):
    application = application_for_user(pk, request.user)
    return render(request, "applications/staff/case_detail.html", _case_context(request, application))


@role_required(Role.STAFF)
@require_POST
def case_note(request, pk):
    application = application_for_user(pk, request.user)
    form = InternalNoteForm(request.POST)
    if form.is_valid():
        try:
            cases.internal_note_add(application=application, by=request.user, text=form.cleaned_data["text"])
        except Refusal as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("Die interne Notiz ist gespeichert."))
    else:
        messages.error(request, _("Bitte geben Sie den Text der Notiz ein."))
    return redirect(f"{application_url(application)}#notizen")


def application_url(application):

    return reverse("staff:case_detail", kwargs={"pk": application.pk})


def _transition_data(name, form):
    data = dict(form.cleaned_data)
    comment = data.pop("comment", "")
    if name == "record_interview":
        return comment, {"protocol": data["protocol"], "recommendation": data["recommendation"],
                         "assessments": form.assessments()}
    if name in ("schedule_interview", "reschedule_interview"):
        return comment, {"scheduled_at": data["scheduled_at"], "location": data["location"],
                         "interviewers": list(data["interviewers"])}
    return comment, data


@role_required(Role.STAFF)
@require_POST
def case_transition(request, pk, name):
    application = application_for_user(pk, request.user)
    if name not in TRANSITION_FORMS:
        raise Http404
    form = _transition_form(name, application, active_criteria(), request.POST)
    errors = []
    if form.is_valid():
        comment, data = _transition_data(name, form)
        try:
            apply_transition(application=application, name=name, by=request.user, comment=comment, **data)
        except Refusal as error:
            errors = error.messages
        else:
            messages.success(request, _("Erledigt: %(step)s.") % {"step": TRANSITIONS[name].label})
            return redirect("staff:case_detail", pk=application.pk)
    application.refresh_from_db()
    return render(request, "applications/staff/case_detail.html",
                  _case_context(request, application, bound=form, errors=errors))


@role_required(Role.STAFF)
@require_POST
def case_extend_deadline(request, pk):
    application = application_for_user(pk, request.user)
    form = DeadlineForm(request.POST, prefix="extend")
    if form.is_valid():
        try:
            voting.voting_extend_deadline(application=application, by=request.user,
                                            deadline=form.cleaned_data["deadline"])
        except Refusal as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("Die Abstimmungsfrist ist verlängert."))
    else:
        messages.error(request, _("Bitte geben Sie eine gültige neue Frist an."))
    return redirect("staff:case_detail", pk=application.pk)


# --- Releasing the decision -------------------------------------------------------------------------


def _decision_case(request, pk):
    application = application_for_user(pk, request.user)
    if application.state != ApplicationState.DECISION_PENDING:
        raise Http404
    return application, application.decision


def _release_form(decision, data=None):
    areas = list(QualityArea.objects.all()) if decision.outcome == Outcome.REJECTED else []
    return ReleaseDecisionForm(data, areas=areas)


def _draft_key(application) -> str:
    """Where the feedback being written waits in the session: going back from the preview (or leaving the
    page and coming back) finds every text again; releasing the decision clears it."""
    return f"decision-feedback-{application.pk}"


@role_required(Role.STAFF)
def case_decision(request, pk):
    """Step 1 and 2: the feedback (for a rejection), then a preview of the letter text."""
    application, decision = _decision_case(request, pk)
    key = _draft_key(application)
    if request.method == "POST" and "edit" not in request.POST:
        form = _release_form(decision, request.POST)
        request.session[key] = {name: request.POST.get(name, "") for name in form.fields}
    else:
        # First visit, coming back, or "back" from the preview: every text written so far fills the form again.
        texts = request.POST if request.method == "POST" else request.session.get(key, {})
        form = _release_form(decision)
        form.initial = {name: texts.get(name, "") for name in form.fields}
    preview = form.is_bound and form.is_valid()
    return render(request, "applications/staff/decision.html", {
        "application": application, "decision": decision, "form": form, "preview": preview,
        "feedback": [(area, form.cleaned_data[f"feedback_{area.pk}"]) for area in form.areas] if preview else [],
    })


@role_required(Role.STAFF)
@require_POST
def case_decision_release(request, pk):
    """Step 3: release, after a fresh re-authentication (asked only once the case is known to be releasable)."""
    application, decision = _decision_case(request, pk)
    return _release(request, application, decision)


@reauthentication_required
def _release(request, application, decision):
    form = _release_form(decision, request.POST)
    errors = []
    if form.is_valid():
        try:
            apply_transition(application=application, name="release_decision", by=request.user,
                             feedback=form.feedback())
        except Refusal as error:
            errors = error.messages
        else:
            request.session.pop(_draft_key(application), None)
            messages.success(request, _("Die Entscheidung ist freigegeben; das Clustermanagement wird benachrichtigt."))
            return redirect("staff:case_detail", pk=application.pk)
    return render(request, "applications/staff/decision.html", {
        "application": application, "decision": decision, "form": form, "preview": False, "errors": errors,
    })


@role_required(Role.STAFF)
@require_POST
def case_decision_preview_pdf(request, pk):
    """The letters as PDF exactly as the release will send them, from the feedback on the page; never stored."""
    application, decision = _decision_case(request, pk)
    form = _release_form(decision, request.POST)
    if not form.is_valid():
        return render(request, "applications/staff/decision.html", {
            "application": application, "decision": decision, "form": form, "preview": False,
        })
    return private_bytes_response(letters.decision_preview_pdf(application, form.feedback()),
                                  filename=f"{application.case_number}_Vorschau_Schreiben.pdf",
                                  content_type="application/pdf")
