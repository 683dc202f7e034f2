""""go-cluster in Zahlen": the programme's figures as of a day, from the actor lists of the current members.

Members are the clusters of the public directory on that day (`members.selectors.directory.directory_members`:
a current membership that has started). Their organisations are the actors of the application that admitted
them (`Application.membership`); members that joined before the portal have no actor list here and are
counted as such. Organisations are deduplicated across clusters by `applications.selectors.organisations`.
Every figure carries a short text saying how it is computed (`METHODS`). A constant number of queries.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from applications.enums import ActorCategory
from applications.models import Application, ClusterActor
from applications.selectors.organisations import Candidate, Entry, Organisation, actor_entries, match, stored_decisions
from applications.selectors.postcodes import land_of_postcode
from gocluster.opendata import Dataset, Field
from members.enums import LABEL_RANK, Bundesland, LabelLevel, MembershipStatus
from members.models import Cluster, LabelRecord, Membership, TechnologyField
from members.selectors.directory import directory_members

# The five kinds of organisation the programme reports, and the actor categories in each.
ORGANISATION_TYPES = [
    ("sme", _("KMU")),
    ("large_company", _("Großunternehmen")),
    ("research", _("Forschungseinrichtung")),
    ("higher_education", _("Hochschule")),
    ("other", _("Sonstige")),
]
CATEGORY_TYPE = {
    ActorCategory.SME: "sme",
    ActorCategory.LARGE_COMPANY: "large_company",
    ActorCategory.RESEARCH_INSTITUTE: "research",
    ActorCategory.UNIVERSITY: "higher_education",
}
TYPE_ORDER = [code for code, _label in ORGANISATION_TYPES]
ABROAD = "abroad"
HISTORY_YEARS = 10

METHODS = {
    "members": _("Cluster mit einer laufenden Mitgliedschaft, die am Stichtag begonnen hat – dieselben wie im "
                 "Mitgliederverzeichnis."),
    "organisations": _("Akteure aus den Akteurslisten der Aufnahmeanträge aller Mitglieder. Eine Organisation, die "
                       "in mehreren Clustern mitwirkt, zählt einmal: gleiche Registernummer oder ROR-ID, oder gleicher "
                       "Name (Rechtsform, Umlaute, Groß- und Kleinschreibung, Satzzeichen und Leerzeichen "
                       "vereinheitlicht) mit gleicher Postleitzahl; Zweifelsfälle entscheidet die Geschäftsstelle. "
                       "Mitglieder, die vor dem Portal aufgenommen wurden, haben hier keine Akteursliste."),
    "by_type": _("Je Organisation die Kategorie, die in ihren Einträgen am häufigsten angegeben ist. KMU: "
                 "Kategorie KMU; Großunternehmen; Forschungseinrichtung: außeruniversitäre Forschung; "
                 "Hochschule: Hochschulen und ihre Institute; Sonstige: alle übrigen Kategorien."),
    "sme_share": _("Anteil der KMU an allen Organisationen (ohne Doppelzählung), gerundet auf ganze Prozent."),
    "by_land": _("Bundesland der Postleitzahl (nach Postleitregionen; in Grenzgebieten näherungsweise). Hat ein "
                 "Akteur in Deutschland keine gültige Postleitzahl, zählt das Bundesland seines Clusters. Akteure "
                 "im Ausland zählen unter „Ausland“."),
    "international": _("Organisationen mit einem anderen Land als Deutschland (ISO-Ländercode des Eintrags)."),
    "by_field": _("Je Technologiefeld die Organisationen in mindestens einem Mitgliedscluster dieses Feldes; "
                  "eine Organisation in Clustern mehrerer Felder zählt in jedem dieser Felder."),
    "history": _("Mitglieder jeweils am 31. Dezember (im laufenden Jahr am Stichtag): Mitgliedschaft begonnen und "
                 "nicht beendet. Label: das beste an diesem Tag gültige Label."),
}


@dataclass
class HistoryPoint:
    label: str
    day: date
    members: int
    labels: dict[str, int]  # level -> members whose best valid label it is

    @property
    def with_label(self) -> int:
        return sum(self.labels.values())

    @property
    def without_label(self) -> int:
        return self.members - self.with_label


@dataclass
class ProgrammeFigures:
    as_of: date
    member_count: int
    members_with_list: int
    members_without_list: list[str]
    entry_count: int
    organisation_count: int
    by_type: list[tuple[str, str, int]]  # code, label, count
    sme_share: int | None  # percent
    by_land: list[tuple[str, str, int]]  # code, name, count (16 Länder, then abroad)
    international_count: int
    by_country: list[tuple[str, int]]
    by_field: list[tuple[str, str, int]]  # slug, name, count
    history: list[HistoryPoint]
    shared: list[Organisation] = field(default_factory=list)  # in more than one cluster (staff only)
    candidates: list[Candidate] = field(default_factory=list)  # waiting for review (staff only)

    @property
    def shared_count(self) -> int:
        return len(self.shared)


def _most_common(values: list[str], order: list[str] | None = None) -> str:
    counts = Counter(values)
    rank = {value: index for index, value in enumerate(order or sorted(counts))}
    return min(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), v))


def entry_type(entry: Entry) -> str:
    return CATEGORY_TYPE.get(entry.category, "other")


def entry_land(entry: Entry) -> str:
    """The Land an entry counts in: abroad, by postcode, or else its cluster's Land."""
    if entry.country and entry.country != "DE":
        return ABROAD
    return land_of_postcode(entry.postcode) or entry.bundesland


