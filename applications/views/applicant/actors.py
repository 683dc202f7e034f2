"""The actor list: a paginated formset, the import with a preview, the template; statistics recomputed on
every render, so they follow each saved change."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.actors import ActorForm, ActorFormSet
from applications.imports import MAX_FILE_BYTES, ActorImportForm, actor_template_csv, actor_template_xlsx
from applications.models import ClusterActor
from applications.selectors import criteria
from applications.services import editing
from applications.views.applicant.common import editable_case_view, manager_required
from applications.views.applicant.wizard import _after_save, _step_context
from gocluster.downloads import private_bytes_response
from gocluster.errors import Refusal, flash_refusal
from gocluster.pagination import paginate
from gocluster.uploads import upload_view

PER_PAGE = 25
SESSION_KEY = "actor_import"


def _stats_context(application) -> dict:
    return {"application": application, "stats": criteria.actor_statistics(list(application.actors.all()))}


@editable_case_view
def actors(request, application):
    all_actors = application.actors.all()
    page = paginate(request, all_actors, PER_PAGE)
    queryset = ClusterActor.objects.filter(pk__in=[a.pk for a in page.object_list])
    formset = ActorFormSet(request.POST or None, queryset=queryset)
    errors = []
    if request.method == "POST" and formset.is_valid():
        rows = formset.save(commit=False)
        try:
            editing.actors_apply(application=application, by=request.user, save=rows,
                                 delete=formset.deleted_objects)
        except Refusal as error:
            errors = error.messages
        else:
            return _after_save(request, application, "actors")
    return render(request, "applications/applicant/actors.html", {
        **_stats_context(application), **_step_context(application, "actors"),
        "formset": formset, "page": page, "extra_errors": errors,
        "import_form": ActorImportForm(),
    })


@editable_case_view
@upload_view(MAX_FILE_BYTES)
def actor_import(request, application):
    errors = []
    form = ActorImportForm()
    if request.method == "POST":
        if request.upload_too_large:
            errors = [_("Die Datei ist größer als 2 MB. Bitte teilen Sie sie auf.")]
        else:
            form = ActorImportForm(request.POST, request.FILES,
                                   existing=list(application.actors.values_list("name", "postcode")))
            if form.is_valid():
                parsed = form.parsed
                # Only the form data of the valid rows waits in the session; it is validated again on confirm.
                request.session[SESSION_KEY] = {
                    "application": application.pk, "replace": form.cleaned_data["replace"], "id": uuid.uuid4().hex,
                    "rows": [[r.number, r.data] for r in parsed.valid],
                }
                return render(request, "applications/applicant/actor_import_preview.html", {
                    "application": application, "parsed": parsed, "replace": form.cleaned_data["replace"],
                    "file_name": form.cleaned_data["file"].name,
                })
    return render(request, "applications/applicant/actor_import.html",
                  {"application": application, "form": form, "extra_errors": errors})


@editable_case_view
@require_POST
def actor_import_confirm(request, application):
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("application") != application.pk:
        messages.error(request, _("Es liegt kein Import zur Bestätigung vor. Bitte laden Sie die Datei erneut hoch."))
        return redirect("applicant:actor-import", pk=application.pk)
    actors_to_save = []
    for _number, data in pending["rows"]:
        # Validated again: the session holds form data, never trusted model instances.
        form = ActorForm(data=data)
        if form.is_valid():
            actors_to_save.append(form.save(commit=False))
    try:
        count = editing.actors_import(application=application, by=request.user, actors=actors_to_save,
                                      replace=pending["replace"], import_id=pending["id"])
    except Refusal as error:
        flash_refusal(request, error)
        return redirect("applicant:actors", pk=application.pk)
    del request.session[SESSION_KEY]
    messages.success(request, _("%(count)s Akteure wurden importiert.") % {"count": count})
    return redirect("applicant:actors", pk=application.pk)


@manager_required
def actor_template(request, fmt):
    if fmt == "xlsx":
        return private_bytes_response(
            actor_template_xlsx(), filename="akteure-vorlage.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if fmt == "csv":
        return private_bytes_response(actor_template_csv(), filename="akteure-vorlage.csv",
                                      content_type="text/csv; charset=utf-8")
    raise Http404
