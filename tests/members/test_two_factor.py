import pytest
from allauth.mfa.models import Authenticator

from tests.auth import mark_second_factor
from tests.factories import BoardMemberFactory, MinistryFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

START = {StaffFactory: "/geschaeftsstelle/", MinistryFactory: "/abstimmung/", BoardMemberFactory: "/abstimmung/"}


@pytest.mark.parametrize("factory", [StaffFactory, MinistryFactory, BoardMemberFactory])
def test_privileged_account_without_totp_is_sent_to_setup(client, settings, factory):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(factory())
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
    assert client.get("/geschaeftsstelle/")["Location"] == "/konto/2fa/totp/activate/"


@pytest.mark.parametrize("factory", [StaffFactory, MinistryFactory, BoardMemberFactory])
def test_privileged_account_with_totp_reaches_its_area(client, settings, factory):
    settings.GOCLUSTER_REQUIRE_MFA = True
    user = factory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    # A session that passed the second factor at login (tests/members/test_admin_and_sessions.py logs in for real).
    mark_second_factor(client, user)
    start = client.get("/portal/", follow=True)
    assert (start.status_code, start.redirect_chain[-1][0]) == (200, START[factory])


def test_cluster_manager_needs_no_totp(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(UserFactory())
    assert client.get("/antrag/").status_code == 200


def test_demo_switch_turns_the_obligation_off(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    client.force_login(StaffFactory())
    assert client.get("/geschaeftsstelle/").status_code == 200


def test_privileged_account_may_still_log_out_and_read_legal_pages(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    client.force_login(StaffFactory())
    assert client.get("/impressum/").status_code == 200
    assert client.post("/konto/logout/").status_code == 302


@pytest.mark.parametrize(("path", "allowed"), [
    ("/antrag/", {UserFactory}), ("/geschaeftsstelle/", {StaffFactory}),
    ("/abstimmung/", {MinistryFactory, BoardMemberFactory}),
])
def test_areas_are_404_for_other_roles_and_login_for_anonymous(client, settings, path, allowed):
    settings.GOCLUSTER_REQUIRE_MFA = False
    assert client.get(path)["Location"] == f"/konto/login/?next={path}"
    for factory in (UserFactory, StaffFactory, MinistryFactory, BoardMemberFactory):
        client.force_login(factory())
        assert client.get(path).status_code == (200 if factory in allowed else 404)
