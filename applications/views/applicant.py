"""The cluster manager's pages (issue: applicants apply in the browser)."""

from django.shortcuts import render

from members.decorators import role_required
from members.enums import Role


@role_required(Role.CLUSTER_MANAGER)
def dashboard(request):
    return render(request, "applications/applicant/dashboard.html")
