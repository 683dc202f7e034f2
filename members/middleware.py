
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# URL names a privileged user may open before two-factor authentication is set up.
_OPEN_URL_PREFIXES = ("account_", "mfa_", "usersessions_")
_OPEN_URL_NAMES = frozenset({"home", "healthz", "impressum", "datenschutz", "barrierefreiheit", "set_language"})


class RequireTwoFactorMiddleware:
    """Staff, ministry and board accounts must set up TOTP before they use any of their areas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.GOCLUSTER_REQUIRE_MFA or not user.is_authenticated or not user.needs_two_factor:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if name in _OPEN_URL_NAMES or name.startswith(_OPEN_URL_PREFIXES):
            return None

        if is_mfa_enabled(user):
            return None
        messages.warning(
            request,
            _("Bitte richten Sie zuerst die Zwei-Faktor-Authentisierung ein. "
              "Ihr Bereich ist erst danach zugänglich."),
        )
        return redirect("mfa_activate_totp")
