"""The member directory as open data: exactly the rows and fields of the public directory and profiles."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gocluster.opendata import Dataset, Field
from members.enums import Bundesland
from members.selectors.directory import directory_members

DIRECTORY_FIELDS = (
    Field("id", "integer", _("Kennung des Clusters im Portal; Teil der Adresse seines Profils.")),
    Field("name", "string", _("Name des Clusters.")),
    Field("acronym", "string", _("Kurzbezeichnung; leer, wenn keine angegeben ist.")),
    Field("management_organisation", "string", _("Trägerorganisation des Clustermanagements.")),
    Field("city", "string", _("Ort des Clustermanagements.")),
    Field("bundesland", "string", _("Bundesland als ISO-3166-2-Kürzel ohne „DE-“, z. B. BY.")),
    Field("bundesland_name", "string", _("Name des Bundeslands.")),
    Field("technology_fields", "list of strings",
          _("Technologiefelder; in CSV durch „; “ getrennt, in JSON als Liste.")),
    Field("label", "string", _("Bestes am Stichtag gültiges ECEI-Label: gold, silver, bronze; leer, wenn keines.")),
    Field("label_valid_until", "date", _("Gültig bis (ISO 8601) zum Label der vorigen Spalte; leer ohne Label.")),
    Field("member_since", "date", _("Beginn der laufenden Mitgliedschaft (ISO 8601).")),
    Field("website", "string", _("Website des Clusters; leer, wenn keine angegeben ist.")),
    Field("profile_url", "string", _("Pfad des öffentlichen Profils im Portal.")),
)


def directory_rows(today: date) -> list[dict]:
    """The members of the public directory on `today`, as on their profile pages. Two queries."""
    names = dict(Bundesland.choices)
    return [{
        "id": m.pk, "name": m.name, "acronym": m.acronym, "management_organisation": m.management_organisation,
        "city": m.city, "bundesland": m.bundesland, "bundesland_name": names.get(m.bundesland, ""),
        "technology_fields": [f.name for f in m.technology_fields.all()],
        "label": m.label_level or "", "label_valid_until": m.label_valid_until if m.label_level else None,
        "member_since": m.member_since, "website": m.website,
        "profile_url": reverse("member-profile", kwargs={"pk": m.pk}),
    } for m in directory_members(today=today).order_by("name", "pk")]


DIRECTORY = Dataset(name="mitglieder", fields=DIRECTORY_FIELDS, rows=directory_rows,
                    title=_("Mitgliederverzeichnis"))
