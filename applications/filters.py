"""Filters of the agency's case list (django-filter). The queryset always comes from the access function."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationState
from members.enums import Bundesland, Role
from members.models import TechnologyField, User

SORTS = (
    ("case_number", "case_number"),
    ("cluster__name", "cluster"),
    ("state", "state"),
    ("state_changed_at", "state_changed_at"),
    ("submitted_at", "submitted_at"),
)


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche nach Clustername"), method="search")
    state = django_filters.ChoiceFilter(label=_("Status"), choices=ApplicationState.choices,
                                        empty_label=_("alle Status"))
    bundesland = django_filters.ChoiceFilter(label=_("Bundesland"), field_name="cluster__bundesland",
                                             choices=Bundesland.choices, empty_label=_("alle Bundesländer"))
    technology_field = django_filters.ModelChoiceFilter(
        label=_("Technologiefeld"), field_name="cluster__technology_fields", queryset=TechnologyField.objects.all(),
        empty_label=_("alle Technologiefelder"), distinct=True,
    )
    advisor = django_filters.ModelChoiceFilter(
        label=_("Beratung"), field_name="advisory_call__advisor", queryset=User.objects.filter(role=Role.STAFF),
        empty_label=_("alle Beraterinnen und Berater"),
    )
    submitted_from = django_filters.DateFilter(label=_("eingereicht ab"), field_name="submitted_at",
                                               lookup_expr="date__gte",
                                               widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = django_filters.DateFilter(label=_("eingereicht bis"), field_name="submitted_at",
                                             lookup_expr="date__lte",
                                             widget=forms.DateInput(attrs={"type": "date"}))
    sort = django_filters.OrderingFilter(
        label=_("Sortierung"), fields=SORTS, empty_label=_("neueste zuerst"),
        field_labels={
            "case_number": _("Aktenzeichen"), "cluster__name": _("Cluster"), "state": _("Status"),
            "state_changed_at": _("Status seit"), "submitted_at": _("eingereicht am"),
        },
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(cluster__name__icontains=value) | Q(cluster__acronym__icontains=value)
                               | Q(case_number__icontains=value))
