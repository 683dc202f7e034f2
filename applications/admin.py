from django.contrib import admin

from applications.models import (
    AdvisoryCall,
    Application,
    AuditEntry,
    ClusterActor,
    Decision,
    DecisionFeedback,
    Interview,
    InterviewAssessment,
    QualityArea,
    QualityCriterion,
    Recusal,
    Vote,
    VotingRound,
)


@admin.register(AdvisoryCall)
class AdvisoryCallAdmin(admin.ModelAdmin):
    list_display = ("cluster", "state", "mode", "scheduled_at", "advisor", "held_at")
    list_filter = ("state", "mode")
    search_fields = ("cluster__name", "cluster__acronym")
    autocomplete_fields = ("cluster",)
    # State changes go through the services (audited); the admin shows it.
    readonly_fields = ("state",)


class ActorInline(admin.TabularInline):
    model = ClusterActor
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("case_number", "cluster", "state", "state_changed_at", "submitted_at")
    list_filter = ("state", "cluster__bundesland")
    search_fields = ("case_number", "cluster__name", "cluster__acronym")
    readonly_fields = ("case_number", "state", "state_changed_at", "submitted_at", "accepted_at", "decided_at",
                       "closed_at", "advisory_call")
    inlines = [ActorInline]
    list_select_related = ("cluster",)


class CriterionInline(admin.TabularInline):
    model = QualityCriterion
    extra = 0
    fields = ("order", "code", "title", "metric", "operator", "threshold", "unit", "is_default", "active")


@admin.register(QualityArea)
class QualityAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    inlines = [CriterionInline]


@admin.register(QualityCriterion)
class QualityCriterionAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "metric", "operator", "threshold", "unit", "is_default", "active")
    list_filter = ("area", "is_default", "active")
    list_editable = ("threshold", "active")
    search_fields = ("title", "requirement")


class AssessmentInline(admin.TabularInline):
    model = InterviewAssessment
    extra = 0


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "scheduled_at", "held_at", "recommendation")
    inlines = [AssessmentInline]
    list_select_related = ("application",)


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    readonly_fields = ("voter", "body", "choice", "reason", "cast_at", "changed_at")
    can_delete = False


@admin.register(VotingRound)
class VotingRoundAdmin(admin.ModelAdmin):
    list_display = ("application", "opened_at", "deadline", "closed_at", "result")
    list_filter = ("result",)
    readonly_fields = ("application", "opened_at", "opened_by", "closed_at", "result", "tally")
    inlines = [VoteInline]


@admin.register(Recusal)
class RecusalAdmin(admin.ModelAdmin):
    list_display = ("application", "user", "declared_at")
    readonly_fields = ("application", "user", "reason", "declared_at")


class FeedbackInline(admin.TabularInline):
    model = DecisionFeedback
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "outcome", "decided_at", "released_at")
    list_filter = ("outcome",)
    readonly_fields = ("application", "round", "outcome", "decided_at", "released_at", "released_by")
    inlines = [FeedbackInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor", "application", "action", "from_state", "to_state")
    list_filter = ("action",)
    search_fields = ("application__case_number", "comment")
    list_select_related = ("actor", "application")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
