"""Celery tasks of the admission process: thin, take ids, idempotent (they are acknowledged late and
may run twice), rendering under a soft time limit."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction

from applications.models import Application
from applications.services import letters, notifications, reminders
from gocluster.documents import services as documents
from gocluster.documents.models import DocumentKind

logger = logging.getLogger(__name__)
RENDER_LIMITS = {"soft_time_limit": settings.DOCUMENT_RENDER_TIME_LIMIT,
                 "time_limit": settings.DOCUMENT_RENDER_TIME_LIMIT + 30}


@shared_task(acks_late=True, **RENDER_LIMITS)
def send_decision_letters(application_id: int) -> None:
    """Render the decision's letters and queue the decision mail with them attached, once."""
    application = Application.objects.select_related("cluster", "decision").filter(pk=application_id).first()
    if application is None or not hasattr(application, "decision") or application.decision.released_at is None:
        logger.info("decision letters for application %s skipped: no released decision", application_id)
        return
    kinds = letters.DECISION_DOCUMENTS[application.decision.outcome]
    if documents.documents_of(application).filter(kind__in=kinds, sent_at__isnull=False).exists():
        return  # a re-delivered task: the mail went out already
    # Reuse versions an earlier, interrupted run rendered after the release; render what is missing.
    released_at = application.decision.released_at
    rendered = []
    for kind in kinds:
        existing = documents.documents_of(application, kind).filter(created_at__gte=released_at).first()
        rendered.append(existing or letters.render_decision_document(application, kind))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if documents.documents_of(locked).filter(kind__in=kinds, sent_at__isnull=False).exists():
            return
        notifications.queue_decision_mail(application, rendered)
        documents.mark_sent(rendered)


@shared_task(acks_late=True, **RENDER_LIMITS)
def render_dossier(job_id: int) -> None:
    """Render the voters' dossier for a job a staff member started in the browser."""
    job = documents.job_start(job_id)
    if job is None:
        return
    application = Application.objects.select_related("cluster").filter(pk=job.related_id).first()
    if application is None or job.kind != DocumentKind.DOSSIER:
        documents.job_finish(job, error="Der Antrag existiert nicht mehr.")
        return
    try:
        document = letters.render_dossier(application)
    except SoftTimeLimitExceeded:
        documents.job_finish(job, error="Die Erstellung hat zu lange gedauert.")
        raise
    except Exception:  # the page shows the failure; the log has the details
        logger.exception("dossier job %s failed", job_id)
        documents.job_finish(job, error="Das Dossier konnte nicht erstellt werden.")
        return
    documents.job_finish(job, document=document)


@shared_task(acks_late=True)
def sweep_reminders() -> int:
    """Periodic (beat, every REMINDER_SWEEP_MINUTES): send the reminders that are due, each once."""
    return len(reminders.sweep())
