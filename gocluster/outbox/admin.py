"""The outbox in the admin: read-only, nothing deleted; account mails' bodies are never shown."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gocluster.admin_audit import ReadOnlyAdmin, ReadOnlyInline
from gocluster.outbox.models import REDACTED, Dispatch, OutboxAttachment, OutboxMail


class AttachmentInline(ReadOnlyInline, admin.TabularInline):
    model = OutboxAttachment
    fields = ("filename", "content_type")
    readonly_fields = fields


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "event", "state", "attempts")
    list_filter = ("state", "event")
    search_fields = ("recipient", "subject")
    fields = ("recipient", "subject", "text", "event", "sensitive", "state", "attempts", "last_error", "created_at",
              "claimed_at", "next_attempt_at", "sent_at", "related_type", "related_id")
    readonly_fields = fields
    inlines = [AttachmentInline]

    @admin.display(description=_("Text"))
    def text(self, mail: OutboxMail) -> str:
        # A password-reset or confirmation link is a key to an account: not for the admin's eyes.
        return REDACTED if mail.sensitive else mail.body_text


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "related_type", "related_id", "due_at", "recipients")
    list_filter = ("kind",)
