""""go-cluster in Zahlen" against a hand count of the three-cluster fixture, and the organisation decisions."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationState as S
from applications.models import AuditEntry, OrganisationDecision
from applications.selectors.figures import case_member_overlap, programme_figures
from applications.selectors.organisations import organisation_key
from applications.services.organisations import organisation_decide
from gocluster.errors import Refusal
from members.models import LabelRecord
from tests.applications.builders import Cast, case_in_state
from tests.applications.figures_builders import NOW, TODAY, actor, member_with_actors, three_clusters
from tests.factories import ActorFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW)]


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def world(staff):
    world = three_clusters(staff)
    # A: Gold since May 2025; B: Bronze since January 2026 (valid until 31.01.2028).
    LabelRecord.objects.create(cluster=world["a"].cluster, level="gold", assessed_on=TODAY.replace(year=2025, month=5,
                               day=1), valid_until=TODAY.replace(year=2028))
    LabelRecord.objects.create(cluster=world["b"].cluster, level="bronze", assessed_on=TODAY.replace(month=1, day=15),
                               valid_until=TODAY.replace(year=2028, month=1, day=31))
    return world


def _nordwerk(world, cluster):
    return world[cluster].actors.get(name__startswith="Nordwerk")


def test_figures_count_each_organisation_once_across_three_clusters(world):
    figures = programme_figures(today=TODAY)
    # Hand count: Müller (A, B, C), Fraunhofer (A, B), TU Hamburg (A), Nordwerk Hamburg (A, B), Photon France
    # (A, C), Bayern Innovativ (B, C), Optik Schmidt (B), Nordwerk Düsseldorf (C, other postcode: undecided),
    # Universität Duisburg-Essen (C).
    assert (figures.member_count, figures.members_with_list, figures.entry_count) == (3, 3, 15)
    assert figures.organisation_count == 9
    assert figures.members_without_list == []
    assert figures.by_type == [("sme", "KMU", 3), ("large_company", "Großunternehmen", 2),
                               ("research", "Forschungseinrichtung", 1), ("higher_education", "Hochschule", 2),
                               ("other", "Sonstige", 1)]
    assert figures.sme_share == 33
    lands = {code: n for code, _name, n in figures.by_land if n}
    # Müller 80331, Bayern Innovativ 90402, Optik Schmidt (no postcode: its cluster's Land) -> BY;
    # Fraunhofer 52074, Nordwerk 40210, Duisburg-Essen 45127 -> NW; TU Hamburg 21073, Nordwerk 20095 -> HH.
    assert lands == {"BY": 3, "HH": 2, "NW": 3, "abroad": 1}
    assert len(figures.by_land) == 17
    assert (figures.international_count, figures.by_country) == (1, [("FR", 1)])
    assert figures.by_field == [("photonik", "Photonik", 7), ("produktion", "Produktion", 5),
                                ("werkstoffe", "Werkstoffe", 5)]
    # 31.12.2025: A, B, C and the member that ended in March 2026; A held Gold. Today: three, Gold and Bronze.
    assert [(p.label, p.members, p.labels) for p in figures.history] == [
        ("2025", 4, {"gold": 1}), ("heute", 3, {"gold": 1, "bronze": 1})]


def test_figures_list_the_shared_organisations_and_the_open_pair_for_staff(world):
    figures = programme_figures(today=TODAY, with_details=True)
    assert [(org.name, org.cluster_names) for org in figures.shared] == [
        ("Bayern Innovativ e. V.", ["Optik Süd", "Werkstoffe West"]),
        ("Fraunhofer-Institut für Lasertechnik", ["Optik Süd", "Photonik Nord"]),
        ("Müller Präzisionstechnik GmbH", ["Optik Süd", "Photonik Nord", "Werkstoffe West"]),
        ("Nordwerk AG", ["Optik Süd", "Photonik Nord"]),
        ("Photon France SAS", ["Photonik Nord", "Werkstoffe West"]),
    ]
    assert [(c.a.name, c.a.postcode, c.b.name, c.b.postcode, c.reason) for c in figures.candidates] == [
        ("Nordwerk AG", "20095", "Nordwerk AG", "40210", "postcode")]


def test_decision_not_the_same_is_remembered_and_leaves_the_queue(world, staff):
    a, c = _nordwerk(world, "a"), _nordwerk(world, "c")
    decision = organisation_decide(a=a, b=c, same=False, by=staff)
    assert (decision.key_a, decision.key_b, decision.same) == ("nordwerk ag|20095|", "nordwerk ag|40210|", False)
    figures = programme_figures(today=TODAY, with_details=True)
    assert (figures.organisation_count, figures.candidates) == (9, [])
    entry = AuditEntry.objects.get(action="organisation_decide")
    assert (entry.actor, entry.before, entry.after["same"], entry.object_id) == (staff, {}, False, str(decision.pk))
    # Remembered by the keys: a re-imported list with the same spelling stays decided.
    c.delete()
    ActorFactory(application=world["c"], **actor("Nordwerk  AG", "large_company", "40210", "Düsseldorf"))
    assert programme_figures(today=TODAY, with_details=True).candidates == []


def test_decision_same_joins_the_pair_and_can_be_changed_with_an_audit_entry(world, staff):
    a, c = _nordwerk(world, "a"), _nordwerk(world, "c")
    organisation_decide(a=a, b=c, same=True, by=staff)
    assert programme_figures(today=TODAY).organisation_count == 8
    organisation_decide(a=c, b=a, same=False, by=staff)
    assert OrganisationDecision.objects.get().same is False
    assert programme_figures(today=TODAY).organisation_count == 9
    assert list(AuditEntry.objects.filter(action="organisation_decide").values_list("before", flat=True)) == [
        {}, {"same": True}]


def test_decision_is_refused_for_others_than_staff_and_for_equal_keys(world):
    a, c = _nordwerk(world, "a"), _nordwerk(world, "c")
    with pytest.raises(Refusal):
        organisation_decide(a=a, b=c, same=True, by=UserFactory())
    with pytest.raises(Refusal):
        organisation_decide(a=a, b=world["b"].actors.get(name__startswith="Nordwerk"), same=True, by=StaffFactory())
    assert OrganisationDecision.objects.count() == 0


def test_figures_page_shows_the_hand_counted_numbers(world):
    response = Client().get(reverse("figures"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong class="fs-4" data-testid="organisation-count">9</strong>' in html
    assert '<strong class="fs-4" data-testid="member-count">3</strong>' in html
    assert '<strong class="fs-4" data-testid="sme-share">33 %</strong>' in html
    assert '<strong class="fs-4" data-testid="international-count">1</strong>' in html
    assert "Stand: 15.06.2026" in html
    # No actor names on the public page: only counts.
    assert "Nordwerk" not in html and "Müller" not in html
    tables = response.context["type_chart"]["bars"]
    assert [(b.label, b.value) for b in tables] == [("KMU", 3), ("Großunternehmen", 2), ("Forschungseinrichtung", 1),
                                                    ("Hochschule", 2), ("Sonstige", 1)]


def test_figures_page_in_english(world):
    client = Client()
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("figures")).content.decode()
    assert "<h1>go-cluster in figures</h1>" in html
    assert "Organisations by type" in html


def _members(n, staff):
    for i in range(n):
        member_with_actors(f"Cluster {i}", [actor(f"Firma {i} GmbH"), actor("Gemeinsam GmbH"),
                                            actor(f"Institut {i}", "university", "80331")], staff=staff)


@pytest.mark.parametrize("size", [3, 10])
def test_figures_page_query_count_is_constant(size, staff, django_assert_num_queries):
    _members(size, staff)
    client = Client()
    cache.clear()
    # Members (1) and their fields (1), actors (1), decisions (1), technology fields (1), memberships (1),
    # labels (1); the session middleware does not touch the database for an anonymous visitor.
    with django_assert_num_queries(7):
        assert client.get(reverse("figures")).status_code == 200


def test_staff_figures_show_shared_organisations_and_members_without_list(world, staff, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    member_with_actors("Altmitglied", [], staff=staff)
    client = Client()
    client.force_login(staff)
    response = client.get(reverse("staff:figures"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="mb-0" data-testid="candidate-count">1 Paar von Einträgen' in html
    assert [org.name for org in response.context["figures"].shared][:1] == ["Bayern Innovativ e. V."]
    assert response.context["figures"].members_without_list == ["Altmitglied"]


def test_review_queue_decides_through_the_view_and_returns(world, staff, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    client = Client()
    client.force_login(staff)
    queue = client.get(reverse("staff:organisation_review"))
    assert [c.reason for c in queue.context["page"].object_list] == ["postcode"]
    a, c = _nordwerk(world, "a"), _nordwerk(world, "c")
    response = client.post(reverse("staff:organisation_decide"), {
        "actor_a": a.pk, "actor_b": c.pk, "decision": "different", "next": "https://evil.example.org/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:organisation_review")
    assert OrganisationDecision.objects.get().same is False
    assert list(client.get(reverse("staff:organisation_review")).context["page"].object_list) == []


def test_case_overlap_lists_actors_of_other_member_clusters(world, staff):
    overlap = case_member_overlap(world["c"], today=TODAY)
    assert [(row["actor"].name, [name for _pk, name in row["clusters"]]) for row in overlap["shared"]] == [
        ("Bayern Innovativ eingetragener Verein", ["Optik Süd"]),
        ("MÜLLER PRÄZISIONSTECHNIK G.m.b.H.", ["Optik Süd", "Photonik Nord"]),
        ("Photon France SAS", ["Photonik Nord"]),
    ]
    assert [(c.a.cluster_name, c.b.cluster_name) for c in overlap["possible"]] == [
        ("Photonik Nord", "Werkstoffe West")]


def test_member_page_panel_renders_from_the_applications_side(world, staff, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    client = Client()
    client.force_login(staff)
    member_page = client.get(reverse("members_staff:member", kwargs={"pk": world["b"].membership_id}))
    panel_url = reverse("staff:member_shared_actors", kwargs={"membership_pk": world["b"].membership_id})
    assert f'hx-get="{panel_url}"' in member_page.content.decode()
    panel = client.get(panel_url, headers={"HX-Request": "true"})
    assert [row["actor"].name for row in panel.context["shared"]] == [
        "Bayern Innovativ e. V.", "Fraunhofer Institut für  Lasertechnik",
        "Mueller  Praezisionstechnik Gesellschaft mit beschränkter Haftung", "Nordwerk Aktiengesellschaft"]
    assert "<html" not in panel.content.decode()
    case_page = client.get(reverse("staff:case_detail", kwargs={"pk": world["b"].pk}))
    assert reverse("staff:case_shared_actors", kwargs={"pk": world["b"].pk}) in case_page.content.decode()


def test_admitted_case_counts_its_actors_through_the_real_workflow():
    case = case_in_state(S.ADMITTED, Cast())
    figures = programme_figures(today=case.membership.started_on)
    # draft() lists 16 actors: 10 SMEs, 3 universities, 3 large companies, with generated distinct names.
    assert (figures.member_count, figures.entry_count, figures.organisation_count) == (1, 16, 16)
    assert [(code, n) for code, _label, n in figures.by_type] == [
        ("sme", 10), ("large_company", 3), ("research", 0), ("higher_education", 3), ("other", 0)]
    assert organisation_key(name="x", postcode="", register_id="") == "x||"
