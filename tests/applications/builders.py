"""Build cases in any state by walking the real workflow from a draft, never by setting `state`."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.enums import ActorCategory, ApplicationState as S, Rating, Recommendation, VoteChoice
from applications.models import QualityArea, QualityCriterion, VotingRound
from applications.selectors.tally import votes_missing
from applications.services import cases, voting
from applications.services.workflow import apply_transition
from tests.factories import (
    ActorFactory,
    BoardMemberFactory,
    ClusterFactory,
    HeldAdvisoryCallFactory,
    MinistryFactory,
    StaffFactory,
    make_pdf,
)

COMPLETE_FORM = {
    "management_fte": "1.5", "annual_budget_eur": 250_000, "share_public_basic": 40, "share_member_fees": 30,
    "share_project_funds": 20, "share_service_revenue": 10, "governance_bodies": "Vorstand und Beirat",
    "services_offered": "Matchmaking, Weiterbildung", "cooperations": "Verbundprojekte",
    "international_activities": "ECCP-Profil, Delegationsreisen", "goals": "Wachstum der Region",
    "declaration_truthful": True, "declaration_data_processing": True,
}


def draft(cluster=None, *, complete=True, with_call=True):
    cluster = cluster or ClusterFactory()
    manager = cluster.managers.first()
    if with_call:
        HeldAdvisoryCallFactory(cluster=cluster, requested_by=manager)
    application = cases.application_start(cluster=cluster, by=manager)
    if complete:
        for name, value in COMPLETE_FORM.items():
            setattr(application, name, value)
        application.strategy_document.save("strategie.pdf", ContentFile(make_pdf(3)), save=False)
        application.strategy_document_pages = 3
        application.save()
        categories = [ActorCategory.SME] * 10 + [ActorCategory.UNIVERSITY] * 3 + [ActorCategory.LARGE_COMPANY] * 3
        for category in categories:
            ActorFactory(application=application, category=category)
    return application


class Cast:
    """The people a case needs: staff, one ministry voter, three board members."""

    def __init__(self):
        self.staff = StaffFactory()
        self.ministry = MinistryFactory()
        self.board = [BoardMemberFactory() for _ in range(3)]


def assessments():
    return {c.pk: (Rating.MET, "") for c in QualityCriterion.objects.filter(active=True)}


def feedback():
    return {a.pk: f"Rückmeldung zu {a.name}" for a in QualityArea.objects.all()}


PATH = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INTERVIEW_SCHEDULED, S.INTERVIEW_HELD, S.VOTING,
        S.DECISION_PENDING, S.ADMITTED]


def case_in_state(state, cast=None, *, outcome=VoteChoice.APPROVE, cluster=None):
    """A case walked to `state` through the workflow, with `cast` (created if None) as its people."""
    cast = cast or Cast()
    application = draft(cluster)
    manager = application.cluster.managers.first()
    if state == S.DRAFT:
        return application
    if state == S.WITHDRAWN:
        return apply_transition(application=application, name="withdraw", by=manager, comment="Neuer Anlauf")
    application = apply_transition(application=application, name="submit", by=manager)
    if state == S.SUBMITTED:
        return application
    if state == S.CHANGES_REQUESTED:
        return apply_transition(application=application, name="request_changes", by=cast.staff,
                                comment="Bitte Akteursliste ergänzen.")
    steps = [
        ("accept_for_review", {}),
        ("schedule_interview", {"scheduled_at": timezone.now() + timedelta(days=7), "location": "Videokonferenz",
                                "interviewers": [cast.staff]}),
        ("record_interview", {"protocol": "Gutes Gespräch.", "recommendation": Recommendation.ADMIT,
                              "assessments": assessments()}),
        ("open_voting", {"deadline": timezone.now() + timedelta(days=14)}),
    ]
    target_index = PATH.index(state if state != S.REJECTED else S.ADMITTED)
    for index, (name, data) in enumerate(steps, start=2):
        if index > target_index:
            return application
        application = apply_transition(application=application, name=name, by=cast.staff, **data)
    if state == S.VOTING:
        return application
    choice = VoteChoice.REJECT if state == S.REJECTED else outcome
    voting.vote_cast(application=application, voter=cast.ministry, choice=choice, reason="Begründung")
    for member in cast.board:
        voting.vote_cast(application=application, voter=member, choice=choice, reason="Begründung")
    open_round = application.voting_rounds.get(closed_at__isnull=True)
    if votes_missing(open_round):
        # Voters of other casts in the same test were seated when this round opened and have not voted: an
        # early close would be refused, so the round closes after its deadline, as it stands (staff confirm).
        VotingRound.objects.filter(pk=open_round.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    application = apply_transition(application=application, name="close_voting", by=cast.staff,
                                   close_despite_missing=True)
    if state == S.DECISION_PENDING:
        return application
    return apply_transition(application=application, name="release_decision", by=cast.staff, feedback=feedback())
