"""Queue and deliver mails. Views and services call `queue_templated_mail`; nothing sends directly."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from gocluster import jobs
from gocluster.outbox.models import REDACTED, MailState, OutboxAttachment, OutboxMail
from gocluster.programme import programme_context

logger = logging.getLogger(__name__)
SEND_TASK = "gocluster.outbox.tasks.send_outbox_mail"


def stale_claim() -> timedelta:
    """A mail claimed longer ago than this was left by a worker that died while sending it."""
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


def queue_mail(
    *,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    event: str = "",
    related=None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    sensitive: bool = False,
) -> OutboxMail:
    """Record a mail and hand it to the sending task once the surrounding transaction commits.

    `sensitive`: the body holds a secret (a login or confirmation link); it is redacted once the mail is
    delivered or has finally failed, and never shown in the admin."""
    mail = OutboxMail.objects.create(
        recipient=recipient,
        subject=" ".join(subject.split())[:300],
        body_text=body_text,
        body_html=body_html,
        event=event,
        sensitive=sensitive,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(mail=mail, filename=name, content=content, content_type=ctype)
        for name, content, ctype in attachments
    )
    jobs.later(SEND_TASK, mail_id=mail.pk)
    return mail


def html_part(*, subject: str, text: str) -> str:
    """The HTML alternative of a mail: its plain text, escaped, inside the portal's mail layout."""
    return render_to_string("email/layout.html", {**programme_context(), "subject": subject, "text": text})


def queue_templated_mail(*, event: str, recipient: str, context: dict, related=None, attachments=()) -> OutboxMail:
    """Render the partials `subject` and `text` of `templates/email/<event>.txt` and queue the mail.

    The HTML part is the text inside the mail layout, escaped there. Values from users reach mails
    only as template variables, never through string formatting of editable text.
    """
    ctx = {**programme_context(), **context}
    template = f"email/{event}.txt"
    subject = render_to_string(f"{template}#subject", ctx).strip()
    body_text = render_to_string(f"{template}#text", ctx).strip() + "\n"
    body_html = html_part(subject=subject, text=body_text)
    return queue_mail(
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        event=event,
        related=related,
        attachments=tuple(attachments),
    )


def claim_mail(mail_id: int) -> OutboxMail | None:
    """Mark a mail as being sent, unless it is sent already or another worker is sending it now."""
    now = timezone.now()
    with transaction.atomic():
        mail = OutboxMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.state in (MailState.SENT, MailState.FAILED):
            return None
        if mail.state == MailState.SENDING and mail.claimed_at and now - mail.claimed_at < stale_claim():
            return None
        mail.state = MailState.SENDING
        mail.claimed_at = now
        mail.attempts += 1
        mail.save(update_fields=["state", "claimed_at", "attempts"])
    return mail


def deliver(mail: OutboxMail) -> None:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    message.send(fail_silently=False)


def _redact(mail: OutboxMail) -> list[str]:
    """A sensitive mail's body goes once it is no longer needed for sending."""
    if not mail.sensitive:
        return []
    mail.body_text, mail.body_html = REDACTED, ""
    return ["body_text", "body_html"]


def mark_sent(mail: OutboxMail) -> None:
    mail.state = MailState.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    mail.save(update_fields=["state", "sent_at", "last_error", *_redact(mail)])


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: exponential back-off, at most an hour."""
    return min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 3600)


def mark_attempt_failed(mail: OutboxMail, error: Exception, *, final: bool) -> None:
    mail.state = MailState.FAILED if final else MailState.QUEUED
    mail.claimed_at = None
    mail.next_attempt_at = None if final else timezone.now() + timedelta(seconds=retry_delay(mail.attempts))
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    # A finally failed account mail is not resent (its link may have expired): the user asks for a new one.
    redacted = _redact(mail) if final else []
    mail.save(update_fields=["state", "claimed_at", "next_attempt_at", "last_error", *redacted])
    logger.warning("outbox mail %s attempt %s failed (final=%s)", mail.pk, mail.attempts, final)


def resend(*, mail: OutboxMail) -> None:
    """Staff put a failed mail back in the queue (not a redacted account mail: it has no body left)."""
    with transaction.atomic():
        OutboxMail.objects.filter(pk=mail.pk, state=MailState.FAILED, sensitive=False).update(
            state=MailState.QUEUED, attempts=0, last_error="", next_attempt_at=timezone.now()
        )
        jobs.later(SEND_TASK, mail_id=mail.pk)


def requeue_stuck(*, now=None) -> list[int]:
    """Hand mails whose task got lost to a new task: queued far past their next attempt (the task
    vanished, or ran in-process without a worker to retry) or claimed by a worker that died.

    Safe to run any time: `claim_mail` lets only one task send a mail, and a fresh claim is respected.
    """
    now = now or timezone.now()
    overdue = now - timedelta(seconds=settings.OUTBOX_LOST_AFTER_SECONDS)
    lost = OutboxMail.objects.filter(state=MailState.QUEUED).filter(
        Q(next_attempt_at__lte=overdue) | Q(next_attempt_at__isnull=True, created_at__lte=overdue)
    )
    abandoned = OutboxMail.objects.filter(state=MailState.SENDING, claimed_at__lte=now - stale_claim())
    ids = sorted(set(lost.values_list("pk", flat=True)) | set(abandoned.values_list("pk", flat=True)))
    for mail_id in ids:
        jobs.later(SEND_TASK, mail_id=mail_id)
    if ids:
        logger.info("outbox sweep re-queued %s mails", len(ids))
    return ids
