"""The application form, one topic per page; every page saves; the review page submits."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from applications.forms.documents import STRATEGY_MAX_BYTES, StrategyDocumentForm
from applications.forms.sections import FORMS
from applications.selectors import criteria
from applications.selectors.completeness import missing_items
from applications.services import editing
from applications.services.workflow import apply_transition
from applications.views.applicant.common import (
    STEP_TITLES,
    STEPS,
    case_view,
    editable_case_view,
    next_step_url,
    step_url,
)
from applications.views.applicant.progress import task_list
from gocluster.errors import Refusal
from gocluster.uploads import too_large_message, upload_view


def _step_context(application, step: str) -> dict:
    keys = [key for key, _title in STEPS]
    return {"application": application, "step": step, "step_title": STEP_TITLES[step],
            "step_number": keys.index(step) + 1, "step_count": len(keys)}


def _after_save(request, application, step: str):
    messages.success(request, _("Gespeichert."))
    if "continue" in request.POST:
        return redirect(next_step_url(application, step))
    return redirect(step_url(application, step))


@editable_case_view
def section(request, application, section):
    form_class = FORMS.get(section)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, instance=application)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            editing.application_save_section(application=application, by=request.user, values=form.values())
        except Refusal as error:
            errors = error.messages
        else:
            return _after_save(request, application, section)
    return render(request, "applications/applicant/section.html",
                  {**_step_context(application, section), "form": form, "extra_errors": errors})


@editable_case_view
@upload_view(STRATEGY_MAX_BYTES)
def strategy(request, application):
    errors = []
    form = StrategyDocumentForm()
    if request.method == "POST":
        if request.upload_too_large:
            errors = [too_large_message(STRATEGY_MAX_BYTES)]
        else:
            form = StrategyDocumentForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["strategy_document"]
                try:
                    editing.strategy_document_replace(application=application, by=request.user, upload=upload,
                                                      original_name=upload.name, pages=form.checked.pages)
                except (Refusal, ValidationError) as error:
                    errors = error.messages
                else:
                    return _after_save(request, application, "strategy")
    return render(request, "applications/applicant/strategy.html",
                  {**_step_context(application, "strategy"), "form": form, "extra_errors": errors})


@case_view
def review(request, application):
    """Check your answers: everything on one page, what is missing with links, and the submit button."""
    errors = []
    if request.method == "POST":
        name = "resubmit" if application.state == ApplicationState.CHANGES_REQUESTED else "submit"
        try:
            apply_transition(application=application, name=name, by=request.user)
        except Refusal as error:
            errors = error.messages
        else:
            return redirect("applicant:submitted", pk=application.pk)
    actors = list(application.actors.all())
    missing = missing_items(application, actor_count=len(actors))
    return render(request, "applications/applicant/review.html", {
        "application": application,
        "editable": editing.is_editable(application),
        "missing": [(m, f"{step_url(application, m.section)}#id_{m.field}") for m in missing],
        "tasks": task_list(application, missing),
        "forms": [(key, STEP_TITLES[key], FORMS[key](instance=application), step_url(application, key))
                  for key in ("management", "financing", "activities", "declarations")],
        "stats": criteria.actor_statistics(actors),
        "extra_errors": errors,
        "validity_months": round(settings.ADVISORY_CALL_VALIDITY_DAYS / 30.4),
    })
