"""The admin of the admission process.

Cases, calls, interviews, rounds, votes, recusals, decisions and the audit trail are read-only here: they
change only through the workflow and the services, which check, audit and notify. The quality criteria
(thresholds are data staff edit) stay editable, and every change to them is an audit entry.
"""

from django.contrib import admin

from applications.models import (
    AdvisoryCall,
    Application,
    AuditEntry,
    ClusterActor,
    Decision,
    DecisionFeedback,
    Elector,
    Interview,
    InterviewAssessment,
    QualityArea,
    QualityCriterion,
    Recusal,
    Vote,
    VotingRound,
)
from gocluster.admin_audit import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline


@admin.register(AdvisoryCall)
class AdvisoryCallAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "state", "mode", "scheduled_at", "advisor", "held_at")
    list_filter = ("state", "mode")
    search_fields = ("cluster__name", "cluster__acronym")


class ActorInline(ReadOnlyInline, admin.TabularInline):
    model = ClusterActor


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "cluster", "state", "state_changed_at", "submitted_at")
    list_filter = ("state", "cluster__bundesland")
    search_fields = ("case_number", "cluster__name", "cluster__acronym")
    # The file is shown as its name only; downloads go through the case's permission check.
    exclude = ("strategy_document",)
    inlines = [ActorInline]
    list_select_related = ("cluster",)


class CriterionInline(admin.TabularInline):
    model = QualityCriterion
    extra = 0
    fields = ("order", "code", "title", "metric", "operator", "threshold", "unit", "is_default", "active")


@admin.register(QualityArea)
class QualityAreaAdmin(AuditedAdmin):
    list_display = ("name", "code", "order")
    inlines = [CriterionInline]


@admin.register(QualityCriterion)
class QualityCriterionAdmin(AuditedAdmin):
    list_display = ("title", "area", "metric", "operator", "threshold", "unit", "is_default", "active")
    list_filter = ("area", "is_default", "active")
    list_editable = ("threshold", "active")
    search_fields = ("title", "requirement")


class AssessmentInline(ReadOnlyInline, admin.TabularInline):
    model = InterviewAssessment


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "scheduled_at", "held_at", "recommendation")
    inlines = [AssessmentInline]
    list_select_related = ("application",)


class ElectorInline(ReadOnlyInline, admin.TabularInline):
    model = Elector


class VoteInline(ReadOnlyInline, admin.TabularInline):
    model = Vote


@admin.register(VotingRound)
class VotingRoundAdmin(ReadOnlyAdmin):
    list_display = ("application", "opened_at", "deadline", "closed_at", "result")
    list_filter = ("result",)
    inlines = [ElectorInline, VoteInline]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdmin):
    list_display = ("application", "user", "declared_at")


class FeedbackInline(ReadOnlyInline, admin.TabularInline):
    model = DecisionFeedback


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("application", "outcome", "decided_at", "released_at")
    list_filter = ("outcome",)
    inlines = [FeedbackInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor", "application", "action", "from_state", "to_state")
    list_filter = ("action",)
    search_fields = ("application__case_number", "comment")
    list_select_related = ("actor", "application")
