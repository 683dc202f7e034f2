"""Two-factor helpers shared by the suite: a real TOTP authenticator (stored by allauth through our MFA
adapter, so encrypted), its current code, and a session marked as having passed the second factor."""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client, RequestFactory

from members.middleware import SECOND_FACTOR_METHOD


def enrol_totp(user) -> str:
    """Give the account a TOTP authenticator; returns its secret (what the authenticator app holds)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code the authenticator app shows now. allauth refuses a code twice: the cache of used codes is
    cleared so that one test may give the same code at two steps."""
    cache.clear()
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def mark_second_factor(client: Client, user) -> None:
    """Record in the client's session that it passed the second factor, as allauth does at login."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, method=SECOND_FACTOR_METHOD, type="totp")
    request.session.save()
