"""Receivers of allauth's signals.

Setting up TOTP proves the second factor for the session that does it: the form takes a code of the new
authenticator. The session records it as allauth records a passed second factor at login, so that the
middleware (members.middleware) lets the account into its area right after the setup.
"""

# allauth's own recorder of authentication steps (internal in 65.x; tests/applications/helpers.py uses it too).
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from members.middleware import SECOND_FACTOR_METHOD


@receiver(authenticator_added)
def record_second_factor_at_setup(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, SECOND_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type,
                              enrolled=True)
