from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def portal_start(request):
    """Where a login lands: the area of the user's role."""
    return render(request, "members/portal_start.html")
