"""Security finding 1 (every login is allauth's login with its second factor) and finding 14 (account hardening):
the Django admin's login, sessions that skipped the second factor, admin accounts of any role, idle privileged
sessions, re-authentication for e-mail changes, notices of account changes, encrypted TOTP secrets, the CSRF
cookie and the password similarity check. docs/security-auth.md names each requirement."""

import importlib
import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from gocluster import crypto
from gocluster.outbox.models import OutboxMail
from members.adapters import MFA_SECRETS
from members.enums import Role
from members.models import User
from tests.applications.helpers import mark_reauthenticated
from tests.auth import enrol_totp, mark_second_factor, totp_code
from tests.factories import PASSWORD, ClusterFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.GOCLUSTER_REQUIRE_MFA = True
    # One period either side: a code computed at the end of a 30-second window is still good when posted.
    settings.MFA_TOTP_TOLERANCE = 1


def admin_account(**kwargs) -> User:
    return StaffFactory(is_staff=True, is_superuser=True, **kwargs)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Finding 1: the admin login, the second factor of this session, admin accounts of every role -------------


def test_admin_login_form_with_the_password_alone_logs_nobody_in(client):
    admin = admin_account()
    enrol_totp(admin)
    response = client.post("/verwaltung/login/?next=/verwaltung/", {"username": admin.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/konto/login/?next=%2Fverwaltung%2F")
    assert logged_in(client) is False
    assert client.get("/verwaltung/")["Location"] == "/verwaltung/login/?next=/verwaltung/"


def test_admin_login_goes_through_allauth_and_its_second_factor(client):
    admin = admin_account()
    secret = enrol_totp(admin)
    login = client.post("/konto/login/?next=/verwaltung/", {"login": admin.email, "password": PASSWORD})
    assert login["Location"] == "/konto/2fa/authenticate/"
    # Password given, second factor not yet: nobody is logged in.
    assert logged_in(client) is False
    assert client.get("/verwaltung/").status_code == 302
    code = client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    assert code["Location"] == "/verwaltung/"
    assert client.get("/verwaltung/").status_code == 200


def test_admin_login_is_locked_after_repeated_wrong_passwords(client, settings):
    # The failures are counted in a cache of this test alone: nothing another test left (or culled) counts.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"lockout-{uuid.uuid4().hex}", "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    admin = admin_account()
    for _ in range(40):
        client.post("/verwaltung/login/", {"username": admin.email, "password": "falsch-falsch-falsch"})
    for _ in range(10):
        client.post("/konto/login/", {"login": admin.email, "password": "falsch-falsch-falsch"})
    # The right password now: no login form lets it in (allauth locks the address after five failures).
    client.post("/verwaltung/login/", {"username": admin.email, "password": PASSWORD})
    assert logged_in(client) is False
    response = client.post("/konto/login/", {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in response.content.decode()
    assert logged_in(client) is False


@pytest.mark.parametrize("path", ["/geschaeftsstelle/", "/verwaltung/", "/konto/2fa/totp/deactivate/",
                                  "/konto/2fa/recovery-codes/", "/konto/email/", "/konto/sessions/"])
def test_session_without_the_second_factor_is_asked_for_the_code(client, path):
    """A session that came in with the password alone (as through the old admin login) reaches nothing, and in
    particular cannot remove the account's TOTP and enrol its own."""
    admin = admin_account()
    enrol_totp(admin)
    client.force_login(admin)
    mark_reauthenticated(client, admin)  # the password, even given again
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, f"/konto/2fa/reauthenticate/?next={path}")


def test_session_without_the_second_factor_cannot_deactivate_totp(client):
    staff = StaffFactory()
    enrol_totp(staff)
    client.force_login(staff)
    mark_reauthenticated(client, staff)
    client.post("/konto/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).count() == 1


def test_code_given_in_the_session_opens_the_area(client):
    staff = StaffFactory()
    secret = enrol_totp(staff)
    client.force_login(staff)
    response = client.post("/konto/2fa/reauthenticate/?next=/geschaeftsstelle/", {"code": totp_code(secret)})
    assert response["Location"] == "/geschaeftsstelle/"
    assert client.get("/geschaeftsstelle/").status_code == 200


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True},
                                   {"is_staff": True, "is_superuser": True}])
def test_admin_account_of_any_role_needs_two_factor(client, flags):
    account = UserFactory(role=Role.CLUSTER_MANAGER, **flags)
    client.force_login(account)
    for path in ("/verwaltung/", "/antrag/"):
        assert client.get(path)["Location"] == "/konto/2fa/totp/activate/"


def test_admin_with_second_factor_reaches_the_admin(client):
    admin = admin_account()
    enrol_totp(admin)
    client.force_login(admin)
    mark_second_factor(client, admin)
    assert client.get("/verwaltung/").status_code == 200
    assert client.get("/geschaeftsstelle/").status_code == 200


def test_account_without_is_staff_gets_403_from_the_admin_login(client):
    client.force_login(UserFactory())
    assert client.get("/verwaltung/login/").status_code == 403


# allauth announces the new authenticator after the commit of its transaction, inside the request: the test
# commits for real.
@pytest.mark.django_db(transaction=True)
def test_totp_setup_counts_as_the_second_factor_of_that_session(client):
    staff = StaffFactory()
    client.force_login(staff)
    mark_reauthenticated(client, staff)
    page = client.get("/konto/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response["Location"] == "/konto/2fa/recovery-codes/"
    assert client.get("/geschaeftsstelle/").status_code == 200


# --- Finding 14: account hardening -----------------------------------------------------------------------------


def test_privileged_session_ends_after_idle_timeout(client, settings, time_machine):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    time_machine.move_to("2027-03-01T09:00:00+01:00", tick=False)
    staff = StaffFactory()
    enrol_totp(staff)
    client.force_login(staff)
    mark_second_factor(client, staff)
    assert client.get("/geschaeftsstelle/").status_code == 200
    time_machine.move_to("2027-03-01T09:29:00+01:00", tick=False)
    assert client.get("/geschaeftsstelle/").status_code == 200
    time_machine.move_to("2027-03-01T09:59:30+01:00", tick=False)
    response = client.get("/geschaeftsstelle/")
    assert (response.status_code, response["Location"]) == (302, "/konto/login/?next=/geschaeftsstelle/")
    assert logged_in(client) is False
    page = client.get("/konto/login/")
    assert "nach 30 Minuten ohne Aktivität abgemeldet" in page.content.decode()


def test_cluster_manager_session_has_no_idle_timeout(client, settings, time_machine):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    time_machine.move_to("2027-03-01T09:00:00+01:00", tick=False)
    client.force_login(UserFactory())
    assert client.get("/antrag/").status_code == 200
    time_machine.move_to("2027-03-01T11:00:00+01:00", tick=False)
    assert client.get("/antrag/").status_code == 200


def test_adding_an_email_address_asks_for_the_password_again(client):
    manager = UserFactory()
    client.force_login(manager)
    response = client.post("/konto/email/", {"action_add": "", "email": "zweite@example.org"})
    assert (response.status_code, response["Location"]) == (302, "/konto/reauthenticate/?next=%2Fkonto%2Femail%2F")
    assert EmailAddress.objects.filter(email="zweite@example.org").count() == 0
    mark_reauthenticated(client, manager)
    client.post("/konto/email/", {"action_add": "", "email": "zweite@example.org"})
    assert EmailAddress.objects.filter(user=manager, email="zweite@example.org").count() == 1


def test_password_change_is_announced_by_mail_through_the_outbox(client):
    manager = UserFactory()
    client.force_login(manager)
    response = client.post("/konto/password/change/", {"oldpassword": PASSWORD, "password1": "Neues-Passwort-2027!",
                                                       "password2": "Neues-Passwort-2027!"})
    assert response.status_code == 302
    notice = OutboxMail.objects.get(event="password_changed")
    assert notice.recipient == manager.email
    # In the portal's words (issue 17, item 13): a greeting, then what changed.
    assert notice.body_text.splitlines()[:3] == [
        "Guten Tag,", "", "an Ihrem Konto im Portal go-cluster wurde soeben etwas geändert:"]


def test_totp_setup_is_announced_by_mail_through_the_outbox(client, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    client.force_login(staff)
    mark_reauthenticated(client, staff)
    secret = client.get("/konto/2fa/totp/activate/").context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert list(OutboxMail.objects.filter(event="totp_activated").values_list("recipient", flat=True)) == [staff.email]


def test_totp_secret_is_stored_encrypted(client):
    staff = StaffFactory()
    secret = enrol_totp(staff)
    stored = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != secret
    assert crypto.decrypt(stored, purpose=MFA_SECRETS) == secret
    # ... and the code still works at login.
    client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    assert client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)}).status_code == 302
    assert logged_in(client) is True


