from django.contrib import admin

from gocluster.outbox.models import OutboxAttachment, OutboxMail


class AttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ("filename", "content_type")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "event", "state", "attempts")
    list_filter = ("state", "event")
    search_fields = ("recipient", "subject")
    readonly_fields = [f.name for f in OutboxMail._meta.fields]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False
