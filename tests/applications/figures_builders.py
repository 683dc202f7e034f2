"""Members with actor lists for the figures, the open data and the organisation matching."""

from datetime import date, timedelta

from applications.models import Application
from applications.services import cases
from members.services import memberships
from tests.factories import ActorFactory, ClusterFactory, TechnologyFieldFactory

STARTED = date(2025, 1, 10)
# The day the figures tests run on (a Monday in June, after every membership of the fixture started).
NOW = "2026-06-15T10:00:00+02:00"
TODAY = date(2026, 6, 15)


def member_with_actors(name: str, actors: list[dict], *, bundesland: str = "BE", fields=(), staff,
                       started_on: date = STARTED) -> Application:
    """A member whose admission case carries `actors`. The case is started through the service and linked to the
    membership as `release_decision` links it (the whole workflow is in test_admitted_case_counts_its_actors)."""
    cluster = ClusterFactory(name=name, bundesland=bundesland)
    cluster.technology_fields.set(fields)
    application = cases.application_start(cluster=cluster, by=cluster.managers.first())
    for row in actors:
        ActorFactory(application=application, **row)
    application.membership = memberships.membership_start(cluster=cluster, started_on=started_on, by=staff)
    application.save(update_fields=["membership"])
    return application


def actor(name, category="sme", postcode="10115", city="Berlin", country="DE", register_id=""):
    return {"name": name, "category": category, "postcode": postcode, "city": city, "country": country,
            "register_id": register_id}


def three_clusters(staff) -> dict:
    """Three member clusters sharing actors under spelling variants, one member that ended and one that starts
    tomorrow. The hand count is in tests/applications/test_figures.py."""
    photonik = TechnologyFieldFactory(name="Photonik", slug="photonik")
    produktion = TechnologyFieldFactory(name="Produktion", slug="produktion")
    werkstoffe = TechnologyFieldFactory(name="Werkstoffe", slug="werkstoffe")
    a = member_with_actors("Photonik Nord", [
        actor("Müller Präzisionstechnik GmbH", "sme", "80331", "München"),
        actor("Fraunhofer-Institut für Lasertechnik", "research_institute", "52074", "Aachen"),
        actor("Technische Universität Hamburg", "university", "21073", "Hamburg"),
        actor("Nordwerk AG", "large_company", "20095", "Hamburg"),
        actor("Photon France SAS", "sme", "75001", "Paris", "FR"),
    ], bundesland="HH", fields=[photonik], staff=staff)
    b = member_with_actors("Optik Süd", [
        actor("Mueller  Praezisionstechnik Gesellschaft mit beschränkter Haftung", "sme", "80331", "München"),
        actor("Fraunhofer Institut für  Lasertechnik", "research_institute", "52074", "Aachen"),
        actor("Bayern Innovativ e. V.", "chamber", "90402", "Nürnberg"),
        actor("Nordwerk Aktiengesellschaft", "large_company", "20095", "Hamburg"),
        actor("Optik Schmidt GmbH", "sme", "", "Nürnberg"),
    ], bundesland="BY", fields=[photonik, produktion], staff=staff)
    c = member_with_actors("Werkstoffe West", [
        actor("MÜLLER PRÄZISIONSTECHNIK G.m.b.H.", "sme", "80331", "München"),
        actor("Nordwerk AG", "large_company", "40210", "Düsseldorf"),
        actor("Bayern Innovativ eingetragener Verein", "chamber", "90402", "Nürnberg"),
        actor("Universität Duisburg-Essen", "university", "45127", "Essen"),
        actor("Photon France SAS", "sme", "75001", "Paris", "FR"),
    ], bundesland="NW", fields=[werkstoffe], staff=staff)
    ended = member_with_actors("Ehemaliger Cluster", [actor("Geheimnis Ehemalig GmbH")], staff=staff,
                               fields=[werkstoffe])
    memberships.membership_end(membership=ended.membership, ended_on=date(2026, 3, 1), by=staff, comment="Ende")
    future = member_with_actors("Künftiger Cluster", [actor("Zukunft Morgen GmbH")], staff=staff,
                                started_on=TODAY + timedelta(days=1), fields=[werkstoffe])
    return {"a": a, "b": b, "c": c, "ended": ended, "future": future,
            "fields": {"photonik": photonik, "produktion": produktion, "werkstoffe": werkstoffe}}
