"""Public pages of the admission side, mounted at the site root: figures and open data."""

from django.urls import path

from applications.views import public

urlpatterns = [
    path("zahlen/", public.figures, name="figures"),
    path("offene-daten/", public.open_data, name="open-data"),
    path("offene-daten/kennzahlen.<str:fmt>", public.figures_data, name="open-data-figures"),
]
