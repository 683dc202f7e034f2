"""The vote rule: admitted only if the ministry approves AND a majority of the board's non-abstaining
votes approve AND a quorum of the eligible (not recused) board members voted.

Who is eligible is the round's electorate, fixed when voting opened (`VotingRound.electorate`): a seat
given or taken away while the round runs changes neither who may vote nor the quorum base."""

import math
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import QuerySet

from applications.enums import Outcome, VoteChoice, VotingBody
from applications.models import Elector, Recusal, VotingRound
from members.enums import Role
from members.models import User

BODY_OF_ROLE = {Role.MINISTRY: VotingBody.MINISTRY, Role.BOARD: VotingBody.BOARD}


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
    eligible: int = 0  # the electorate without recused members, both bodies
    missing: int = 0  # eligible members who have not voted (an early close needs 0)

    def as_dict(self) -> dict:
        return asdict(self)


def seat_holders() -> QuerySet[User]:
    """The active ministry and board accounts now: the electorate of a round that opens now."""
    return User.objects.filter(role__in=list(BODY_OF_ROLE), is_active=True)


def electors_of(voting_round: VotingRound, body: str | None = None) -> QuerySet[Elector]:
    """The round's electorate, without the members who declared a conflict of interest for the case."""
    recused = Recusal.objects.filter(application_id=voting_round.application_id).values("user_id")
    electors = Elector.objects.filter(round=voting_round).exclude(user_id__in=recused)
    return electors.filter(body=body) if body else electors


def eligible_voters(voting_round: VotingRound, body: str | None = None) -> QuerySet[User]:
    return User.objects.filter(pk__in=electors_of(voting_round, body).values("user_id"))


def eligible_board_members(voting_round: VotingRound) -> QuerySet[User]:
    return eligible_voters(voting_round, VotingBody.BOARD)


def eligible_ministry_voters(voting_round: VotingRound) -> QuerySet[User]:
    return eligible_voters(voting_round, VotingBody.MINISTRY)


def elector_body(voting_round: VotingRound, user) -> str | None:
    """The body `user` votes in during this round, or None if they are not in its electorate."""
    return Elector.objects.filter(round=voting_round, user_id=user.pk).values_list("body", flat=True).first()


def voters_without_vote(voting_round: VotingRound) -> QuerySet[User]:
    return eligible_voters(voting_round).exclude(pk__in=voting_round.votes.values("voter_id"))


def tally(voting_round: VotingRound) -> Tally:
    bodies = dict(electors_of(voting_round).values_list("user_id", "body"))
    # Only the electorate's votes count, in the body each member held when the round opened.
    votes = [(bodies[v.voter_id], v.choice) for v in voting_round.votes.all() if v.voter_id in bodies]
    ministry = [choice for body, choice in votes if body == VotingBody.MINISTRY]
    board = [choice for body, choice in votes if body == VotingBody.BOARD]
    eligible = sum(body == VotingBody.BOARD for body in bodies.values())
    approve = board.count(VoteChoice.APPROVE)
    reject = board.count(VoteChoice.REJECT)
    abstain = board.count(VoteChoice.ABSTAIN)
    needed = math.ceil(eligible * settings.VOTE_QUORUM_FRACTION) if eligible else 1
    # Without a ministry vote there is nothing to decide: the round counts as not quorate.
    quorum = bool(ministry) and len(board) >= needed
    ministry_approves = bool(ministry) and all(choice == VoteChoice.APPROVE for choice in ministry)
    outcome = ""
    if quorum:
        # A tie is no majority: the application is not admitted.
        admitted = ministry_approves and approve > reject
        outcome = Outcome.ADMITTED if admitted else Outcome.REJECTED
    return Tally(len(ministry), ministry_approves, approve, reject, abstain, eligible, needed, quorum, outcome,
                 eligible=len(bodies), missing=len(bodies) - len(votes))


def votes_missing(voting_round: VotingRound) -> int:
    """How many of the round's electorate (fixed when it opened, without the recused) have not voted yet."""
    return tally(voting_round).missing
