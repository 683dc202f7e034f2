"""Invitations by token; names without links; TOTP secrets encrypted at rest.

Open invitations from before carry no token and expire now: they were accepted at login by address, which
the portal no longer does. Cluster managers invite again. The TOTP secrets and recovery-code seeds that
allauth stored in the clear are encrypted with the key the MFA adapter uses (members.adapters.MFAAdapter).
"""

import django.utils.timezone
from django.db import migrations, models

import gocluster.validators


def _convert_mfa_secrets(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if key in data:
                data[key] = convert(data[key])
        if "migrated_codes" in data:
            data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_mfa_secrets(apps, schema_editor):
    # The adapter's own functions: the stored form is exactly what it decrypts.
    from gocluster import crypto
    from members.adapters import MFA_SECRETS

    def encrypted(value: str) -> str:
        try:
            crypto.decrypt(value, purpose=MFA_SECRETS)
        except crypto.InvalidToken:
            return crypto.encrypt(value, purpose=MFA_SECRETS)
        return value

    _convert_mfa_secrets(apps, encrypted)


def decrypt_mfa_secrets(apps, schema_editor):
    from gocluster import crypto
    from members.adapters import MFA_SECRETS

    _convert_mfa_secrets(apps, lambda value: crypto.decrypt(value, purpose=MFA_SECRETS))


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0007_waitlist_promotion"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="expires_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="gültig bis"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="cluster",
            name="acronym",
            field=models.CharField(blank=True, max_length=40, validators=[gocluster.validators.validate_no_link],
                                   verbose_name="Kurzbezeichnung"),
        ),
        migrations.AlterField(
            model_name="cluster",
            name="name",
            field=models.CharField(max_length=200, validators=[gocluster.validators.validate_no_link],
                                   verbose_name="Name des Clusters"),
        ),
        migrations.AlterField(
            model_name="user",
            name="full_name",
            field=models.CharField(max_length=200, validators=[gocluster.validators.validate_no_link],
                                   verbose_name="Vor- und Nachname"),
        ),
        migrations.RunPython(encrypt_mfa_secrets, decrypt_mfa_secrets),
    ]
