from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Cluster, ClusterClaim, Invitation, TechnologyField, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "is_active", "is_staff", "date_joined")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "role")}),
        (_("Rechte"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),
    )


@admin.register(TechnologyField)
class TechnologyFieldAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "city", "bundesland", "year_founded")
    list_filter = ("bundesland", "technology_fields")
    search_fields = ("name", "acronym", "management_organisation", "city")
    filter_horizontal = ("technology_fields", "managers")


@admin.register(ClusterClaim)
class ClusterClaimAdmin(admin.ModelAdmin):
    list_display = ("cluster", "user", "state", "created_at", "decided_at")
    list_filter = ("state",)
    raw_id_fields = ("cluster", "user", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("cluster", "email", "created_at", "accepted_at")
    search_fields = ("email",)
    raw_id_fields = ("cluster", "invited_by", "accepted_by")
