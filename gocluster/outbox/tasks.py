import logging

from celery import shared_task
from django.conf import settings

from . import services

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
        backoff = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (mail.attempts - 1)
        raise self.retry(countdown=min(backoff, 3600), exc=error) from error
    services.mark_sent(mail)
