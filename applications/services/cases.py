"""Starting a case (gap-free case numbers) and the agency's internal notes on it."""


from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import FINAL_STATES
from applications.models import Application, CaseNumberSequence, InternalNote
from applications.services import audit
from gocluster.errors import Refusal
from members.enums import Role
from members.models import Cluster
from members.selectors.access import manages_cluster
from members.selectors.membership import current_membership

# --- Case numbers --------------------------------------------------------------------------------


def next_case_number(year: int) -> str:
    """`GC-2026-0042`: per year, gap-free; the row lock serialises concurrent starts."""
    with transaction.atomic():
        CaseNumberSequence.objects.get_or_create(year=year)
        sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"GC-{year}-{sequence.last:04d}"


# --- Applications ------------------------------------------------------------------------------


def application_start(*, cluster: Cluster, by) -> Application:
    if not manages_cluster(by, cluster):
        raise Refusal(_("Nur das Clustermanagement dieses Clusters kann einen Antrag anlegen."))
    if current_membership(cluster) is not None:
        raise Refusal(_("„%(name)s“ ist bereits Mitglied von go-cluster; ein Antrag auf Aufnahme ist nicht nötig. "
                        "Ihre Mitgliedschaft finden Sie unter „Mitgliedschaft“.") % {"name": cluster.name})
    with transaction.atomic():
        if cluster.applications.exclude(state__in=FINAL_STATES).exists():
            raise Refusal(_("Für diesen Cluster gibt es bereits einen offenen Antrag."))
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    cluster=cluster, author=by, case_number=next_case_number(timezone.localdate().year)
                )
        except IntegrityError as error:
            raise Refusal(_("Für diesen Cluster gibt es bereits einen offenen Antrag.")) from error
        audit.record(actor=by, obj=application, action="start", to_state=application.state,
                     visible_to_applicant=True)
    return application


# --- Internal notes and voter roles --------------------------------------------------------------


def internal_note_add(*, application: Application, by, text: str) -> InternalNote:
    """A note of the agency on the case; never shown to the applicant."""
    if by.role != Role.STAFF:
        raise Refusal(_("Interne Notizen schreibt nur die Geschäftsstelle."))
    if not text.strip():
        raise Refusal(_("Bitte geben Sie den Text der Notiz ein."))
    with transaction.atomic():
        note = InternalNote.objects.create(application=application, author=by, text=text.strip())
        audit.record(actor=by, obj=note, application=application, action="internal_note_add")
    return note
