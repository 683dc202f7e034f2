import re

import pytest
from django.core.management import call_command

from gocluster.outbox.models import REDACTED, MailState, OutboxMail
from members.enums import Role
from members.models import User

pytestmark = pytest.mark.django_db


def test_signup_sends_verification_mail_through_the_outbox(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", {
            "full_name": "Clara Cluster", "email": "Clara@Example.org",
            "password1": "ein-langes-Passwort-2026", "password2": "ein-langes-Passwort-2026",
        })
    assert response.status_code == 302
    user = User.objects.get(email="clara@example.org")
    assert (user.full_name, user.role) == ("Clara Cluster", Role.CLUSTER_MANAGER)
    mail = OutboxMail.objects.get(recipient="clara@example.org")
    assert mail.state == MailState.SENT
    assert len(mailoutbox) == 1
    # The link travels in the delivered mail; the stored copy is redacted (finding 9).
    link = re.search(r"http://testserver(/konto/confirm-email/[^\s]+)", mailoutbox[0].body).group(1)
    assert (mail.sensitive, mail.body_text, mail.body_html) == (True, REDACTED, "")
    confirm = client.post(link)
    assert confirm.status_code == 302
    assert user.emailaddress_set.get().verified is True


def test_short_password_is_refused_in_german(client):
    response = client.post("/konto/signup/", {
        "full_name": "Kurt Kurz", "email": "kurt@example.org", "password1": "kurz", "password2": "kurz",
    })
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten." in response.content.decode()
    assert not User.objects.filter(email="kurt@example.org").exists()


def test_seed_demo_is_idempotent_and_creates_one_account_per_role():
    call_command("seed_demo")
    call_command("seed_demo")
    roles = dict(User.objects.values_list("email", "role"))
    assert roles["manager@example.org"] == Role.CLUSTER_MANAGER
    assert roles["staff@example.org"] == Role.STAFF
    assert roles["ministry@example.org"] == Role.MINISTRY
    assert [roles[f"board{i}@example.org"] for i in range(1, 6)] == [Role.BOARD] * 5
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.check_password("go-cluster-demo")


def test_pages_are_german_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()
