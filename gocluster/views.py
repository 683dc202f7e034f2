"""Public programme pages that belong to no app."""

from django.shortcuts import render
from django.views.generic import TemplateView


class PageView(TemplateView):
    """A static German page; the template carries the text."""


def handler404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def handler403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def handler500(request):
    return render(request, "errors/500.html", status=500)
