"""Who hears of which step of a case. Called after the transaction commits; mails go through the outbox.

Mails are short, name the case number and link to the portal; votes, internal notes and feedback
never travel by mail.
"""

import logging

from django.conf import settings
from django.utils import formats, timezone

from applications.models import AdvisoryCall, Application, AuditEntry
from applications.selectors.calendar import advisory_call_ics, interview_ics
from applications.selectors.tally import eligible_voters
from applications.services import letters
from gocluster import jobs
from gocluster.outbox.services import queue_templated_mail
from members.enums import Role

logger = logging.getLogger(__name__)


def _managers(application):
    return list(application.cluster.managers.filter(is_active=True))


def _agency():
    """The programme's team mailbox stands for 'staff' in mails."""
    return [settings.PROGRAMME_CONTACT_EMAIL]


def _recipients_and_extras(application, name):
    """(event template, recipients, attachments) per transition; an empty list sends nothing."""
    managers = [u.email for u in _managers(application)]
    if name in ("submit", "resubmit"):
        return [("application_submitted", managers, ()), ("staff_application_submitted", _agency(), ())]
    if name == "request_changes":
        return [("changes_requested", managers, ())]
    if name == "accept_for_review":
        return [("accepted_for_review", managers, ())]
    if name in ("schedule_interview", "reschedule_interview", "cancel_interview"):
        people = managers + [u.email for u in application.interview.interviewers.all()]
        cancelled = name == "cancel_interview"
        calendar = ("aufnahmegespraech.ics", interview_ics(application, cancelled=cancelled), "text/calendar")
        event = {"schedule_interview": "interview_scheduled", "reschedule_interview": "interview_moved",
                 "cancel_interview": "interview_cancelled"}[name]
        return [(event, people, (calendar,))]
    if name == "open_voting":
        # The round's electorate, fixed when it opened, without the recused.
        voting_round = application.voting_rounds.order_by("-opened_at").first()
        return [("voting_opened", [u.email for u in eligible_voters(voting_round).order_by("pk")], ())]
    if name == "close_voting":
        return [("staff_voting_closed", _agency(), ())]
    if name == "release_decision":
        # The decision mail carries the letters: the letter task queues it once the PDFs exist.
        return []
    if name == "withdraw":
        mails = [("withdrawn", managers, ()), ("staff_withdrawn", _agency(), ())]
        stopped = application.voting_rounds.filter(closed_at=application.closed_at, result="").first()
        if stopped is not None:
            # The vote was running: its electorate hears that it is off.
            mails.append(("voting_withdrawn", [u.email for u in eligible_voters(stopped).order_by("pk")], ()))
        return mails
    return []


def base_context(application) -> dict:
    return {
        "application": application,
        "case_number": application.case_number,
        "cluster_name": application.cluster.name,
        "state_label": application.get_state_display(),
    }


def queue_decision_mail(application, documents) -> None:
    """The decision mail to the cluster management with the rendered letters attached."""
    attachments = []
    for document in documents:
        with document.file.open("rb") as handle:
            attachments.append((document.download_name, handle.read(), "application/pdf"))
    context = {**base_context(application), "outcome": application.decision.outcome,
               "attachment_names": [d.download_name for d in documents]}
    for recipient in dict.fromkeys(u.email for u in _managers(application)):
        queue_templated_mail(event="decision_released", recipient=recipient, context=context, related=application,
                             attachments=attachments)


def notify_transition(application_id: int, name: str, audit_id: int) -> None:
    application = Application.objects.select_related("cluster").filter(pk=application_id).first()
    if application is None:
        logger.info("notification for missing application %s skipped", application_id)
        return
    entry = AuditEntry.objects.get(pk=audit_id)
    if name == "release_decision":
        jobs.later("applications.tasks.send_decision_letters", application_id=application.pk)
    if name == "open_voting":
        # The voters' dossier is rendered in the worker as soon as the round opens.
        letters.dossier_start(application=application, by=entry.actor)
    context = {
        **base_context(application),
        "comment": entry.comment,
        "when": formats.date_format(timezone.localtime(entry.at), "DATETIME_FORMAT"),
    }
    if hasattr(application, "interview"):
        context["interview_at"] = formats.date_format(timezone.localtime(application.interview.scheduled_at),
                                                      "DATETIME_FORMAT")
        context["interview_location"] = application.interview.location
    if name == "open_voting":
        deadline = application.voting_rounds.order_by("-opened_at").first().deadline
        context["deadline"] = formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
    for event, recipients, attachments in _recipients_and_extras(application, name):
        for recipient in dict.fromkeys(recipients):
            queue_templated_mail(event=event, recipient=recipient, context=context, related=application,
                                 attachments=attachments)


