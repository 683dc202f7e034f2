"""Account mails (allauth) read like every other mail of the portal: German, formal "Sie", the common signature,
the mail layout, through the outbox. The verification mail once greeted with "Hallo von !"."""

import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.test import RequestFactory
from django.utils import timezone

from gocluster.outbox.models import OutboxMail
from gocluster.outbox.services import REDACTED
from members.adapters import AccountAdapter
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
OURS = Path(settings.BASE_DIR) / "templates"
# Every mail allauth can send: account/email/<name>_message.txt and mfa/email/<name>_message.txt.
PREFIXES = sorted(f"{path.parent.relative_to(ALLAUTH_TEMPLATES)}/{path.name.removesuffix('_message.txt')}"
                  for folder in ("account/email", "mfa/email")
                  for path in (ALLAUTH_TEMPLATES / folder).glob("*_message.txt")
                  if not path.name.startswith("base_"))
SIGNATURE = ("Mit freundlichen Grüßen\nIhre Geschäftsstelle go-cluster\n\ngo-cluster ist ein Programm des "
             "Bundesministeriums für Wirtschaft und Energie (BMWE), durchgeführt von VDI/VDE Innovation + Technik "
             "GmbH (VDI/VDE-IT).")


def assert_portal_mail(mail) -> None:
    """`mail` queued (an OutboxMail) or as delivered (an account mail's stored copy loses its body once sent:
    security finding 9)."""
    if isinstance(mail, OutboxMail):
        subject, text, html = mail.subject, mail.body_text, mail.body_html
    else:
        subject, text, html = mail.subject, mail.body, mail.alternatives[0].content
    assert "[go-cluster]" not in subject and "go-cluster" in subject, subject
    assert text.startswith("Guten Tag,\n\n"), subject
    assert SIGNATURE in text, subject
    for english in ("Hallo von", "Hello from", "Thank you for using", "You are receiving", "You're receiving"):
        assert english not in text, (subject, english)
    assert re.search(r"\b(du|dein|dich|dir)\b", text, re.IGNORECASE) is None, subject
    assert '<p style="background: #00457d; color: #ffffff; padding: 12px 16px; font-weight: bold;">go-cluster</p>' \
        in html, subject


def test_every_allauth_mail_has_a_portal_template():
    assert len(PREFIXES) == 18
    for prefix in PREFIXES:
        for part in ("subject", "message"):
            assert (OURS / f"{prefix}_{part}.txt").is_file(), f"{prefix}_{part}.txt falls back to allauth's wording"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_account_mail_reads_like_the_portals_mails(prefix):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    context = {"user": request.user, "activate_url": "http://testserver/konto/confirm-email/abc/",
               "password_reset_url": "http://testserver/konto/password/reset/key/x/", "signup_url": "http://x/",
               "code": "ABC123", "timestamp": timezone.now(), "ip": "192.0.2.1", "user_agent": "Firefox",
               "from_email": "alt@example.org", "to_email": "neu@example.org", "deleted_email": "alt@example.org"}
    AccountAdapter(request).send_mail(prefix, "a@example.org", context)
    assert_portal_mail(OutboxMail.objects.get(recipient="a@example.org"))


def test_signup_verification_mail_greets_in_german_with_signature_and_link(client, settings,
                                                                           django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/signup/", {"full_name": "Dora Daten", "email": "dora@example.org",
                                       "password1": "ein-langes-Passwort-2026",
                                       "password2": "ein-langes-Passwort-2026"})
    mail = OutboxMail.objects.get(recipient="dora@example.org")
    assert mail.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse für go-cluster"
    # The stored copy loses its link once sent (security finding 9); what the person got is the delivered mail.
    assert mail.body_text == REDACTED
    delivered = next(m for m in django_mail.outbox if m.to == ["dora@example.org"])
    link = re.search(r"http://testserver/konto/confirm-email/[^\s]+/", delivered.body).group(0)
    assert delivered.body == (
        "Guten Tag,\n\ndiese E-Mail-Adresse wurde für ein Konto im Portal go-cluster angegeben. Bitte bestätigen Sie, "
        f"dass sie Ihnen gehört, indem Sie diesen Link öffnen:\n\n{link}\n\nWenn Sie sich nicht registriert haben, "
        "können Sie diese E-Mail ignorieren; ohne Bestätigung wird die Adresse nicht verwendet.\n\n"
        f"{SIGNATURE}\nKontakt: go-cluster@vdivde-it.de · Telefon +49 30 310078-0\n"
    )
    assert f'<a href="{link}">{link}</a>' in delivered.alternatives[0].content
    assert_portal_mail(delivered)


def test_password_change_sends_a_security_notification(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/change/", {"oldpassword": PASSWORD,
                                                            "password1": "ein-neues-Passwort-2026",
                                                            "password2": "ein-neues-Passwort-2026"})
    assert response.status_code == 302
    mail = OutboxMail.objects.get(recipient=user.email, event="password_changed")
    assert mail.subject == "Ihr Passwort für go-cluster wurde geändert"
    delivered = next(m for m in django_mail.outbox if m.to == [user.email])
    assert "an Ihrem Konto im Portal go-cluster wurde soeben etwas geändert:\n\nIhr Passwort wurde geändert." \
        in delivered.body
    assert "Wenn Sie das nicht selbst waren, setzen Sie bitte sofort Ihr Passwort zurück" in delivered.body
    assert_portal_mail(delivered)
