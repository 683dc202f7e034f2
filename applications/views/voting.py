"""The ministry's and the board's voting room."""

from django.shortcuts import render

from members.decorators import role_required
from members.enums import Role


@role_required(Role.MINISTRY, Role.BOARD)
def dashboard(request):
    return render(request, "applications/voting/dashboard.html")
