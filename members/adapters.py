from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string

from gocluster.outbox.services import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    """Account mails (verification, password reset) go through the outbox like every other mail."""

    def send_mail(self, template_prefix, email, context):
        ctx = {"email": email, "current_site": None, **context}
        subject = self.format_email_subject(
            " ".join(render_to_string(f"{template_prefix}_subject.txt", ctx, request=self.request).split())
        )
        body_text = render_to_string(f"{template_prefix}_message.txt", ctx, request=self.request).strip()
        # The body holds a live link: stored only until sent, never shown in the admin.
        queue_mail(recipient=email, subject=subject, body_text=body_text, event=template_prefix.rsplit("/", 1)[-1],
                   sensitive=True)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        if commit:
            user.save()
        return user
