"""The agency's workbench (issue: staff and board work a case to a decision)."""

from django.shortcuts import render

from members.decorators import role_required
from members.enums import Role


@role_required(Role.STAFF)
def dashboard(request):
    return render(request, "applications/staff/dashboard.html")
