from django.contrib import admin

from gocluster.documents.models import Document, DocumentJob


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "related_type", "related_id", "version", "page_count", "sent_at")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "related_id", "state", "finished_at")
    readonly_fields = [f.name for f in DocumentJob._meta.fields]

    def has_add_permission(self, request):
        return False
