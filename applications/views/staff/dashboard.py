from django.shortcuts import render

from applications.selectors.workbench import dashboard_data
from members.decorators import role_required
from members.enums import Role


@role_required(Role.STAFF)
def dashboard(request):
    return render(request, "applications/staff/dashboard.html", dashboard_data())
