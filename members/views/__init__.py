from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from members.enums import Role

# Where each role's area begins.
START_PAGE = {
    Role.CLUSTER_MANAGER: "applicant:dashboard",
    Role.STAFF: "staff:dashboard",
    Role.MINISTRY: "voting:dashboard",
    Role.BOARD: "voting:dashboard",
}


@login_required
def portal_start(request):
    """Where a login lands: the start page of the user's role."""
    return redirect(START_PAGE[request.user.role])
