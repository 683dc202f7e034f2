"""Writes of the admission process other than state transitions: advisory calls, starting an
application, votes, recusals. Keyword-only, audited, with German refusals (`WorkflowError`)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import audit
from applications.enums import FINAL_STATES, AdvisoryCallState, CallMode, VoteChoice, VotingBody
from applications.errors import WorkflowError
from applications.models import AdvisoryCall, Application, CaseNumberSequence, InternalNote, Recusal, Vote, VotingRound
from members.enums import Role
from members.models import Cluster

# --- Case numbers --------------------------------------------------------------------------------


def next_case_number(year: int) -> str:
    """`GC-2026-0042`: per year, gap-free; the row lock serialises concurrent starts."""
    with transaction.atomic():
        CaseNumberSequence.objects.get_or_create(year=year)
        sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return f"GC-{year}-{sequence.last:04d}"


def _is_manager(cluster: Cluster, user) -> bool:
    return user.role == Role.CLUSTER_MANAGER and cluster.managers.filter(pk=user.pk).exists()


# --- Applications ------------------------------------------------------------------------------


def application_start(*, cluster: Cluster, by) -> Application:
    if not _is_manager(cluster, by):
        raise WorkflowError(_("Nur das Clustermanagement dieses Clusters kann einen Antrag anlegen."))
    with transaction.atomic():
        if cluster.applications.exclude(state__in=FINAL_STATES).exists():
            raise WorkflowError(_("Für diesen Cluster gibt es bereits einen offenen Antrag."))
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    cluster=cluster, author=by, case_number=next_case_number(timezone.localdate().year)
                )
        except IntegrityError as error:
            raise WorkflowError(_("Für diesen Cluster gibt es bereits einen offenen Antrag.")) from error
        audit.record(actor=by, obj=application, action="start", to_state=application.state,
                     visible_to_applicant=True)
    return application


# --- Advisory calls ---------------------------------------------------------------------------
# requested -> scheduled -> held / cancelled / no_show; a requested call may also be cancelled.

_CALL_MOVES = {
    "schedule": ({AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED}, AdvisoryCallState.SCHEDULED),
    "hold": ({AdvisoryCallState.SCHEDULED}, AdvisoryCallState.HELD),
    "cancel": ({AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED}, AdvisoryCallState.CANCELLED),
    "no_show": ({AdvisoryCallState.SCHEDULED}, AdvisoryCallState.NO_SHOW),
}


def _move_call(call: AdvisoryCall, move: str, by, comment: str = "", **fields) -> AdvisoryCall:
    sources, target = _CALL_MOVES[move]
    with transaction.atomic():
        locked = AdvisoryCall.objects.select_for_update().get(pk=call.pk)
        if locked.state not in sources:
            raise WorkflowError(_("Das Beratungsgespräch ist im Status „%(state)s“; dieser Schritt ist nicht möglich.")
                                % {"state": locked.get_state_display()})
        from_state = locked.state
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.state = target
        locked.save()
        audit.record(actor=by, obj=locked, action=f"advisory_call_{move}", from_state=from_state, to_state=target,
                     comment=comment)
    return locked


def advisory_call_request(*, cluster: Cluster, by, mode: str, preferred_slots: list[datetime],
                          topics: str = "") -> AdvisoryCall:
    if not _is_manager(cluster, by):
        raise WorkflowError(_("Nur das Clustermanagement dieses Clusters kann ein Beratungsgespräch anfragen."))
    if mode not in CallMode.values:
        raise WorkflowError(_("Bitte wählen Sie Telefon oder Video."))
    now = timezone.now()
    if not 2 <= len(preferred_slots) <= 3 or any(slot <= now for slot in preferred_slots):
        raise WorkflowError(_("Bitte schlagen Sie zwei bis drei Termine in der Zukunft vor."))
    if cluster.advisory_calls.filter(state__in=[AdvisoryCallState.REQUESTED, AdvisoryCallState.SCHEDULED]).exists():
        raise WorkflowError(_("Für diesen Cluster ist bereits ein Beratungsgespräch angefragt oder terminiert."))
    with transaction.atomic():
        call = AdvisoryCall.objects.create(
            cluster=cluster, requested_by=by, mode=mode, topics=topics,
            preferred_slots=[slot.isoformat() for slot in sorted(preferred_slots)],
        )
        audit.record(actor=by, obj=call, action="advisory_call_request", to_state=call.state)
    return call


def advisory_call_schedule(*, call: AdvisoryCall, by, scheduled_at: datetime, advisor, mode: str) -> AdvisoryCall:
    if scheduled_at <= timezone.now():
        raise WorkflowError(_("Der Termin muss in der Zukunft liegen."))
    if advisor.role != Role.STAFF:
        raise WorkflowError(_("Beraten kann nur eine Person der Geschäftsstelle."))
    with transaction.atomic():
        call = _move_call(call, "schedule", by, scheduled_at=scheduled_at, advisor=advisor, mode=mode)
        from applications.notifications import notify_advisory_call_scheduled

        transaction.on_commit(lambda: notify_advisory_call_scheduled(call.pk))
    return call


def advisory_call_hold(*, call: AdvisoryCall, by, notes: str, recommendation: str,
                       held_at: datetime | None = None) -> AdvisoryCall:
    if not notes.strip():
        raise WorkflowError(_("Bitte halten Sie kurz fest, worüber gesprochen wurde."))
    return _move_call(call, "hold", by, notes=notes, recommendation=recommendation, held_at=held_at or timezone.now())


def advisory_call_cancel(*, call: AdvisoryCall, by, reason: str = "") -> AdvisoryCall:
    return _move_call(call, "cancel", by, comment=reason)


def advisory_call_no_show(*, call: AdvisoryCall, by) -> AdvisoryCall:
    return _move_call(call, "no_show", by)


# --- Voting -----------------------------------------------------------------------------------


def _open_round_for_update(application: Application) -> VotingRound:
    voting_round = (VotingRound.objects.select_for_update()
                    .filter(application=application, closed_at__isnull=True).first())
    if voting_round is None:
        raise WorkflowError(_("Zu diesem Antrag läuft keine Abstimmung."))
    return voting_round


def recusal_declare(*, application: Application, by, reason: str) -> Recusal:
    if by.role not in (Role.BOARD, Role.MINISTRY):
        raise WorkflowError(_("Befangenheit erklären können nur Stimmberechtigte."))
    if not reason.strip():
        raise WorkflowError(_("Bitte nennen Sie den Grund der Befangenheit."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if voting_round.votes.filter(voter=by).exists():
            raise WorkflowError(_("Sie haben bereits abgestimmt. Bitte wenden Sie sich an die Geschäftsstelle."))
        recusal, created = Recusal.objects.get_or_create(application=application, user=by,
                                                         defaults={"reason": reason})
        if created:
            audit.record(actor=by, obj=recusal, application=application, action="recusal_declare", comment=reason)
    return recusal


def vote_cast(*, application: Application, voter, choice: str, reason: str = "") -> Vote:
    """Cast or change a vote while the round is open; one vote per voter, enforced by the database."""
    body = {Role.MINISTRY: VotingBody.MINISTRY, Role.BOARD: VotingBody.BOARD}.get(voter.role)
    if body is None or not voter.is_active:
        raise WorkflowError(_("Sie sind nicht stimmberechtigt."))
    if choice not in VoteChoice.values:
        raise WorkflowError(_("Bitte wählen Sie Zustimmung, Ablehnung oder Enthaltung."))
    if choice == VoteChoice.REJECT and not reason.strip():
        raise WorkflowError(_("Bitte begründen Sie eine Ablehnung."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if voting_round.deadline < timezone.now():
            raise WorkflowError(_("Die Abstimmungsfrist ist abgelaufen."))
        if Recusal.objects.filter(application=application, user=voter).exists():
            raise WorkflowError(_("Sie haben Befangenheit erklärt und stimmen über diesen Antrag nicht ab."))
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
        raise WorkflowError(_("Nur die Geschäftsstelle kann die Frist verlängern."))
    with transaction.atomic():
        voting_round = _open_round_for_update(application)
        if deadline <= max(timezone.now(), voting_round.deadline):
            raise WorkflowError(_("Die neue Frist muss nach der bisherigen und in der Zukunft liegen."))
        before = {"deadline": voting_round.deadline.isoformat()}
        voting_round.deadline = deadline
        voting_round.save(update_fields=["deadline"])
        audit.record(actor=by, obj=voting_round, application=application, action="voting_extend_deadline",
                     before=before, after={"deadline": deadline.isoformat()})
    return voting_round


# --- Internal notes and voter roles --------------------------------------------------------------


def internal_note_add(*, application: Application, by, text: str) -> InternalNote:
    """A note of the agency on the case; never shown to the applicant."""
    if by.role != Role.STAFF:
        raise WorkflowError(_("Interne Notizen schreibt nur die Geschäftsstelle."))
    if not text.strip():
        raise WorkflowError(_("Bitte geben Sie den Text der Notiz ein."))
    with transaction.atomic():
        note = InternalNote.objects.create(application=application, author=by, text=text.strip())
        audit.record(actor=by, obj=note, application=application, action="internal_note_add")
    return note


# Roles staff may hand out on the board management page, and the role a person gets back on leaving.
VOTER_ROLE_CHOICES = (Role.MINISTRY, Role.BOARD)


def voter_role_set(*, user, by, role: str) -> None:
    """Seat a person on the board or as the ministry's representative, or (role="") take the seat away.

    Only the role changes: votes the person cast stay with their rounds."""
    if by.role != Role.STAFF:
        raise WorkflowError(_("Nur die Geschäftsstelle verwaltet die Gremien."))
    if user.role == Role.STAFF or user.is_superuser:
        raise WorkflowError(_("Konten der Geschäftsstelle können hier nicht geändert werden."))
    target = role or Role.CLUSTER_MANAGER
    if role and role not in VOTER_ROLE_CHOICES:
        raise WorkflowError(_("Bitte wählen Sie Ministerium oder Programmbegleitkreis."))
    if not role and user.role not in VOTER_ROLE_CHOICES:
        raise WorkflowError(_("Diese Person gehört keinem Gremium an."))
    if role and user.role == Role.CLUSTER_MANAGER and user.clusters.exists():
        raise WorkflowError(_("Diese Person betreut einen Cluster und kann keinem Gremium angehören."))
    with transaction.atomic():
        before = user.role
        user.role = target
        user.save(update_fields=["role"])
        audit.record(actor=by, obj=user, action="voter_role_set", before={"role": before}, after={"role": target})
