"""Writes of the application form by its cluster managers: sections, strategy document, actor list.

Every write locks the case and checks that it is still editable (EDITABLE_STATES): after submission the
form is read-only, also against a second tab or a co-manager who submitted a moment ago.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import EDITABLE_STATES, Actor
from applications.models import Application, AuditEntry, ClusterActor
from applications.selectors.access import actor_kind
from applications.services import audit
from gocluster.errors import Refusal


def is_editable(application: Application) -> bool:
    return application.state in EDITABLE_STATES


def _lock_for_editing(application: Application, by) -> Application:
    case = Application.objects.select_for_update().select_related("cluster").get(pk=application.pk)
    if actor_kind(case, by) != Actor.CLUSTER_MANAGER:
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann den Antrag bearbeiten."))
    if not is_editable(case):
        raise Refusal(_("Der Antrag ist eingereicht und kann nicht mehr bearbeitet werden."))
    return case


def application_save_section(*, application: Application, by, values: dict) -> Application:
    with transaction.atomic():
        case = _lock_for_editing(application, by)
        for name, value in values.items():
            setattr(case, name, value)
        if "declaration_truthful" in values:
            accepted = case.declaration_truthful and case.declaration_data_processing
            case.declarations_accepted_at = timezone.now() if accepted else None
            values = {**values, "declarations_accepted_at": case.declarations_accepted_at}
        case.save(update_fields=[*values, "updated_at"])
    return case


def strategy_document_replace(*, application: Application, by, upload, original_name: str,
                              pages: int) -> Application:
    """Store the checked PDF under a generated name (the field's upload_to); the old file goes after commit."""
    with transaction.atomic():
        case = _lock_for_editing(application, by)
        old = case.strategy_document.name
        case.strategy_document.save(original_name, upload, save=False)
        case.strategy_document_name = original_name[:200]
        case.strategy_document_pages = pages
        case.strategy_document_uploaded_at = timezone.now()
        case.save(update_fields=["strategy_document", "strategy_document_name", "strategy_document_pages",
                                 "strategy_document_uploaded_at", "updated_at"])
        audit.record(actor=by, obj=case, action="strategy_document_upload", after={"pages": pages})
        if old:
            storage = case.strategy_document.storage
            transaction.on_commit(lambda: storage.delete(old))
    return case


def actors_apply(*, application: Application, by, save: list[ClusterActor], delete: list[ClusterActor]) -> None:
    """Rows edited in the browser: all saved or none."""
    with transaction.atomic():
        case = _lock_for_editing(application, by)
        ClusterActor.objects.filter(application=case, pk__in=[a.pk for a in delete if a.pk]).delete()
        for actor in save:
            actor.application = case
            actor.save()
        Application.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def actors_import(*, application: Application, by, actors: list[ClusterActor], replace: bool,
                  import_id: str = "") -> int:
    """Imported rows: all of them or none of them. `import_id` makes a confirmed import count once, also when
    the confirmation is sent twice (a double click): the second request waits for the lock, then sees it."""
    with transaction.atomic():
        case = _lock_for_editing(application, by)
        if import_id and AuditEntry.objects.filter(application=case, action="actors_import",
                                                   after__import_id=import_id).exists():
            raise Refusal(_("Diese Datei wurde bereits importiert."))
        if replace:
            case.actors.all().delete()
        for actor in actors:
            actor.application = case
        ClusterActor.objects.bulk_create(actors)
        audit.record(actor=by, obj=case, action="actors_import",
                     after={"rows": len(actors), "replace": replace, "import_id": import_id})
        Application.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return len(actors)
