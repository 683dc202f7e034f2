from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.template.loader import render_to_string

from gocluster import crypto
from gocluster.outbox.services import html_part, queue_mail
from gocluster.programme import programme_context


def portal_site() -> SimpleNamespace:
    """What allauth calls the current site: the portal's name and host (django.contrib.sites is not used; without it
    allauth would name the request's host, or nothing at all)."""
    return SimpleNamespace(name="go-cluster", domain=urlsplit(settings.SITE_URL).netloc)


# The purpose the keys of the TOTP secrets are derived for (gocluster.crypto).
MFA_SECRETS = "allauth.mfa secrets"


class AccountAdapter(DefaultAccountAdapter):
    """Account mails (verification, password reset, security notifications) go through the outbox like every other
    mail: German, formal "Sie", with the common signature (templates/account/email/, templates/mfa/email/) and the
    same HTML layout."""

    def send_mail(self, template_prefix, email, context):
        ctx = {**programme_context(), "email": email, **context, "current_site": portal_site()}
        subject = self.format_email_subject(
            " ".join(render_to_string(f"{template_prefix}_subject.txt", ctx, request=self.request).split())
        )
        body_text = render_to_string(f"{template_prefix}_message.txt", ctx, request=self.request).strip() + "\n"
        # The body holds a live link: stored only until sent, never shown in the admin.
        queue_mail(recipient=email, subject=subject, body_text=body_text,
                   body_html=html_part(subject=subject, text=body_text), event=template_prefix.rsplit("/", 1)[-1],
                   sensitive=True)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        if commit:
            user.save()
        return user


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (allauth's hooks; the key comes from
    SECRET_KEY), so that a copy of the database alone does not give anyone the second factor."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, purpose=MFA_SECRETS)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, purpose=MFA_SECRETS)
