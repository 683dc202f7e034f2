import pytest
from django.http import Http404

from applications.enums import ApplicationState as S
from applications.selectors.access import (
    application_for_user,
    applications_visible_to,
    documents_for_user,
)
from applications.services import voting
from tests.applications.builders import Cast, case_in_state
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_manager_sees_only_their_clusters_cases():
    cast = Cast()
    mine = case_in_state(S.SUBMITTED, cast)
    other = case_in_state(S.SUBMITTED, cast)
    manager = mine.cluster.managers.first()
    assert list(applications_visible_to(manager)) == [mine]
    with pytest.raises(Http404):
        application_for_user(other.pk, manager)


def test_staff_see_all_cases():
    cast = Cast()
    cases = {case_in_state(S.DRAFT, cast), case_in_state(S.VOTING, cast)}
    assert set(applications_visible_to(cast.staff)) == cases


@pytest.mark.parametrize("role", ["ministry", "board"])
def test_voters_see_only_cases_in_or_after_voting(role):
    cast = Cast()
    before = case_in_state(S.INTERVIEW_HELD, cast)
    voting = case_in_state(S.VOTING, cast)
    decided = case_in_state(S.ADMITTED, cast)
    voter = cast.ministry if role == "ministry" else cast.board[0]
    assert set(applications_visible_to(voter)) == {voting, decided}
    with pytest.raises(Http404):
        application_for_user(before.pk, voter)


def test_recused_voter_keeps_the_title_but_not_the_documents():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    voting.recusal_declare(application=application, by=cast.board[0], reason="Befangen")
    assert application_for_user(application.pk, cast.board[0]) == application
    with pytest.raises(Http404):
        documents_for_user(application.pk, cast.board[0])
    assert documents_for_user(application.pk, cast.board[1]) == application


def test_anonymous_and_inactive_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    cast = Cast()
    case_in_state(S.SUBMITTED, cast)
    assert list(applications_visible_to(AnonymousUser())) == []
    assert list(applications_visible_to(UserFactory(is_active=False))) == []
