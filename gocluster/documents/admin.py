"""Generated documents in the admin: read-only and never deleted (a sent version stays as it was sent).
Files are downloaded through the owning case's permission check, not here."""

from django.contrib import admin

from gocluster.admin_audit import ReadOnlyAdmin
from gocluster.documents.models import Document, DocumentJob


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "related_type", "related_id", "version", "page_count", "sent_at")
    list_filter = ("kind",)
    exclude = ("file",)


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "related_id", "state", "finished_at")
