"""The public admission criteria page, rendered from the criteria data that staff edit."""

from django.db.models import Prefetch
from django.shortcuts import render

from applications.models import QualityArea, QualityCriterion
from gocluster.views import localized_templates


def criteria(request):
    areas = QualityArea.objects.prefetch_related(
        Prefetch("criteria", queryset=QualityCriterion.objects.filter(active=True).order_by("order", "id")))
    return render(request, localized_templates(request, "pages/kriterien.html"), {"areas": areas})