def member_entries(*, today: date, exclude_cluster_id: int | None = None) -> tuple[list[Entry], list[Cluster]]:
    """The actor entries of the members' admission applications, and the members. Three queries."""
    members = list(directory_members(today=today).order_by("name", "pk"))
    memberships = Membership.objects.filter(cluster__in=[m.pk for m in members], started_on__lte=today).exclude(
        status=MembershipStatus.ENDED)
    field_ids: dict[int, list[int]] = defaultdict(list)
    for member in members:
        field_ids[member.pk] = [f.pk for f in member.technology_fields.all()]
    actors = ClusterActor.objects.filter(application__membership__in=memberships)
    if exclude_cluster_id is not None:
        actors = actors.exclude(application__cluster_id=exclude_cluster_id)
    return actor_entries(actors, field_ids={k: tuple(v) for k, v in field_ids.items()}), members


def _history(*, today: date, member_count: int, current_labels: dict[str, int]) -> list[HistoryPoint]:
    memberships = list(Membership.objects.filter(started_on__lte=today).values_list(
        "cluster_id", "started_on", "status", "ended_on"))
    if not memberships:
        return []
    labels: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for cluster_id, assessed, valid, level in LabelRecord.objects.filter(
            cluster_id__in={m[0] for m in memberships}).values_list("cluster_id", "assessed_on", "valid_until",
                                                                     "level"):
        labels[cluster_id].append((assessed, valid, level))
    first_year = max(min(m[1] for m in memberships).year, today.year - HISTORY_YEARS + 1)
    points = []
    for year in range(first_year, today.year):
        day = date(year, 12, 31)
        current = {cluster for cluster, started, status, ended in memberships
                   if started <= day and not (status == MembershipStatus.ENDED and (ended is None or ended <= day))}
        levels: Counter = Counter()
        for cluster in current:
            valid = [level for assessed, until, level in labels[cluster] if assessed <= day <= until]
            if valid:
                levels[max(valid, key=lambda lv: LABEL_RANK[lv])] += 1
        points.append(HistoryPoint(str(year), day, len(current), dict(levels)))
    # Today: exactly the directory's members and labels.
    points.append(HistoryPoint(str(_("heute")), today, member_count, current_labels))
    return points


def programme_figures(*, today: date, with_details: bool = False) -> ProgrammeFigures:
    """The figures of the public page; `with_details` adds the staff's lists (shared organisations, queue)."""
    entries, members = member_entries(today=today)
    matching = match(entries, stored_decisions())
    organisations = matching.organisations
    with_list = {e.cluster_id for e in entries}

    types = Counter(_most_common([entry_type(e) for e in org.entries], TYPE_ORDER) for org in organisations)
    lands = Counter(_most_common([entry_land(e) for e in org.entries]) for org in organisations)
    countries = Counter(_most_common([e.country or "DE" for e in org.entries]) for org in organisations)
    international = sum(n for code, n in countries.items() if code != "DE")

    fields = {f.pk: f for f in TechnologyField.objects.filter(clusters__in=[m.pk for m in members]).distinct()}
    per_field: Counter = Counter()
    for org in organisations:
        for field_id in {fid for e in org.entries for fid in e.technology_field_ids}:
            per_field[field_id] += 1

    label_counts = Counter(m.label_level for m in members if m.label_level)
    figures = ProgrammeFigures(
        as_of=today,
        member_count=len(members),
        members_with_list=len(with_list),
        members_without_list=[m.name for m in members if m.pk not in with_list],
        entry_count=len(entries),
        organisation_count=len(organisations),
        by_type=[(code, str(label), types.get(code, 0)) for code, label in ORGANISATION_TYPES],
        sme_share=round(100 * types.get("sme", 0) / len(organisations)) if organisations else None,
        by_land=[(code, name, lands.get(code, 0)) for code, name in Bundesland.choices]
        + [(ABROAD, str(_("Ausland")), lands.get(ABROAD, 0))],
        international_count=international,
        by_country=sorted(((c, n) for c, n in countries.items() if c != "DE"), key=lambda item: (-item[1], item[0])),
        by_field=sorted(((f.slug, f.name, per_field.get(pk, 0)) for pk, f in fields.items()),
                        key=lambda item: (-item[2], item[1])),
        history=_history(today=today, member_count=len(members),
                         current_labels={lv: label_counts.get(lv, 0) for lv in LabelLevel.values
                                         if label_counts.get(lv)}),
    )
    if with_details:
        figures.shared = [org for org in organisations if len(org.cluster_ids) > 1]
        figures.candidates = matching.candidates
    return figures


