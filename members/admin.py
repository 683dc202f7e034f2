from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import (
    Cluster,
    ClusterClaim,
    CostShareBudget,
    CostShareRequest,
    CostShareTariff,
    Invitation,
    LabelRecord,
    Membership,
    MembershipStatusChange,
    TechnologyField,
    User,
)


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
# --- Memberships, labels, cost shares ------------------------------------------------------------


class StatusChangeInline(admin.TabularInline):
    """The history is append-only: shown, never edited here (staff use the member page)."""

    model = MembershipStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("status", "effective_on", "comment", "recorded_at", "recorded_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("cluster", "started_on", "status", "bronze_financed")
    list_filter = ("status", "bronze_financed")
    search_fields = ("cluster__name", "cluster__acronym")
    readonly_fields = ("cluster", "started_on", "status", "notice_given_on", "ended_on", "created_at", "created_by")
    inlines = [StatusChangeInline]


@admin.register(LabelRecord)
class LabelRecordAdmin(admin.ModelAdmin):
    list_display = ("cluster", "level", "assessed_on", "valid_until", "financed_by_programme")
    list_filter = ("level", "financed_by_programme")
    search_fields = ("cluster__name", "cluster__acronym")
    exclude = ("certificate",)  # uploads go through the member page, which checks the PDF


@admin.register(CostShareTariff)
class CostShareTariffAdmin(admin.ModelAdmin):
    list_display = ("kind", "valid_from", "amount")
    list_filter = ("kind",)


@admin.register(CostShareBudget)
class CostShareBudgetAdmin(admin.ModelAdmin):
    list_display = ("year", "total")
    # A larger budget decides nothing by itself: staff let the wait list move up on the cost-share page.


@admin.register(CostShareRequest)
class CostShareRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "amount", "state", "requested_on", "budget_year")
    list_filter = ("state", "kind", "budget_year")
    search_fields = ("cluster__name", "cluster__acronym")
    # Decisions go through the staff pages (budget lock, letter, mail); the admin only shows them.
    readonly_fields = [f.name for f in CostShareRequest._meta.fields]

    def has_add_permission(self, request):
        return False
