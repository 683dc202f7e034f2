"""An invitation is accepted when a user with the invited (verified) address logs in or signs up."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .services import invitations_accept


@receiver(user_logged_in)
def accept_invitations_at_login(sender, request, user, **kwargs):
    invitations_accept(user=user)
