"""What an application still lacks before it can be submitted: one list for the guard and the review page."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application

# Form sections in the order of the wizard; each names its fields.
SECTIONS = {
    "management": ("management_fte", "annual_budget_eur", "governance_bodies"),
    "financing": ("share_public_basic", "share_member_fees", "share_project_funds", "share_service_revenue"),
    "activities": ("services_offered", "cooperations", "international_activities", "goals"),
}


@dataclass(frozen=True)
class Missing:
    section: str  # wizard step the user fixes it in
    field: str  # form field id, so the review page can link to it
    message: str


def missing_items(application: Application, *, actor_count: int | None = None) -> list[Missing]:
    missing = []
    for section, fields in SECTIONS.items():
        for name in fields:
            value = getattr(application, name)
            if value is None or value == "":
                label = Application._meta.get_field(name).verbose_name
                missing.append(Missing(section, name, _("Bitte füllen Sie „%(label)s“ aus.") % {"label": label}))
    total = application.financing_total
    if total is not None and total != 100:
        missing.append(Missing("financing", "share_public_basic",
                               _("Die Anteile des Finanzierungsmixes ergeben %(total)s %% statt 100 %%.")
                               % {"total": total}))
    if not application.strategy_document or not application.strategy_document_pages:
        missing.append(Missing("strategy", "strategy_document",
                               _("Bitte laden Sie das Strategiedokument als PDF hoch.")))
    if actor_count is None:
        actor_count = application.actors.count()
    if actor_count == 0:
        missing.append(Missing("actors", "actors", _("Bitte tragen Sie die Clusterakteure ein.")))
    if not (application.declaration_truthful and application.declaration_data_processing):
        missing.append(Missing("declarations", "declaration_truthful", _("Bitte geben Sie beide Erklärungen ab.")))
    return missing
