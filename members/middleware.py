"""Guards of privileged sessions: staff, ministry, board and admin accounts (`User.needs_two_factor`).

- `StaffIdleTimeoutMiddleware` ends such a session after `STAFF_IDLE_TIMEOUT_MINUTES` without a request.
- `RequireTwoFactorMiddleware` lets such a session use the portal only once *this session* has passed the
  second factor (allauth records every authentication step of a session; the second factor is the method
  "mfa"). An account without TOTP is sent to set it up; an account with TOTP whose session came in with the
  password alone (any login path that skipped allauth's second step) is asked for a code first.
"""

import time
from urllib.parse import quote

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# The method allauth records in the session when the second factor was passed (login, re-authentication)
# and that members.signals records when TOTP is set up in this session.
SECOND_FACTOR_METHOD = "mfa"
LAST_SEEN_SESSION_KEY = "gocluster_last_seen"
# How often (seconds) the last-seen time is written: not on every request.
_LAST_SEEN_RESOLUTION = 60

# URL names every privileged session may open, whatever its second factor.
_ALWAYS_OPEN = frozenset({"home", "healthz", "impressum", "datenschutz", "barrierefreiheit", "set_language",
                          "account_logout"})
# ... and those it needs to set up TOTP (allauth asks for the password once more before).
_SETUP = frozenset({"mfa_activate_totp", "mfa_index", "account_reauthenticate"})
# ... and the one where it gives the code of its existing authenticator.
_CONFIRM = frozenset({"mfa_reauthenticate"})


def session_passed_second_factor(request) -> bool:
    return any(record.get("method") == SECOND_FACTOR_METHOD
               for record in get_authentication_records(request, request.user))


class StaffIdleTimeoutMiddleware:
    """A privileged session left alone longer than `STAFF_IDLE_TIMEOUT_MINUTES` is logged out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.needs_two_factor:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            minutes = settings.STAFF_IDLE_TIMEOUT_MINUTES
            if last_seen is not None and now - last_seen > minutes * 60:
                logout(request)
                messages.info(request, _("Sie wurden nach %(minutes)d Minuten ohne Aktivität abgemeldet. "
                                         "Bitte melden Sie sich erneut an.") % {"minutes": minutes})
                login = redirect_to_login(request.get_full_path())
                return HttpResponseClientRedirect(login["Location"]) if request.htmx else login
            if last_seen is None or now - last_seen >= _LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Privileged accounts use their areas only in a session that passed the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.GOCLUSTER_REQUIRE_MFA or not user.is_authenticated or not user.needs_two_factor:
            return None
        if session_passed_second_factor(request):
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match and not match.namespace else ""
        if name in _ALWAYS_OPEN:
            return None

        if is_mfa_enabled(user):
            if name in _CONFIRM:
                return None
            messages.warning(request, _("Bitte bestätigen Sie Ihre Anmeldung mit dem Code aus Ihrer "
                                        "Authenticator-App."))
            return redirect(f"{reverse('mfa_reauthenticate')}?next={quote(request.get_full_path())}")
        if name in _SETUP:
            return None
        messages.warning(
            request,
            _("Bitte richten Sie zuerst die Zwei-Faktor-Authentisierung ein. "
              "Ihr Bereich ist erst danach zugänglich."),
        )
        return redirect("mfa_activate_totp")
