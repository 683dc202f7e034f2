"""Public pages of the members floor, mounted at the site root."""

from django.urls import path

from gocluster.views import PageView
from members.views import open_data, public

urlpatterns = [
    path("mitglieder/", public.directory, name="directory"),
    path("mitglieder/<int:pk>/", public.profile, name="member-profile"),
    path("offene-daten/mitglieder.<str:fmt>", open_data.directory_data, name="open-data-members"),
    path("glossar/", PageView.as_view(template_name="pages/glossar.html"), name="glossary"),
    path("kontakt/", PageView.as_view(template_name="pages/kontakt.html"), name="contact"),
]