def _call(call_id: int) -> AdvisoryCall | None:
    call = AdvisoryCall.objects.select_related("cluster", "advisor", "cancelled_by").filter(pk=call_id).first()
    if call is None:
        logger.info("mail about missing advisory call %s skipped", call_id)
    return call


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _call_context(call: AdvisoryCall) -> dict:
    return {
        "cluster_name": call.cluster.name,
        "call_at": _when(call.scheduled_at) if call.scheduled_at else "",
        "call_mode": call.get_mode_display(),
        "advisor_name": call.advisor.full_name if call.advisor else "",
    }


def _call_managers(call: AdvisoryCall) -> list[str]:
    return [u.email for u in call.cluster.managers.filter(is_active=True)]


def _send_call_mails(call, event, recipients, context, attachments=()) -> None:
    for recipient in dict.fromkeys(recipients):
        queue_templated_mail(event=event, recipient=recipient, context=context, related=call, attachments=attachments)


def notify_advisory_call_scheduled(call_id: int) -> None:
    """The invitation to an advisory call with its calendar file, to the managers and the advisor."""
    call = _call(call_id)
    if call is None or call.scheduled_at is None:
        return
    _send_call_mails(call, "advisory_call_scheduled", [*_call_managers(call), call.advisor.email], _call_context(call),
                     (("beratungsgespraech.ics", advisory_call_ics(call), "text/calendar"),))


def notify_advisory_call_moved(call_id: int, *, previous_at, reason: str) -> None:
    """A new date for a scheduled call: "verlegt", the old and the new date, the reason, the replacing .ics."""
    call = _call(call_id)
    if call is None or call.scheduled_at is None:
        return
    context = {**_call_context(call), "previous_at": _when(previous_at) if previous_at else "", "reason": reason}
    _send_call_mails(call, "advisory_call_moved", [*_call_managers(call), call.advisor.email], context,
                     (("beratungsgespraech.ics", advisory_call_ics(call), "text/calendar"),))


def notify_advisory_call_cancelled(call_id: int, *, was_scheduled: bool) -> None:
    """A cancellation with its reason: to the managers, and to the agency (the advisor and, when the cluster
    cancelled, the programme mailbox). A scheduled call's .ics withdraws the calendar entry (METHOD:CANCEL)."""
    call = _call(call_id)
    if call is None:
        return
    by_staff = call.cancelled_by is not None and call.cancelled_by.role == Role.STAFF
    context = {**_call_context(call), "reason": call.cancel_reason, "by_staff": by_staff,
               "was_scheduled": was_scheduled}
    attachments = ((("beratungsgespraech.ics", advisory_call_ics(call, cancelled=True), "text/calendar"),)
                   if was_scheduled and call.scheduled_at else ())
    _send_call_mails(call, "advisory_call_cancelled", _call_managers(call), context, attachments)
    agency = [call.advisor.email] if was_scheduled and call.advisor else []
    if not by_staff:
        agency += _agency()
    _send_call_mails(call, "staff_advisory_call_cancelled", agency, context, attachments)


def notify_advisory_call_held(call_id: int) -> None:
    """After the call: the agency's recommendation to the cluster (never the internal notes)."""
    call = _call(call_id)
    if call is None:
        return
    context = {**_call_context(call), "recommendation": call.recommendation,
               "held_on": formats.date_format(timezone.localtime(call.held_at), "DATE_FORMAT")}
    _send_call_mails(call, "advisory_call_held", _call_managers(call), context)
