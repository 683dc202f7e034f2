"""Public pages of the admission side: the criteria, "go-cluster in Zahlen" and the open data."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone, translation

from applications.models import QualityArea, QualityCriterion
from applications.selectors.figures import FIGURES, METHODS, ProgrammeFigures, programme_figures
from gocluster import published
from gocluster.opendata import download_view
from gocluster.views import localized_templates
from members.selectors.charts import bar_chart
from members.selectors.open_data import DIRECTORY


def criteria(request):
    areas = QualityArea.objects.prefetch_related(
        Prefetch("criteria", queryset=QualityCriterion.objects.filter(active=True).order_by("order", "id")))
    return render(request, localized_templates(request, "pages/kriterien.html"), {"areas": areas})


def figure_charts(figures: ProgrammeFigures) -> dict:
    """The charts of the figures page (server-side SVG; each has its table)."""
    return {
        "type_chart": bar_chart([(label, n) for _code, label, n in figures.by_type]),
        "land_chart": bar_chart([(name, n) for _code, name, n in figures.by_land]),
        "field_chart": bar_chart([(name, n) for _slug, name, n in figures.by_field]),
        "country_chart": bar_chart(figures.by_country),
        "members_chart": bar_chart([(p.label, p.members) for p in figures.history]),
        "labels_chart": bar_chart([(p.label, p.with_label) for p in figures.history]),
    }


def figures(request):
    today = timezone.localdate()
    language = translation.get_language()
    data = published.cached(f"figures-page-{language}", today, lambda: programme_figures(today=today))
    return render(request, "applications/public/figures.html", {
        "figures": data, "methods": METHODS, **figure_charts(data),
    })


def open_data(request):
    """The schema of the downloads: field names, types, meaning, licence."""
    return render(request, "applications/public/open_data.html", {
        "datasets": [(DIRECTORY, "open-data-members"), (FIGURES, "open-data-figures")],
        "licence": settings.OPEN_DATA_LICENCE, "licence_url": settings.OPEN_DATA_LICENCE_URL,
    })


figures_data = download_view(FIGURES)
