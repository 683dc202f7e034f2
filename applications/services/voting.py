"""Votes, recusals and the voting deadline of an open round; who sits on the voting bodies."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.enums import VoteChoice
from applications.models import Application, Recusal, Vote, VotingRound
from applications.selectors.tally import elector_body
from applications.services import audit
from gocluster.errors import Refusal
from gocluster.outbox.services import queue_templated_mail
from members.enums import Role
from members.models import User
from members.selectors.accounts import has_verified_email

# --- Voting -----------------------------------------------------------------------------------


def _open_round_for_update(application: Application) -> VotingRound:
    voting_round = (VotingRound.objects.select_for_update()
                    .filter(application=application, closed_at__isnull=True).first())
    if voting_round is None:
        raise Refusal(_("Zu diesem Antrag läuft keine Abstimmung."))
    return voting_round


def recusal_declare(*, application: Application, by, reason: str) -> Recusal:
    if not reason.strip():
        raise Refusal(_("Bitte nennen Sie den Grund der Befangenheit."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if elector_body(voting_round, by) is None:
            raise Refusal(_("Befangenheit erklären können nur Stimmberechtigte dieser Abstimmung."))
        if voting_round.votes.filter(voter=by).exists():
            raise Refusal(_("Sie haben bereits abgestimmt. Bitte wenden Sie sich an die Geschäftsstelle."))
        recusal, created = Recusal.objects.get_or_create(application=application, user=by,
                                                         defaults={"reason": reason})
        if created:
            audit.record(actor=by, obj=recusal, application=application, action="recusal_declare", comment=reason)
    return recusal


def recuse_cluster_managers(*, application: Application, people) -> list[Recusal]:
    """Recuse those of `people` who are among the managers of the case's cluster (whatever their role now):
    whoever manages the cluster does not vote on it. Called when voting opens; each recusal is audited."""
    managers = set(application.cluster.managers.values_list("pk", flat=True))
    reason = _("Verwaltet den Cluster dieses Antrags (beim Eröffnen der Abstimmung automatisch vermerkt).")
    recusals = []
    for person in people:
        if person.pk not in managers:
            continue
        recusal, created = Recusal.objects.get_or_create(application=application, user=person,
                                                         defaults={"reason": reason})
        if created:
            audit.record(actor=None, obj=recusal, application=application, action="recusal_automatic",
                         comment=reason)
        recusals.append(recusal)
    return recusals


def vote_cast(*, application: Application, voter, choice: str, reason: str = "") -> Vote:
    """Cast or change a vote while the round is open; one vote per voter, enforced by the database.

    Only members of the round's electorate (fixed when it opened) vote, in the body they held then."""
    if voter.role not in (Role.MINISTRY, Role.BOARD) or not voter.is_active:
        raise Refusal(_("Sie sind nicht stimmberechtigt."))
    if choice not in VoteChoice.values:
        raise Refusal(_("Bitte wählen Sie Zustimmung, Ablehnung oder Enthaltung."))
    if choice == VoteChoice.REJECT and not reason.strip():
        raise Refusal(_("Bitte begründen Sie eine Ablehnung."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        body = elector_body(voting_round, voter)
        if body is None:
            raise Refusal(_("Sie gehören nicht zu den Stimmberechtigten dieser Abstimmung: stimmberechtigt ist, "
                            "wer beim Eröffnen der Abstimmung dem Ministerium oder dem Programmbegleitkreis "
                            "angehörte."))
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

    Only the role changes: votes the person cast stay with their rounds, and running rounds keep the
    electorate they opened with. Audited, and mailed to the ministry's contact."""
    if by.role != Role.STAFF:
        raise Refusal(_("Nur die Geschäftsstelle verwaltet die Gremien."))
    target = role or Role.CLUSTER_MANAGER
    if role and role not in VOTER_ROLE_CHOICES:
        raise Refusal(_("Bitte wählen Sie Ministerium oder Programmbegleitkreis."))
    if role and not has_verified_email(user):
        raise Refusal(_("Die E-Mail-Adresse dieses Kontos ist nicht bestätigt. Erst nach der Bestätigung kann "
                        "die Person einem Gremium angehören."))
    with transaction.atomic():
        # The account row is locked, so a claim confirmed at the same moment sees the new role (and refuses).
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.role == Role.STAFF or locked.is_superuser:
            raise Refusal(_("Konten der Geschäftsstelle können hier nicht geändert werden."))
        if not role and locked.role not in VOTER_ROLE_CHOICES:
            raise Refusal(_("Diese Person gehört keinem Gremium an."))
        if role and locked.clusters.exists():
            raise Refusal(_("Diese Person betreut einen Cluster und kann keinem Gremium angehören."))
        before = locked.role
        locked.role = user.role = target
        locked.save(update_fields=["role"])
        entry = audit.record(actor=by, obj=locked, action="voter_role_set", before={"role": before},
                             after={"role": target})
        # The ministry hears of every change to the voting bodies (the outbox sends it after the commit).
        queue_templated_mail(event="ministry_voter_role_changed", recipient=settings.MINISTRY_CONTACT_EMAIL,
                             related=locked, context={
                                 "person_name": locked.full_name, "person_email": locked.email,
                                 "role_before": Role(before).label, "role_after": Role(target).label,
                                 "by_name": by.full_name,
                                 "when": formats.date_format(timezone.localtime(entry.at), "DATETIME_FORMAT")})
