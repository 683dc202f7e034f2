"""Reads of the admission process, shaped for pages: a constant number of queries per page."""

from dataclasses import dataclass
from datetime import datetime

from applications.models import Application, AuditEntry
from members.enums import Role

# Actions that appear on a case's timeline with a German wording.
TIMELINE_LABELS = {
    "start": "Antrag angelegt",
    "submit": "Antrag eingereicht",
    "request_changes": "Nachforderung der Geschäftsstelle",
    "resubmit": "Antrag erneut eingereicht",
    "accept_for_review": "Zur inhaltlichen Prüfung angenommen",
    "schedule_interview": "Aufnahmegespräch terminiert",
    "reschedule_interview": "Aufnahmegespräch verlegt",
    "cancel_interview": "Aufnahmegespräch abgesagt",
    "record_interview": "Aufnahmegespräch geführt",
    "open_voting": "Abstimmung eröffnet",
    "close_voting": "Abstimmung abgeschlossen",
    "release_decision": "Entscheidung freigegeben",
    "withdraw": "Antrag zurückgezogen",
}


# Events only staff see on the timeline (never shown to the applicant).
STAFF_TIMELINE_LABELS = {
    "recusal_declare": "Befangenheit erklärt",
    "vote_cast": "Stimme abgegeben",
    "vote_change": "Stimme geändert",
    "voting_extend_deadline": "Abstimmungsfrist verlängert",
    "voting_round_withdrawn": "Abstimmung beendet (Antrag zurückgezogen)",
    "internal_note_add": "Interne Notiz geschrieben",
}


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    label: str
    actor_name: str
    comment: str
    to_state: str


def _actor_name(entry: AuditEntry, for_applicant: bool) -> str:
    if entry.actor is None:
        return "automatisch"
    if for_applicant and entry.actor.role == Role.STAFF:
        return "Geschäftsstelle go-cluster"
    return entry.actor.full_name


def timeline(application: Application, *, for_applicant: bool) -> list[TimelineItem]:
    """The case's history from the audit trail. Applicants see state changes and the comments meant for them;
    staff see everything, including vote and recusal events (never the vote's content)."""
    entries = AuditEntry.objects.filter(application=application).select_related("actor").order_by("at", "id")
    items = []
    for entry in entries:
        label = TIMELINE_LABELS.get(entry.action)
        if for_applicant and label is None:
            continue
        items.append(TimelineItem(
            at=entry.at,
            label=label or STAFF_TIMELINE_LABELS.get(entry.action) or entry.action.replace("_", " "),
            actor_name=_actor_name(entry, for_applicant),
            comment=entry.comment if (entry.visible_to_applicant or not for_applicant) else "",
            to_state=entry.to_state,
        ))
    return items
