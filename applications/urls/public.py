"""Public pages of the admission side, mounted at the site root: figures, open data, calendar feeds."""

from django.urls import path

from applications.views import feeds, public

urlpatterns = [
    path("zahlen/", public.figures, name="figures"),
    path("offene-daten/", public.open_data, name="open-data"),
    path("offene-daten/kennzahlen.<str:fmt>", public.figures_data, name="open-data-figures"),
    # Public by token: the token is the credential (stored hashed, revocable); unknown or revoked: 404.
    path("kalender/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
    path("portal/kalender/", feeds.calendar_settings, name="calendar-settings"),
]
