"""The calendar files (.ics) of a case's appointments, the same in the mail and in the portal's download.

Each move of an appointment raises SEQUENCE, so a calendar replaces the earlier invitation.
"""

from applications.models import AdvisoryCall, Application, AuditEntry
from gocluster.ics import make_ics


def advisory_call_ics(call: AdvisoryCall) -> bytes:
    moves = AuditEntry.objects.filter(object_id=str(call.pk), action="advisory_call_schedule").count()
    return make_ics(
        uid=f"advisory-call-{call.pk}", start=call.scheduled_at,
        summary=f"go-cluster Beratungsgespräch {call.cluster.name}", location=call.get_mode_display(),
        description=f"Beratungsgespräch mit {call.advisor.full_name}" if call.advisor else "Beratungsgespräch",
        sequence=max(moves - 1, 0),
    )


def interview_ics(application: Application) -> bytes:
    interview = application.interview
    moves = application.audit_entries.filter(action__in=["schedule_interview", "reschedule_interview"]).count()
    return make_ics(
        uid=f"interview-{application.pk}", start=interview.scheduled_at,
        summary=f"go-cluster Aufnahmegespräch {application.case_number}", location=interview.location,
        description=f"Aufnahmegespräch zum Antrag {application.case_number} ({application.cluster.name})",
        sequence=moves,
    )
