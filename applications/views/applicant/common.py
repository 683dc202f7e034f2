"""What every applicant view shares: the access rule for a case and the one read-only rule."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from applications.selectors.access import documents_for_user
from applications.services.editing import is_editable
from members.decorators import role_required
from members.enums import Role

manager_required = role_required(Role.CLUSTER_MANAGER)

# The wizard's steps in order: (key, title). Keys match completeness.Missing.section.
STEPS = [
    ("management", gettext_lazy("Clustermanagement")),
    ("financing", gettext_lazy("Finanzierung")),
    ("activities", gettext_lazy("Aktivitäten und Strategie")),
    ("strategy", gettext_lazy("Strategiedokument")),
    ("actors", gettext_lazy("Clusterakteure")),
    ("declarations", gettext_lazy("Erklärungen")),
]
STEP_TITLES = dict(STEPS)


def step_url(application, step: str) -> str:
    if step == "strategy":
        return reverse("applicant:strategy", args=[application.pk])
    if step == "actors":
        return reverse("applicant:actors", args=[application.pk])
    return reverse("applicant:section", args=[application.pk, step])


def next_step_url(application, step: str) -> str:
    keys = [key for key, _title in STEPS]
    index = keys.index(step)
    if index + 1 < len(keys):
        return step_url(application, keys[index + 1])
    return reverse("applicant:review", args=[application.pk])


def case_view(view):
    """A case page of the cluster manager: another cluster's case (or a file of it) is a 404."""

    @manager_required
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        return view(request, documents_for_user(pk, request.user), *args, **kwargs)

    return wrapped


def editable_case_view(view):
    """The one rule of the view layer for editing: only EDITABLE_STATES; otherwise back to the case page.
    (The services check it again under a row lock.)"""

    @case_view
    @wraps(view)
    def wrapped(request, application, *args, **kwargs):
        if not is_editable(application):
            messages.info(request, _("Der Antrag ist eingereicht und kann nicht mehr bearbeitet werden."))
            return redirect("applicant:case", pk=application.pk)
        return view(request, application, *args, **kwargs)

    return wrapped
