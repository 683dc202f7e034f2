"""Account mails (allauth: confirmation, password reset, login codes) are marked sensitive; the bodies of
those already delivered or finally failed are redacted, so the admin no longer shows live links."""

from django.db import migrations, models

# The allauth templates the account adapter sends (its `event` is the template's last name part).
ACCOUNT_EVENTS = [
    "account_already_exists", "email_changed", "email_confirm", "email_confirmation", "email_confirmation_signup",
    "email_deleted", "login_code", "password_changed", "password_reset", "password_reset_code",
    "password_reset_key", "password_set", "recovery_codes_generated", "totp_activated", "totp_deactivated",
    "unknown_account", "webauthn_added", "webauthn_removed",
]
REDACTED = "[Inhalt entfernt: Die Nachricht enthielt einen Anmelde- oder Bestätigungslink.]"


def mark_account_mails(apps, schema_editor):
    OutboxMail = apps.get_model("outbox", "OutboxMail")
    account = OutboxMail.objects.filter(event__in=ACCOUNT_EVENTS)
    account.update(sensitive=True)
    account.filter(state__in=["sent", "failed"]).update(body_text=REDACTED, body_html="")


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0002_outbox_next_attempt_and_dispatch'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmail',
            name='sensitive',
            field=models.BooleanField(default=False, verbose_name='enthält Zugangslinks'),
        ),
        migrations.RunPython(mark_account_mails, migrations.RunPython.noop),
    ]
