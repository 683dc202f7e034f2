from django.shortcuts import render

from members.decorators import role_required
from members.enums import Role

from ...workbench import dashboard_data


@role_required(Role.STAFF)
def dashboard(request):
    return render(request, "applications/staff/dashboard.html", dashboard_data())
