
import pytest

from applications.enums import ApplicationState as S, VoteChoice
from applications.models import Recusal, Vote
from applications.services import voting
from applications.services.workflow import apply_transition
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import client_for

pytestmark = pytest.mark.django_db


def test_my_votes_lists_open_round_with_deadline_and_vote_state():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    response = client_for(cast.board[0]).get("/abstimmung/")
    assert response.status_code == 200
    assert [r.application.pk for r in response.context["open_rounds"]] == [case.pk]
    assert "noch nicht abgestimmt" in response.content.decode()


def test_vote_needs_reauthentication_then_is_stored_and_can_change():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    member = cast.board[0]
    client = client_for(member)
    response = client.post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "approve"})
    assert response["Location"].startswith("/konto/reauthenticate/")
    assert Vote.objects.count() == 0
    client = client_for(member, reauthenticated=True)
    assert client.post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "approve"}).status_code == 302
    assert client.post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "abstain"}).status_code == 302
    assert list(Vote.objects.values_list("voter", "choice")) == [(member.pk, VoteChoice.ABSTAIN)]


def test_reject_without_reason_is_refused_with_error_summary():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    client = client_for(cast.ministry, reauthenticated=True)
    response = client.post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "reject", "reason": ""})
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert Vote.objects.count() == 0


def test_other_votes_hidden_until_round_closes_then_shown():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)

    voting.vote_cast(application=case, voter=cast.ministry, choice="approve", reason="Gründliche Strategie")
    for member in cast.board:
        voting.vote_cast(application=case, voter=member, choice="approve", reason="")
    client = client_for(cast.board[0])
    html = client.get(f"/abstimmung/antraege/{case.pk}/").content.decode()
    assert "Gründliche Strategie" not in html
    assert cast.ministry.full_name not in html
    apply_transition(application=case, name="close_voting", by=cast.staff)
    html = client.get(f"/abstimmung/antraege/{case.pk}/").content.decode()
    assert "Gründliche Strategie" in html
    assert 'data-testid="round-result">Aufnahme<' in html


def test_recusal_hides_documents_and_leaves_only_title():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    member = cast.board[1]
    client = client_for(member)
    assert client.get(f"/abstimmung/antraege/{case.pk}/strategiedokument/").status_code == 200
    response = client.post(f"/abstimmung/antraege/{case.pk}/befangenheit/", {"recusal-reason": "Beirat des Clusters"})
    assert response.status_code == 302
    assert Recusal.objects.filter(application=case, user=member).count() == 1
    html = client.get(f"/abstimmung/antraege/{case.pk}/").content.decode()
    assert 'data-testid="recused"' in html
    assert "Prüfung der Qualitätskriterien" not in html
    assert client.get(f"/abstimmung/antraege/{case.pk}/strategiedokument/").status_code == 404
    client = client_for(member, reauthenticated=True)
    assert client.post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "approve"}).status_code == 404


def test_recusal_without_reason_shows_error():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    response = client_for(cast.board[0]).post(f"/abstimmung/antraege/{case.pk}/befangenheit/", {"recusal-reason": ""})
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()


def test_voter_does_not_see_cases_before_voting():
    cast = Cast()
    case = case_in_state(S.INTERVIEW_HELD, cast)
    assert client_for(cast.board[0]).get(f"/abstimmung/antraege/{case.pk}/").status_code == 404


def test_closed_round_appears_with_result_on_my_votes():
    cast = Cast()
    case = case_in_state(S.DECISION_PENDING, cast)
    response = client_for(cast.ministry).get("/abstimmung/")
    assert [r.application.pk for r in response.context["closed_page"].object_list] == [case.pk]
    assert list(response.context["open_rounds"]) == []


def test_recused_member_gets_404_before_any_password_prompt():


    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    voting.recusal_declare(application=case, by=cast.board[0], reason="Befangen")
    response = client_for(cast.board[0]).post(f"/abstimmung/antraege/{case.pk}/stimme/", {"choice": "approve"})
    assert response.status_code == 404


def test_withdrawn_case_shows_voters_that_the_vote_is_off_without_a_result():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    voting.vote_cast(application=case, voter=cast.ministry, choice=VoteChoice.APPROVE, reason="")
    apply_transition(application=case, name="withdraw", by=case.cluster.managers.first())
    client = client_for(cast.ministry)
    room = client.get(f"/abstimmung/antraege/{case.pk}/")
    assert room.context["result"] is None
    assert "Die Abstimmung entfällt: Der Antrag wurde zurückgezogen." in room.content.decode()
    dashboard = client.get("/abstimmung/")
    assert list(dashboard.context["open_rounds"]) == []
    assert "entfällt (Antrag zurückgezogen)" in dashboard.content.decode()
