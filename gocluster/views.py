"""Public programme pages that belong to no app."""

from django.shortcuts import render
from django.template.loader import select_template
from django.views.generic import TemplateView


def localized_templates(request, template_name: str) -> list[str]:
    """The English version of a programme page (`pages/en/...`) when English is chosen, else German."""
    if getattr(request, "LANGUAGE_CODE", "de") == "en" and template_name.startswith("pages/"):
        return [template_name.replace("pages/", "pages/en/", 1), template_name]
    return [template_name]


class PageView(TemplateView):
    """A static programme page; the template carries the text, in German and (pages/en/) English."""

    def get_template_names(self):
        names = localized_templates(self.request, self.template_name)
        return [select_template(names).origin.template_name]


def handler404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def handler403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def handler500(request):
    return render(request, "errors/500.html", status=500)
