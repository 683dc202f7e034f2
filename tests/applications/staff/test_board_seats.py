"""Security finding 4 (board seats): a seat goes to exactly the one account whose verified address staff typed,
compared as allauth keeps addresses, never with the database's Unicode-aware `iexact`."""

import pytest
from allauth.account.models import EmailAddress

from applications.services import voting
from gocluster.errors import Refusal
from members.enums import Role
from members.selectors.accounts import account_for_verified_email
from tests.applications.helpers import client_for
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_look_alike_address_does_not_take_a_board_seat():
    """kim@gmaıl.com (dotless ı) is another address for allauth; PostgreSQL's UPPER() made it match kim@gmail.com."""
    attacker = UserFactory(email="kim@gmaıl.com")
    response = client_for(StaffFactory()).post("/geschaeftsstelle/gremien/", {"email": "kim@gmail.com",
                                                                               "role": Role.BOARD})
    assert "Zu dieser E-Mail-Adresse gibt es kein Konto mit bestätigter Adresse." in response.content.decode()
    attacker.refresh_from_db()
    assert attacker.role == Role.CLUSTER_MANAGER


@pytest.mark.postgres
def test_board_seat_goes_to_the_real_account_beside_a_look_alike():
    attacker = UserFactory(email="kim@gmaıl.com")
    kim = UserFactory(email="kim@gmail.com")
    client_for(StaffFactory()).post("/geschaeftsstelle/gremien/", {"email": "KIM@gmail.com", "role": Role.BOARD})
    attacker.refresh_from_db()
    kim.refresh_from_db()
    assert (kim.role, attacker.role) == (Role.BOARD, Role.CLUSTER_MANAGER)


def test_board_seat_needs_a_verified_address():
    person = UserFactory(email="unbestaetigt@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    staff = StaffFactory()
    response = client_for(staff).post("/geschaeftsstelle/gremien/", {"email": "unbestaetigt@example.org",
                                                                      "role": Role.BOARD})
    assert "Zu dieser E-Mail-Adresse gibt es kein Konto mit bestätigter Adresse." in response.content.decode()
    with pytest.raises(Refusal) as refused:
        voting.voter_role_set(user=person, by=staff, role=Role.BOARD)
    assert refused.value.messages == ["Die E-Mail-Adresse dieses Kontos ist nicht bestätigt. Erst nach der "
                                      "Bestätigung kann die Person einem Gremium angehören."]
    person.refresh_from_db()
    assert person.role == Role.CLUSTER_MANAGER


def test_account_for_verified_email_compares_as_allauth_does():
    kim = UserFactory(email="kim@example.org")
    assert account_for_verified_email("  Kim@Example.ORG ") == kim
    assert account_for_verified_email("kim@examp1e.org") is None
    assert account_for_verified_email("kım@example.org") is None
