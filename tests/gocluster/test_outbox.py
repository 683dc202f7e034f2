"""The outbox: templates per event, retries in-process, the sweep that re-queues lost mails, resend."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from gocluster.outbox.models import MailState, OutboxMail
from gocluster.outbox.services import queue_mail, queue_templated_mail, requeue_stuck, resend
from gocluster.outbox.tasks import requeue_stuck_mails, send_outbox_mail
from tests.gocluster.mailbackends import FlakyBackend

pytestmark = pytest.mark.django_db
EVENTS = sorted(p.stem for p in (Path(settings.BASE_DIR) / "templates" / "email").glob("*.txt")
                if not p.name.startswith("_"))


@pytest.fixture
def flaky(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.gocluster.mailbackends.FlakyBackend"}}
    FlakyBackend.sent = []
    FlakyBackend.failures_left = 0
    return FlakyBackend


def test_every_event_has_a_template_with_ministry_and_programme_contact():
    assert len(EVENTS) == 34
    context = {"case_number": "GC-2026-0042", "cluster_name": "Cluster <Nord>", "when": "1. Dezember 2026",
               "person_name": "Petra <Neu>"}
    for event in EVENTS:
        mail = queue_templated_mail(event=event, recipient="a@example.org", context=context)
        assert mail.subject, event
        assert "\n" not in mail.subject
        for body in (mail.body_text, mail.body_html):
            assert settings.MINISTRY_NAME_GENITIVE in body, event  # "ein Programm des ..."
            assert settings.PROGRAMME_CONTACT_EMAIL in body, event
            assert settings.PROGRAMME_CONTACT_PHONE in body, event
        # A mail names its case or cluster; the one about a seat on a voting body names the person.
        assert ("Cluster &lt;Nord&gt;" in mail.body_html or "GC-2026-0042" in mail.body_html
                or (event == "ministry_voter_role_changed" and "Petra &lt;Neu&gt;" in mail.body_html))
        assert "<Nord>" not in mail.body_html
        assert "<Neu>" not in mail.body_html


def test_failed_attempt_in_process_waits_for_the_sweep_then_is_sent(flaky, django_capture_on_commit_callbacks):
    flaky.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_mail(recipient="a@example.org", subject="Test", body_text="Hallo")
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (
        MailState.QUEUED, 1, "SMTPServerDisconnected: Verbindung vom Mailserver getrennt (Test)")
    assert mail.next_attempt_at > timezone.now()
    assert requeue_stuck() == []  # its next attempt is not overdue yet
    later = mail.next_attempt_at + timedelta(seconds=settings.OUTBOX_LOST_AFTER_SECONDS)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck(now=later) == [mail.pk]
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (MailState.SENT, 2, "")
    assert [m.subject for m in flaky.sent] == ["Test"]


def test_sweep_requeues_a_mail_whose_worker_died_while_sending(flaky, django_capture_on_commit_callbacks):
    mail = queue_mail(recipient="a@example.org", subject="Verwaist", body_text="Hallo")
    claimed = timezone.now() - timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS + 1)
    OutboxMail.objects.filter(pk=mail.pk).update(state=MailState.SENDING, claimed_at=claimed, attempts=1)
    fresh = queue_mail(recipient="b@example.org", subject="Läuft gerade", body_text="Hallo")
    OutboxMail.objects.filter(pk=fresh.pk).update(state=MailState.SENDING, claimed_at=timezone.now(), attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_mails.delay().get() == 1
    mail.refresh_from_db()
    fresh.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.SENT, 2)
    assert fresh.state == MailState.SENDING
    assert [m.subject for m in flaky.sent] == ["Verwaist"]


def test_task_for_sent_mail_sends_nothing(flaky):
    mail = queue_mail(recipient="a@example.org", subject="Einmal", body_text="Hallo")
    send_outbox_mail.delay(mail.pk)
    send_outbox_mail.delay(mail.pk)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, len(flaky.sent)) == (MailState.SENT, 1, 1)


def test_failed_mail_after_last_attempt_can_be_resent_by_staff(flaky, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    flaky.failures_left = 1
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_mail(recipient="a@example.org", subject="Fehlschlag", body_text="Hallo")
    mail.refresh_from_db()
    assert (mail.state, mail.next_attempt_at) == (MailState.FAILED, None)
    with django_capture_on_commit_callbacks(execute=True):
        resend(mail=mail)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.SENT, 1)


# --- Finding 9: account mails (live reset and confirmation links) are stored redacted -------------------

RESET_LINK = r"http://testserver(/konto/password/reset/key/[^\s]+)"


def _request_reset(client, email):
    return client.post("/konto/password/reset/", {"email": email})


def test_account_mail_is_delivered_with_its_link_and_stored_redacted(client, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    import re

    from gocluster.outbox.models import REDACTED
    from tests.factories import UserFactory

    user = UserFactory(email="reset@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert _request_reset(client, user.email).status_code == 302
    mail = OutboxMail.objects.get(recipient="reset@example.org")
    assert (mail.event, mail.sensitive, mail.state) == ("password_reset_key", True, MailState.SENT)
    assert (mail.body_text, mail.body_html) == (REDACTED, "")
    assert re.search(RESET_LINK, mailoutbox[0].body)  # the person got the link


def test_account_mail_keeps_its_body_for_retries_and_is_redacted_after_the_last_attempt(
        client, flaky, settings, django_capture_on_commit_callbacks):
    from gocluster.outbox.models import REDACTED
    from tests.factories import UserFactory

    settings.OUTBOX_MAX_ATTEMPTS = 2
    flaky.failures_left = 2
    UserFactory(email="reset@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _request_reset(client, "reset@example.org")
    mail = OutboxMail.objects.get(recipient="reset@example.org")
    assert (mail.state, mail.attempts) == (MailState.QUEUED, 1)
    assert "/konto/password/reset/key/" in mail.body_text  # still needed for the next attempt
    send_outbox_mail.delay(mail.pk)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.body_text) == (MailState.FAILED, 2, REDACTED)
    # Nothing to resend: the person asks for a new link.
    resend(mail=mail)
    mail.refresh_from_db()
    assert mail.state == MailState.FAILED


def test_outbox_admin_never_shows_an_account_mail_body(client, settings):
    from tests.factories import StaffFactory, UserFactory

    settings.GOCLUSTER_REQUIRE_MFA = False
    UserFactory(email="reset@example.org")
    _request_reset(client, "reset@example.org")  # queued: the body still holds the link
    mail = OutboxMail.objects.get(recipient="reset@example.org")
    assert "/konto/password/reset/key/" in mail.body_text
    admin = StaffFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(f"/verwaltung/outbox/outboxmail/{mail.pk}/change/").content.decode()
    assert "/konto/password/reset/key/" not in html
    assert "Inhalt entfernt" in html
