"""The admin of the members floor.

Clusters and their managers, claims, invitations, memberships, labels and cost-share requests are
read-only here: they change through the portal's pages and services (claims confirmed by staff, labels and
membership status recorded on the member page, cost shares decided with the budget lock). Tariffs, budgets
and technology fields stay editable, audited. An account's role is read-only: seats on the voting bodies are
given on the staff page (audited, mailed to the ministry).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from gocluster.admin_audit import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from members.enums import Role
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

# Roles an account may be created with here; ministry and board seats are given on the staff page.
ADMIN_CREATABLE_ROLES = [(r.value, r.label) for r in (Role.CLUSTER_MANAGER, Role.STAFF)]


class UserCreationForm(AdminUserCreationForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=ADMIN_CREATABLE_ROLES)

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "is_active", "is_staff", "date_joined")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    readonly_fields = ("role", "last_login", "date_joined")
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "role")}),
        (_("Rechte"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # On the add form the role is chosen (among ADMIN_CREATABLE_ROLES); afterwards it is read-only.
        return ("last_login", "date_joined") if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Accounts carry votes, decisions and audit entries: deactivate instead.
        return False


@admin.register(TechnologyField)
class TechnologyFieldAdmin(AuditedAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ("name", "acronym", "city", "bundesland", "year_founded")
    list_filter = ("bundesland", "technology_fields")
    search_fields = ("name", "acronym", "management_organisation", "city")


@admin.register(ClusterClaim)
class ClusterClaimAdmin(ReadOnlyAdmin):
    list_display = ("claimed_name", "claimed_city", "user", "state", "cluster", "created_at", "decided_at")
    list_filter = ("state",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "email", "created_at", "accepted_at")
    search_fields = ("email",)


# --- Memberships, labels, cost shares ------------------------------------------------------------


class StatusChangeInline(ReadOnlyInline, admin.TabularInline):
    """The history is append-only: shown, never edited here (staff use the member page)."""

    model = MembershipStatusChange


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "started_on", "status", "bronze_financed")
    list_filter = ("status", "bronze_financed")
    search_fields = ("cluster__name", "cluster__acronym")
    inlines = [StatusChangeInline]


@admin.register(LabelRecord)
class LabelRecordAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "level", "assessed_on", "valid_until", "financed_by_programme")
    list_filter = ("level", "financed_by_programme")
    search_fields = ("cluster__name", "cluster__acronym")
    exclude = ("certificate",)  # downloads go through the member page's permission check


@admin.register(CostShareTariff)
class CostShareTariffAdmin(AuditedAdmin):
    list_display = ("kind", "valid_from", "amount")
    list_filter = ("kind",)


@admin.register(CostShareBudget)
class CostShareBudgetAdmin(AuditedAdmin):
    list_display = ("year", "total")
    # A larger budget decides nothing by itself: staff let the wait list move up on the cost-share page.

    def has_delete_permission(self, request, obj=None):
        # Approvals were counted against it.
        return False


@admin.register(CostShareRequest)
class CostShareRequestAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "amount", "state", "requested_on", "budget_year")
    list_filter = ("state", "kind", "budget_year")
    search_fields = ("cluster__name", "cluster__acronym")
    # Decisions go through the staff pages (budget lock, letter, mail); downloads through their checks.
    exclude = ("evidence",)
