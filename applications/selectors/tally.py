"""The vote rule: admitted only if the ministry approves AND a majority of the board's non-abstaining
votes approve AND a quorum of the eligible (not recused) board members voted."""

import math
from dataclasses import asdict, dataclass

from django.conf import settings

from applications.enums import Outcome, VoteChoice, VotingBody
from applications.models import Recusal, VotingRound
from members.enums import Role
from members.models import User


@dataclass(frozen=True)
class Tally:
    ministry_votes: int
    ministry_approves: bool
    board_approve: int
    board_reject: int
    board_abstain: int
    board_eligible: int
    quorum_needed: int
    quorum_reached: bool
    outcome: str  # Outcome value, or "" while the round cannot be decided

    def as_dict(self) -> dict:
        return asdict(self)


def eligible_board_members(application):
    recused = Recusal.objects.filter(application=application).values("user_id")
    return User.objects.filter(role=Role.BOARD, is_active=True).exclude(pk__in=recused)


def eligible_ministry_voters(application):
    recused = Recusal.objects.filter(application=application).values("user_id")
    return User.objects.filter(role=Role.MINISTRY, is_active=True).exclude(pk__in=recused)


def votes_missing(voting_round: VotingRound) -> int:
    """How many eligible voters (ministry and board, not recused) have not voted in this round yet."""
    application = voting_round.application
    voted = voting_round.votes.values("voter_id")
    return (eligible_ministry_voters(application).exclude(pk__in=voted).count()
            + eligible_board_members(application).exclude(pk__in=voted).count())


def tally(voting_round: VotingRound) -> Tally:
    application = voting_round.application
    recused_ids = set(Recusal.objects.filter(application=application).values_list("user_id", flat=True))
    votes = [v for v in voting_round.votes.all() if v.voter_id not in recused_ids]
    ministry = [v for v in votes if v.body == VotingBody.MINISTRY]
    board = [v for v in votes if v.body == VotingBody.BOARD]
    eligible = eligible_board_members(application).count()
    approve = sum(v.choice == VoteChoice.APPROVE for v in board)
    reject = sum(v.choice == VoteChoice.REJECT for v in board)
    abstain = sum(v.choice == VoteChoice.ABSTAIN for v in board)
    needed = math.ceil(eligible * settings.VOTE_QUORUM_FRACTION) if eligible else 1
    # Without a ministry vote there is nothing to decide: the round counts as not quorate.
    quorum = bool(ministry) and len(board) >= needed
    ministry_approves = bool(ministry) and all(v.choice == VoteChoice.APPROVE for v in ministry)
    outcome = ""
    if quorum:
        # A tie is no majority: the application is not admitted.
        admitted = ministry_approves and approve > reject
        outcome = Outcome.ADMITTED if admitted else Outcome.REJECTED
    return Tally(len(ministry), ministry_approves, approve, reject, abstain, eligible, needed, quorum, outcome)