def test_secret_key_rotation_keeps_totp_secrets_readable(settings):
    staff = StaffFactory()
    secret = enrol_totp(staff)
    stored = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "ein-neuer-schluessel-" + "x7Qp2" * 10
    assert crypto.decrypt(stored, purpose=MFA_SECRETS) == secret


def test_migration_encrypts_plaintext_totp_secrets():
    staff = StaffFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    migration = importlib.import_module("members.migrations.0008_invitation_tokens_and_mfa_secrets")
    migration.encrypt_mfa_secrets(apps, None)
    migration.encrypt_mfa_secrets(apps, None)  # twice: what is encrypted stays as it is
    stored = Authenticator.objects.get(user=staff).data["secret"]
    assert crypto.decrypt(stored, purpose=MFA_SECRETS) == "JBSWY3DPEHPK3PXP"


def test_csrf_cookie_is_http_only_and_htmx_sends_the_token_from_the_page(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    staff = StaffFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get("/portal/cluster-ansprueche/")
    assert page.cookies["csrftoken"]["httponly"] is True
    token = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page.content.decode()).group(1)
    claim = ClusterFactory(managers=[]).claims.create(user=UserFactory())
    url = f"/portal/cluster-ansprueche/{claim.pk}/"
    assert client.post(url, {"decision": "reject"}).status_code == 403
    assert client.post(url, {"decision": "reject"}, headers={"X-CSRFToken": token}).status_code == 302


def test_password_similar_to_the_full_name_is_refused():
    person = User(email="k.mustermann@example.org", full_name="Annegret Wunderlich")
    with pytest.raises(ValidationError) as refused:
        validate_password("AnnegretWunderlich", user=person)
    assert [error.code for error in refused.value.error_list] == ["password_too_similar"]
