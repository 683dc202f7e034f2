"""An invitation is accepted when a user with the invited, verified address logs in (also right after signing
up: allauth logs the user in when they confirm their address)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from members.services.clusters import invitations_accept


@receiver(user_logged_in)
def accept_invitations_at_login(sender, request, user, **kwargs):
    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        invitations_accept(user=user)
