"""Read-models of the two pages that show a whole case: the staff case page and the voting room.

Each returns the page's data in a constant number of queries; the views only add their forms.
"""

from applications.enums import AdvisoryCallState, ApplicationState
from applications.models import AdvisoryCall, Application, Decision, Interview, QualityCriterion, VotingRound
from applications.selectors.access import allowed_transitions, is_recused
from applications.selectors.criteria import actor_statistics, evaluate
from applications.selectors.tally import tally, votes_missing
from applications.selectors.timeline import timeline
from applications.selectors.workbench import next_step
from gocluster.documents.models import DocumentKind
from gocluster.documents.services import documents_of


def scheduled_interview(application: Application) -> Interview | None:
    """The interview the cluster is invited to (not cancelled, not yet held), else None."""
    if application.state != ApplicationState.INTERVIEW_SCHEDULED:
        return None
    interview = getattr(application, "interview", None)  # a missing one raises an AttributeError subclass
    return interview if interview is not None and interview.cancelled_at is None else None


def advisory_call_of(application: Application) -> AdvisoryCall | None:
    """The advisory call behind a case: the one its submission relied on, or (before that) the cluster's latest
    held call."""
    if application.advisory_call_id:
        return application.advisory_call
    return (AdvisoryCall.objects.filter(cluster=application.cluster_id, state=AdvisoryCallState.HELD)
            .select_related("requested_by").order_by("-held_at").first())


def active_criteria() -> list[QualityCriterion]:
    return list(QualityCriterion.objects.filter(active=True).select_related("area"))


def _case_file(application: Application, criteria: list[QualityCriterion] | None = None) -> dict:
    """What both pages show of the case itself: the cluster, its actors and the criteria check."""
    actors = list(application.actors.all())
    return {
        "application": application,
        "cluster": application.cluster,
        "actors": actors,
        "statistics": actor_statistics(actors),
        "criteria_results": evaluate(application, criteria=criteria, actors=actors),
    }


def staff_case_page(application: Application, user, *, criteria: list[QualityCriterion]) -> dict:
    interview = (Interview.objects.filter(application=application)
                 .prefetch_related("interviewers", "assessments__criterion").first())
    rounds = list(VotingRound.objects.filter(application=application).prefetch_related("votes__voter"))
    open_round = next((r for r in rounds if r.is_open), None)
    missing = votes_missing(open_round) if open_round else None
    return {
        **_case_file(application, criteria),
        "interview": interview,
        "rounds": rounds,
        "open_round": open_round,
        "live_tally": tally(open_round) if open_round else None,
        "decision": Decision.objects.filter(application=application).prefetch_related("feedback__area").first(),
        "timeline": timeline(application, for_applicant=False),
        "notes": application.internal_notes.select_related("author"),
        "allowed_transitions": allowed_transitions(application, user),
        "next_step": next_step(application, interview=interview, open_round=open_round, votes_missing=missing),
        "technology_fields": list(application.cluster.technology_fields.all()),
        # Whom staff call or write to: the cluster's managers, and the phone number of the advisory call.
        "contacts": list(application.cluster.managers.filter(is_active=True).order_by("full_name")),
        "advisory_call": advisory_call_of(application),
    }


def voting_room(application: Application, voter) -> dict:
    """A recused voter sees the title only; the others the dossier, their own vote, and the others' votes
    once the round is closed."""
    if is_recused(application, voter):
        return {"application": application, "recused": True}
    voting_round = application.voting_rounds.order_by("-opened_at").first()
    # A round closed without a result (the case was withdrawn) has nothing to show but that it ended.
    closed = voting_round is not None and not voting_round.is_open and bool(voting_round.result)
    return {
        **_case_file(application),
        "dossier": documents_of(application, DocumentKind.DOSSIER).order_by("-version").first(),
        "round": voting_round,
        "my_vote": voting_round.votes.filter(voter=voter).first() if voting_round else None,
        "interview": Interview.objects.filter(application=application)
        .prefetch_related("assessments__criterion").first(),
        # Other members' votes stay hidden until the round closes.
        "result": tally(voting_round) if closed else None,
        "votes": voting_round.votes.select_related("voter").order_by("body", "voter__full_name") if closed else [],
    }
