"""Finding 6, 16 and 17: the electorate is fixed on the round when voting opens; it alone votes, counts,
hears of the round and reads the case (for a limited time after the close); voters who manage the cluster
are recused automatically."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.http import Http404
from django.utils import timezone

from applications.enums import ApplicationState as S, VoteChoice
from applications.models import AuditEntry, Elector, Recusal, Vote
from applications.selectors.access import application_for_user, applications_visible_to, documents_for_user
from applications.selectors.tally import tally
from applications.services import voting
from applications.services.reminders import sweep
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from gocluster.outbox.models import OutboxMail
from members.enums import Role
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import client_for
from tests.factories import BoardMemberFactory, MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_IN_ELECTORATE = ("Sie gehören nicht zu den Stimmberechtigten dieser Abstimmung: stimmberechtigt ist, wer beim "
                     "Eröffnen der Abstimmung dem Ministerium oder dem Programmbegleitkreis angehörte.")


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False


def _round(application):
    return application.voting_rounds.get()


def test_electorate_is_fixed_when_voting_opens():
    cast = Cast()
    BoardMemberFactory(is_active=False)
    application = case_in_state(S.VOTING, cast)
    electors = set(Elector.objects.filter(round=_round(application)).values_list("user_id", "body"))
    assert electors == {(cast.ministry.pk, "ministry"), *((m.pk, "board") for m in cast.board)}


def test_electorate_seat_given_after_opening_may_not_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    late = UserFactory()
    voting.voter_role_set(user=late, by=cast.staff, role=Role.BOARD)
    with pytest.raises(Refusal) as refused:
        voting.vote_cast(application=application, voter=late, choice=VoteChoice.APPROVE)
    assert refused.value.messages == [NOT_IN_ELECTORATE]
    assert Vote.objects.count() == 0


def test_electorate_seat_given_after_opening_does_not_change_the_quorum_or_the_count():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    for _ in range(3):  # three extra board seats would raise the quorum base from 3 to 6
        BoardMemberFactory()
    MinistryFactory()
    result = tally(_round(application))
    assert (result.board_eligible, result.quorum_needed, result.eligible, result.missing) == (3, 2, 4, 4)


def test_electorate_early_close_is_refused_until_every_eligible_voter_voted():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voting.vote_cast(application=application, voter=cast.ministry, choice=VoteChoice.APPROVE)
    for member in cast.board[:2]:
        voting.vote_cast(application=application, voter=member, choice=VoteChoice.APPROVE)
    assert tally(_round(application)).quorum_reached is True
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="close_voting", by=cast.staff)
    assert len(refused.value.messages) == 1
    assert refused.value.messages[0].startswith("Vor Ablauf der Frist (")
    assert refused.value.messages[0].endswith(
        ") kann die Abstimmung nur geschlossen werden, wenn alle Stimmberechtigten abgestimmt haben; es fehlen "
        "noch 1 von 4 Stimmen.")
    assert application.voting_rounds.get().closed_at is None
    # A recusal of the last member leaves nobody missing: now it may close.
    voting.recusal_declare(application=application, by=cast.board[2], reason="Beratervertrag")
    closed = apply_transition(application=application, name="close_voting", by=cast.staff)
    assert closed.state == S.DECISION_PENDING


def test_electorate_quorate_round_closes_at_the_deadline_without_every_vote():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voting.vote_cast(application=application, voter=cast.ministry, choice=VoteChoice.APPROVE)
    for member in cast.board[:2]:
        voting.vote_cast(application=application, voter=member, choice=VoteChoice.APPROVE)
    with time_machine.travel(_round(application).deadline + timedelta(minutes=1)):
        closed = apply_transition(application=application, name="close_voting", by=None)
    assert (closed.state, closed.decision.outcome) == (S.DECISION_PENDING, "admitted")


def test_electorate_opening_mail_and_reminders_go_to_the_electorate_only(django_capture_on_commit_callbacks):
    cast = Cast()
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.VOTING, cast)
    late = BoardMemberFactory()
    opened = set(OutboxMail.objects.filter(event="voting_opened").values_list("recipient", flat=True))
    assert opened == {cast.ministry.email, *(m.email for m in cast.board)}
    sweep(now=_round(application).deadline - timedelta(hours=23))
    reminded = set(OutboxMail.objects.filter(event="reminder_vote").values_list("recipient", flat=True))
    assert reminded == {cast.ministry.email, *(m.email for m in cast.board)}
    assert late.email not in reminded


def test_voter_role_change_is_audited_and_mailed_to_the_ministry_contact(settings):
    settings.MINISTRY_CONTACT_EMAIL = "referat@ministerium.example"
    cast = Cast()
    person = UserFactory(full_name="Petra Neu")
    voting.voter_role_set(user=person, by=cast.staff, role=Role.BOARD)
    voting.voter_role_set(user=person, by=cast.staff, role="")
    entries = AuditEntry.objects.filter(action="voter_role_set").order_by("id")
    assert [(e.before, e.after) for e in entries] == [({"role": "cluster_manager"}, {"role": "board"}),
                                                      ({"role": "board"}, {"role": "cluster_manager"})]
    mails = OutboxMail.objects.filter(event="ministry_voter_role_changed").order_by("id")
    assert [m.recipient for m in mails] == ["referat@ministerium.example"] * 2
    assert mails[0].subject == "Änderung in den Gremien von go-cluster: Petra Neu"
    assert "bisher: Clustermanagement\njetzt: Programmbegleitkreis\n" in mails[0].body_text
    assert "bisher: Programmbegleitkreis\njetzt: Clustermanagement\n" in mails[1].body_text


def test_electorate_migration_backfills_open_rounds_from_the_current_voters():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    closed = case_in_state(S.ADMITTED, cast)
    voting_round = _round(application)
    voting.vote_cast(application=application, voter=cast.board[0], choice=VoteChoice.APPROVE)
    Elector.objects.all().delete()
    migration = importlib.import_module("applications.migrations.0006_electorate_and_text_validators")
    migration.backfill_electorates(apps, None)
    assert set(Elector.objects.filter(round=voting_round).values_list("user_id", "body")) == {
        (cast.ministry.pk, "ministry"), *((m.pk, "board") for m in cast.board)}
    # A closed round gets those who voted in it.
    assert set(Elector.objects.filter(round=_round(closed)).values_list("user_id", flat=True)) == {
        cast.ministry.pk, *(m.pk for m in cast.board)}


# --- Finding 16: voters read only the cases of their rounds, for a limited time after the close ----------


def test_voter_access_newly_seated_member_does_not_read_earlier_rounds():
    cast = Cast()
    open_case = case_in_state(S.VOTING, cast)
    decided = case_in_state(S.ADMITTED, cast)
    newcomer = BoardMemberFactory()
    assert list(applications_visible_to(newcomer)) == []
    for case in (open_case, decided):
        with pytest.raises(Http404):
            documents_for_user(case.pk, newcomer)
    client = client_for(newcomer)
    assert client.get(f"/abstimmung/antraege/{decided.pk}/").status_code == 404
    assert client.get(f"/abstimmung/antraege/{open_case.pk}/strategiedokument/").status_code == 404
    assert list(client.get("/abstimmung/").context["open_rounds"]) == []


def test_voter_access_ends_days_after_the_round_closed(settings):
    settings.VOTER_ACCESS_DAYS_AFTER_CLOSE = 30
    cast = Cast()
    decided = case_in_state(S.ADMITTED, cast)
    closed_at = _round(decided).closed_at
    voter = cast.board[0]
    with time_machine.travel(closed_at + timedelta(days=29)):
        assert documents_for_user(decided.pk, voter) == decided
    with time_machine.travel(closed_at + timedelta(days=31)):
        with pytest.raises(Http404):
            application_for_user(decided.pk, voter)
        assert client_for(voter).get(f"/abstimmung/antraege/{decided.pk}/").status_code == 404
    # Staff keep the case.
    assert application_for_user(decided.pk, cast.staff) == decided


# --- Finding 17: a voter who manages the cluster is recused when voting opens ----------------------------


def test_voting_opens_with_a_voter_who_manages_the_cluster_recused_automatically(
        django_capture_on_commit_callbacks):
    cast = Cast()
    application = case_in_state(S.INTERVIEW_HELD, cast)
    application.cluster.managers.add(cast.board[1])  # e.g. a claim confirmed before the seat was given
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(application=application, name="open_voting", by=cast.staff,
                         deadline=timezone.now() + timedelta(days=14))
    recusal = Recusal.objects.get(application=application)
    assert recusal.user == cast.board[1]
    entry = AuditEntry.objects.get(action="recusal_automatic")
    assert (entry.actor, entry.application, entry.object_id) == (None, application, str(recusal.pk))
    with pytest.raises(Refusal) as refused:
        voting.vote_cast(application=application, voter=cast.board[1], choice=VoteChoice.APPROVE)
    assert refused.value.messages == ["Sie haben Befangenheit erklärt und stimmen über diesen Antrag nicht ab."]
    with pytest.raises(Http404):
        documents_for_user(application.pk, cast.board[1])
    assert tally(_round(application)).board_eligible == 2
    assert set(OutboxMail.objects.filter(event="voting_opened").values_list("recipient", flat=True)) == {
        cast.ministry.email, cast.board[0].email, cast.board[2].email}
