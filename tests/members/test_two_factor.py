import pytest
from allauth.mfa.models import Authenticator

from tests.factories import BoardMemberFactory, MinistryFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [StaffFactory, MinistryFactory, BoardMemberFactory])
def test_privileged_account_without_totp_is_sent_to_setup(client, settings, factory):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(factory())
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"


@pytest.mark.parametrize("factory", [StaffFactory, MinistryFactory, BoardMemberFactory])
def test_privileged_account_with_totp_reaches_its_area(client, settings, factory):
    settings.GOCLUSTER_REQUIRE_MFA = True
    user = factory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    assert client.get("/portal/").status_code == 200


def test_cluster_manager_needs_no_totp(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(UserFactory())
    assert client.get("/portal/").status_code == 200


def test_demo_switch_turns_the_obligation_off(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    client.force_login(StaffFactory())
    assert client.get("/portal/").status_code == 200


def test_privileged_account_may_still_log_out_and_read_legal_pages(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(StaffFactory())
    assert client.get("/impressum/").status_code == 200
    assert client.post("/konto/logout/").status_code == 302
