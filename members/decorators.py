"""Area access by role: anonymous visitors go to the login page, other roles get a 404.

Objects inside an area are still checked by the access functions (`applications.selectors.access`).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.role not in roles or not user.is_active:
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
