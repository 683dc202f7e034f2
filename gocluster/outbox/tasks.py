import logging

from celery import shared_task
from django.conf import settings

from gocluster.outbox import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_outbox_mail(self, mail_id: int) -> None:
    """Deliver one outbox mail; on failure retry with exponential back-off until the attempts run out."""
    mail = services.claim_mail(mail_id)
    if mail is None:
        return
    try:
        services.deliver(mail)
    except Exception as error:  # any transport error: record it and try again later
        final = mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        services.mark_attempt_failed(mail, error, final=final)
        if final or self.app.conf.task_always_eager:
            # In-process there is no worker to retry later: the periodic outbox sweep picks it up.
            return
        raise self.retry(countdown=services.retry_delay(mail.attempts), exc=error) from error
    services.mark_sent(mail)


@shared_task(acks_late=True)
def requeue_stuck_mails() -> int:
    """Periodic (beat): mails whose task was lost or whose worker died get a new task."""
    return len(services.requeue_stuck())
