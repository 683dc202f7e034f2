"""TOTP secrets encrypted at rest.

The TOTP secrets and recovery-code seeds that allauth stored in the clear are encrypted with the key the
MFA adapter uses (members.adapters.MFAAdapter).
"""

from django.db import migrations


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
        ("members", "0005_default_cost_share_tariffs"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_mfa_secrets, decrypt_mfa_secrets),
    ]
