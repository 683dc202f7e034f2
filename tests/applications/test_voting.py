from datetime import timedelta

import pytest
import time_machine

from applications.enums import ApplicationState as S
from applications.models import Vote
from applications.selectors.tally import tally
from applications.services import voting
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from tests.applications.builders import Cast, case_in_state
from tests.factories import BoardMemberFactory

pytestmark = pytest.mark.django_db


def _round_with(ministry, board, *, board_size=None):
    """A voting case with the ministry's and the board's choices; board_size adds non-voting members."""
    cast = Cast()
    extra = (board_size or len(cast.board)) - len(cast.board)
    cast.board += [BoardMemberFactory() for _ in range(extra)]
    application = case_in_state(S.VOTING, cast)
    if ministry:
        voting.vote_cast(application=application, voter=cast.ministry, choice=ministry, reason="Grund")
    for member, choice in zip(cast.board, board, strict=False):
        voting.vote_cast(application=application, voter=member, choice=choice, reason="Grund")
    return application, cast


def _tally(application):
    return tally(application.voting_rounds.get())


def test_clear_approval_admits():
    application, _ = _round_with("approve", ["approve", "approve", "reject"])
    result = _tally(application)
    assert (result.quorum_reached, result.outcome, result.board_approve, result.board_reject) == (
        True, "admitted", 2, 1)


def test_ministry_rejection_rejects_despite_board_approval():
    application, _ = _round_with("reject", ["approve", "approve", "approve"])
    assert _tally(application).outcome == "rejected"


def test_board_majority_rejection_rejects():
    application, _ = _round_with("approve", ["reject", "reject", "approve"])
    assert _tally(application).outcome == "rejected"


def test_tie_is_no_majority_and_rejects():
    application, _ = _round_with("approve", ["approve", "reject", "abstain", "abstain"], board_size=4)
    result = _tally(application)
    assert (result.board_approve, result.board_reject, result.board_abstain, result.outcome) == (1, 1, 2, "rejected")


def test_abstentions_count_for_quorum_but_not_majority():
    application, _ = _round_with("approve", ["approve", "abstain", "abstain"])
    result = _tally(application)
    assert (result.quorum_reached, result.outcome) == (True, "admitted")


def test_no_quorum_gives_no_outcome():
    application, _ = _round_with("approve", ["approve", "approve"], board_size=5)
    result = _tally(application)
    assert (result.board_eligible, result.quorum_needed, result.quorum_reached, result.outcome) == (5, 3, False, "")


def test_missing_ministry_vote_means_no_quorum():
    application, _ = _round_with(None, ["approve", "approve", "approve"])
    assert _tally(application).quorum_reached is False


def test_recused_member_leaves_the_quorum():
    cast = Cast()
    cast.board += [BoardMemberFactory(), BoardMemberFactory()]  # five members: quorum 3
    application = case_in_state(S.VOTING, cast)
    voting.vote_cast(application=application, voter=cast.ministry, choice="approve")
    for member in cast.board[:2]:
        voting.vote_cast(application=application, voter=member, choice="approve")
    assert _tally(application).quorum_reached is False
    voting.recusal_declare(application=application, by=cast.board[4], reason="Beratervertrag mit dem Cluster")
    result = _tally(application)
    assert (result.board_eligible, result.quorum_needed, result.quorum_reached) == (4, 2, True)
    # Quorate, but two members have not voted: the round closes at its deadline, not before, and staff confirm.
    with time_machine.travel(application.voting_rounds.get().deadline + timedelta(minutes=1)):
        closed = apply_transition(application=application, name="close_voting", by=cast.staff,
                                  close_despite_missing=True)
    assert closed.state == S.DECISION_PENDING


def test_recused_member_cannot_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voting.recusal_declare(application=application, by=cast.board[0], reason="Befangen")
    with pytest.raises(Refusal) as refused:
        voting.vote_cast(application=application, voter=cast.board[0], choice="approve")
    assert refused.value.messages == ["Sie haben Befangenheit erklärt und stimmen über diesen Antrag nicht ab."]


def test_vote_can_be_changed_until_the_round_closes():
    application, cast = _round_with("approve", ["approve", "approve", "approve"])
    voting.vote_cast(application=application, voter=cast.board[0], choice="reject", reason="Doch nicht")
    vote = Vote.objects.get(voter=cast.board[0])
    assert (vote.choice, vote.reason, vote.changed_at is not None) == ("reject", "Doch nicht", True)
    assert Vote.objects.filter(voter=cast.board[0]).count() == 1
    apply_transition(application=application, name="close_voting", by=cast.staff)
    with pytest.raises(Refusal) as refused:
        voting.vote_cast(application=application, voter=cast.board[0], choice="approve")
    assert refused.value.messages == ["Zu diesem Antrag läuft keine Abstimmung."]


def test_rejection_needs_a_reason():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    with pytest.raises(Refusal) as refused:
        voting.vote_cast(application=application, voter=cast.board[0], choice="reject", reason="")
    assert refused.value.messages == ["Bitte begründen Sie eine Ablehnung."]


def test_cluster_manager_cannot_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    with pytest.raises(Refusal):
        voting.vote_cast(application=application, voter=application.cluster.managers.first(), choice="approve")


def test_deadline_can_be_extended_by_staff_only():
    from datetime import timedelta

    from django.utils import timezone

    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    later = timezone.now() + timedelta(days=30)
    voting.voting_extend_deadline(application=application, by=cast.staff, deadline=later)
    assert application.voting_rounds.get().deadline == later
    with pytest.raises(Refusal):
        voting.voting_extend_deadline(application=application, by=cast.board[0], deadline=later)
