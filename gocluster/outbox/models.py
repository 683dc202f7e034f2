"""Every mail the portal sends is a record here first, then a task delivers it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    QUEUED = "queued", _("in Warteschlange")
    SENDING = "sending", _("wird gesendet")
    SENT = "sent", _("gesendet")
    FAILED = "failed", _("fehlgeschlagen")


REDACTED = "[Inhalt entfernt: Die Nachricht enthielt einen Anmelde- oder Bestätigungslink.]"


class OutboxMail(models.Model):
    recipient = models.EmailField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=300)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    event = models.CharField(_("Anlass"), max_length=80, blank=True)
    # Account mails carry live links (password reset, address confirmation): their body is kept only until
    # the mail is delivered (or finally fails), never shown in the admin, and then replaced (`REDACTED`).
    sensitive = models.BooleanField(_("enthält Zugangslinks"), default=False)
    state = models.CharField(_("Status"), max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    # When the next attempt is due; a queued mail far past it lost its task and is queued again.
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    # A generic link to what the mail is about (a case, a membership): the outbox knows no app's models.
    related_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    related_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        verbose_name = _("E-Mail")
        verbose_name_plural = _("E-Mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["related_type", "related_id"]),
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "claimed_at"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class OutboxAttachment(models.Model):
    mail = models.ForeignKey(OutboxMail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self):
        return self.filename


class Dispatch(models.Model):
    """A reminder that went out: at most one per (object, reminder kind, due moment), kept by the database.

    Generic like the mails, so reminders about cases and about memberships share it.
    """

    related_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    related_id = models.CharField(max_length=40)
    related = GenericForeignKey("related_type", "related_id")
    kind = models.CharField(_("Erinnerung"), max_length=60)
    due_at = models.DateTimeField(_("fällig am"))
    sent_at = models.DateTimeField(_("versandt am"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("Empfänger"), default=0)

    class Meta:
        verbose_name = _("versandte Erinnerung")
        verbose_name_plural = _("versandte Erinnerungen")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["related_type", "related_id", "kind", "due_at"],
                                    name="one_dispatch_per_object_kind_due"),
        ]

    def __str__(self):
        return f"{self.kind} {self.related_id} ({self.due_at:%d.%m.%Y %H:%M})"
