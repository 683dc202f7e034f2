"""Generated PDFs (letters, certificates, dossiers): private, versioned, linked generically to their object.

A re-render is a new version; the version that was sent stays as it was.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FEEDBACK_LETTER = "feedback_letter", _("Schreiben mit Rückmeldung")
    ADMISSION_LETTER = "admission_letter", _("Aufnahmeschreiben")
    ADMISSION_CERTIFICATE = "admission_certificate", _("Aufnahmeurkunde")
    DOSSIER = "dossier", _("Dossier für die Abstimmung")
    COST_SHARE_LETTER = "cost_share_letter", _("Bescheid zum Kostenanteil Gold-Label")


def document_path(instance, filename: str) -> str:
    """A generated name: neither the object nor the user's wording ever becomes a path."""
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    related_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    related_id = models.CharField(max_length=40)
    related = GenericForeignKey("related_type", "related_id")
    kind = models.CharField(_("Art"), max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to=document_path)
    download_name = models.CharField(_("Dateiname"), max_length=120)
    page_count = models.PositiveIntegerField(_("Seiten"))
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["related_type", "related_id", "kind", "-version"]
        indexes = [models.Index(fields=["related_type", "related_id", "kind"])]
        constraints = [
            models.UniqueConstraint(fields=["related_type", "related_id", "kind", "version"],
                                    name="one_document_per_version"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("wird erstellt")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class DocumentJob(models.Model):
    """A slow render requested in the browser: the page polls this record until the document exists."""

    related_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    related_id = models.CharField(max_length=40)
    related = GenericForeignKey("related_type", "related_id")
    kind = models.CharField(_("Art"), max_length=30, choices=DocumentKind.choices)
    state = models.CharField(_("Status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Erstellungsauftrag")
        verbose_name_plural = _("Erstellungsaufträge")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["related_type", "related_id", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"