def case_member_overlap(application: Application, *, today: date) -> dict:
    """For the staff: which of this case's actors are also in the lists of other member clusters (certain or
    decided matches), and which might be (pairs waiting for review)."""
    own = actor_entries(ClusterActor.objects.filter(application=application))
    others, _members = member_entries(today=today, exclude_cluster_id=application.cluster_id)
    matching = match(own + others, stored_decisions())
    own_ids = {e.actor_id for e in own}
    rows = []
    for org in matching.organisations:
        mine = [e for e in org.entries if e.actor_id in own_ids]
        elsewhere = sorted({(e.cluster_id, e.cluster_name) for e in org.entries if e.actor_id not in own_ids},
                           key=lambda c: c[1])
        if mine and elsewhere:
            rows.append({"actor": mine[0], "organisation": org, "clusters": elsewhere})
    possible = [c for c in matching.candidates if (c.a.actor_id in own_ids) != (c.b.actor_id in own_ids)]
    return {"shared": sorted(rows, key=lambda r: r["actor"].name.lower()), "possible": possible,
            "own_ids": own_ids}


# --- The figures as open data ------------------------------------------------------------------

FIGURES_FIELDS = (
    Field("figure", "string", _("Welche Zahl: members, members_with_actor_list, organisations, actor_entries, "
                                "sme_share_percent, international_organisations, organisations_by_type, "
                                "organisations_by_land, organisations_by_country, organisations_by_technology_field, "
                                "members_over_time, labels_over_time.")),
    Field("date", "date", _("Stichtag der Zahl (ISO 8601); in den Zeitreihen der 31. Dezember des Jahres.")),
    Field("category", "string", _("Ausprägung: Typ (sme, large_company, research, higher_education, other), "
                                  "Bundesland-Kürzel oder abroad, ISO-Ländercode, Technologiefeld (Kurzname), "
                                  "Label (gold, silver, bronze); leer bei Gesamtzahlen.")),
    Field("category_name", "string", _("Bezeichnung der Ausprägung (deutsch).")),
    Field("value", "integer", _("Anzahl; bei sme_share_percent ganze Prozent.")),
)


def figures_rows(today: date) -> list[dict]:
    """The public figures of `today` as rows (German names, whatever the visitor's language)."""
    with translation.override("de"):
        figures = programme_figures(today=today)
        rows = []

        def add(figure, value, category="", name="", day=today):
            rows.append({"figure": figure, "date": day, "category": category, "category_name": name,
                         "value": value})

        add("members", figures.member_count)
        add("members_with_actor_list", figures.members_with_list)
        add("organisations", figures.organisation_count)
        add("actor_entries", figures.entry_count)
        if figures.sme_share is not None:
            add("sme_share_percent", figures.sme_share)
        add("international_organisations", figures.international_count)
        for code, label, n in figures.by_type:
            add("organisations_by_type", n, code, label)
        for code, name, n in figures.by_land:
            add("organisations_by_land", n, code, name)
        for code, n in figures.by_country:
            add("organisations_by_country", n, code, code)
        for slug, name, n in figures.by_field:
            add("organisations_by_technology_field", n, slug, name)
        for point in figures.history:
            add("members_over_time", point.members, day=point.day)
            for level, label in LabelLevel.choices:
                add("labels_over_time", point.labels.get(level, 0), level, str(label), day=point.day)
    return rows


FIGURES = Dataset(name="kennzahlen", fields=FIGURES_FIELDS, rows=figures_rows, title=_("go-cluster in Zahlen"))
