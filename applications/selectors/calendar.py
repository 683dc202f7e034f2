"""The calendar files (.ics) of a case's appointments, the same in the mail and in the portal's download.

One UID per appointment and its stored `sequence` (raised by every move and by the cancellation), so the
download always carries the SEQUENCE of the last mail and a calendar replaces or removes the entry it has.
"""

from django.conf import settings

from applications.models import AdvisoryCall, Application
from gocluster.ics import CANCEL, PUBLISH, make_ics


def _organizer() -> tuple[str, str]:
    return ("Geschäftsstelle go-cluster", settings.PROGRAMME_CONTACT_EMAIL)


def advisory_call_ics(call: AdvisoryCall, *, cancelled: bool = False) -> bytes:
    return make_ics(
        uid=f"advisory-call-{call.pk}", start=call.scheduled_at,
        summary=f"go-cluster Beratungsgespräch {call.cluster.name}", location=call.get_mode_display(),
        description=f"Beratungsgespräch mit {call.advisor.full_name}" if call.advisor else "Beratungsgespräch",
        sequence=call.sequence, method=CANCEL if cancelled else PUBLISH,
        status="CANCELLED" if cancelled else "CONFIRMED", organizer=_organizer(),
    )


def interview_ics(application: Application, *, cancelled: bool = False) -> bytes:
    interview = application.interview
    return make_ics(
        uid=f"interview-{application.pk}", start=interview.scheduled_at,
        summary=f"go-cluster Aufnahmegespräch {application.case_number}", location=interview.location,
        description=f"Aufnahmegespräch zum Antrag {application.case_number} ({application.cluster.name})",
        sequence=interview.sequence, method=CANCEL if cancelled else PUBLISH,
        status="CANCELLED" if cancelled else "CONFIRMED", organizer=_organizer(),
    )
