"""Who hears of which step of a case. Called after the transaction commits; mails go through the outbox.

Mails are short, name the case number and link to the portal; votes, internal notes and feedback
never travel by mail.
"""

import logging

from django.conf import settings
from django.utils import formats, timezone

from applications.models import AdvisoryCall, Application, AuditEntry
from applications.selectors.calendar import advisory_call_ics, interview_ics
from applications.selectors.tally import eligible_board_members, eligible_ministry_voters
from applications.services import letters
from gocluster import jobs
from gocluster.outbox.services import queue_templated_mail

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
    if name in ("schedule_interview", "reschedule_interview"):
        people = managers + [u.email for u in application.interview.interviewers.all()]
        invitation = ("aufnahmegespraech.ics", interview_ics(application), "text/calendar")
        return [("interview_scheduled", people, (invitation,))]
    if name == "open_voting":
        voters = [u.email for u in eligible_ministry_voters(application)]
        voters += [u.email for u in eligible_board_members(application)]
        return [("voting_opened", voters, ())]
    if name == "close_voting":
        return [("staff_voting_closed", _agency(), ())]
    if name == "release_decision":
        # The decision mail carries the letters: the letter task queues it once the PDFs exist.
        return []
    if name == "withdraw":
        mails = [("withdrawn", managers, ()), ("staff_withdrawn", _agency(), ())]
        if application.voting_rounds.filter(closed_at=application.closed_at, result="").exists():
            # The vote was running: the voters hear that it is off.
            voters = [u.email for u in eligible_ministry_voters(application)]
            voters += [u.email for u in eligible_board_members(application)]
            mails.append(("voting_withdrawn", voters, ()))
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


def notify_advisory_call_scheduled(call_id: int) -> None:
    """The invitation to an advisory call with its calendar file, to the managers and the advisor."""
    call = AdvisoryCall.objects.select_related("cluster", "advisor").filter(pk=call_id).first()
    if call is None or call.scheduled_at is None:
        logger.info("invitation for missing advisory call %s skipped", call_id)
        return
    ics = advisory_call_ics(call)
    context = {
        "cluster_name": call.cluster.name,
        "call_at": formats.date_format(timezone.localtime(call.scheduled_at), "DATETIME_FORMAT"),
        "call_mode": call.get_mode_display(),
        "advisor_name": call.advisor.full_name,
    }
    recipients = [u.email for u in call.cluster.managers.filter(is_active=True)] + [call.advisor.email]
    for recipient in dict.fromkeys(recipients):
        queue_templated_mail(event="advisory_call_scheduled", recipient=recipient, context=context,
                             related=call, attachments=(("beratungsgespraech.ics", ics, "text/calendar"),))
