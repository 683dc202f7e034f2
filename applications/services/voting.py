"""Votes, recusals and the voting deadline of an open round; who sits on the voting bodies."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import VoteChoice, VotingBody
from applications.models import Application, Recusal, Vote, VotingRound
from applications.services import audit
from gocluster.errors import Refusal
from members.enums import Role
from members.selectors.accounts import has_verified_email

# --- Voting -----------------------------------------------------------------------------------


def _open_round_for_update(application: Application) -> VotingRound:
    voting_round = (VotingRound.objects.select_for_update()
                    .filter(application=application, closed_at__isnull=True).first())
    if voting_round is None:
        raise Refusal(_("Zu diesem Antrag läuft keine Abstimmung."))
    return voting_round


def recusal_declare(*, application: Application, by, reason: str) -> Recusal:
    if by.role not in (Role.BOARD, Role.MINISTRY):
        raise Refusal(_("Befangenheit erklären können nur Stimmberechtigte."))
    if not reason.strip():
        raise Refusal(_("Bitte nennen Sie den Grund der Befangenheit."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if voting_round.votes.filter(voter=by).exists():
            raise Refusal(_("Sie haben bereits abgestimmt. Bitte wenden Sie sich an die Geschäftsstelle."))
        recusal, created = Recusal.objects.get_or_create(application=application, user=by,
                                                         defaults={"reason": reason})
        if created:
            audit.record(actor=by, obj=recusal, application=application, action="recusal_declare", comment=reason)
    return recusal


def vote_cast(*, application: Application, voter, choice: str, reason: str = "") -> Vote:
    """Cast or change a vote while the round is open; one vote per voter, enforced by the database."""
    body = {Role.MINISTRY: VotingBody.MINISTRY, Role.BOARD: VotingBody.BOARD}.get(voter.role)
    if body is None or not voter.is_active:
        raise Refusal(_("Sie sind nicht stimmberechtigt."))
    if choice not in VoteChoice.values:
        raise Refusal(_("Bitte wählen Sie Zustimmung, Ablehnung oder Enthaltung."))
    if choice == VoteChoice.REJECT and not reason.strip():
        raise Refusal(_("Bitte begründen Sie eine Ablehnung."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if voting_round.deadline < timezone.now():
            raise Refusal(_("Die Abstimmungsfrist ist abgelaufen."))
        if Recusal.objects.filter(application=application, user=voter).exists():
            raise Refusal(_("Sie haben Befangenheit erklärt und stimmen über diesen Antrag nicht ab."))
        vote = Vote.objects.filter(round=voting_round, voter=voter).first()
        before = {"choice": vote.choice, "reason": vote.reason} if vote else {}
        if vote is None:
            vote = Vote.objects.create(round=voting_round, voter=voter, body=body, choice=choice, reason=reason)
        else:
            vote.choice, vote.reason, vote.changed_at = choice, reason, timezone.now()
            vote.save(update_fields=["choice", "reason", "changed_at"])
        # The audit notes that a vote was cast or changed; what was voted stays in the vote itself.
        audit.record(actor=voter, obj=vote, application=application,
                     action="vote_change" if before else "vote_cast")
    return vote


def voting_extend_deadline(*, application: Application, by, deadline: datetime) -> VotingRound:
    if by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle kann die Frist verlängern."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if deadline <= max(timezone.now(), voting_round.deadline):
            raise Refusal(_("Die neue Frist muss nach der bisherigen und in der Zukunft liegen."))
        before = {"deadline": voting_round.deadline.isoformat()}
        voting_round.deadline = deadline
        voting_round.save(update_fields=["deadline"])
        audit.record(actor=by, obj=voting_round, application=application, action="voting_extend_deadline",
                     before=before, after={"deadline": deadline.isoformat()})
    return voting_round


# Roles staff may hand out on the board management page, and the role a person gets back on leaving.
VOTER_ROLE_CHOICES = (Role.MINISTRY, Role.BOARD)


def voter_role_set(*, user, by, role: str) -> None:
    """Seat a person on the board or as the ministry's representative, or (role="") take the seat away.

    Only the role changes: votes the person cast stay with their rounds."""
    if by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle verwaltet die Gremien."))
    if user.role == Role.STAFF or user.is_superuser:
        raise Refusal(_("Konten der Geschäftsstelle können hier nicht geändert werden."))
    target = role or Role.CLUSTER_MANAGER
    if role and role not in VOTER_ROLE_CHOICES:
        raise Refusal(_("Bitte wählen Sie Ministerium oder Programmbegleitkreis."))
    if not role and user.role not in VOTER_ROLE_CHOICES:
        raise Refusal(_("Diese Person gehört keinem Gremium an."))
    if role and user.role == Role.CLUSTER_MANAGER and user.clusters.exists():
        raise Refusal(_("Diese Person betreut einen Cluster und kann keinem Gremium angehören."))
    if role and not has_verified_email(user):
        raise Refusal(_("Die E-Mail-Adresse dieses Kontos ist nicht bestätigt. Erst nach der Bestätigung kann "
                        "die Person einem Gremium angehören."))
    with transaction.atomic():
        before = user.role
        user.role = target
        user.save(update_fields=["role"])
        audit.record(actor=by, obj=user, action="voter_role_set", before={"role": before}, after={"role": target})
