"""The matching rules of organisations across actor lists, as pure functions (no database)."""

from applications.selectors.organisations import (
    Entry,
    core_tokens,
    match,
    normalise_name,
    organisation_key,
    pair,
    register_key,
    token_similarity,
)
from applications.selectors.postcodes import land_of_postcode


def entry(actor_id, name, postcode="10115", cluster_id=1, register_id="", country="DE"):
    return Entry(actor_id, actor_id, cluster_id, f"Cluster {cluster_id}", name, "sme", postcode, "Ort", country,
                 register_id)


def test_normalise_name_folds_legal_forms_umlauts_case_punctuation_and_spaces():
    expected = "mueller praezisionstechnik gmbh"
    assert normalise_name("Müller Präzisionstechnik GmbH") == expected
    assert normalise_name("  MÜLLER   PRÄZISIONSTECHNIK  G.m.b.H. ") == expected
    assert normalise_name("Mueller Praezisionstechnik Gesellschaft mit beschränkter Haftung") == expected
    assert normalise_name("Bayern Innovativ e. V.") == "bayern innovativ ev"
    assert normalise_name("Bayern Innovativ e.V.") == "bayern innovativ ev"
    assert normalise_name("Bayern Innovativ eingetragener Verein") == "bayern innovativ ev"
    assert normalise_name("Nordwerk Aktiengesellschaft") == "nordwerk ag"
    assert normalise_name("Straßenbau Groß & Söhne GmbH & Co. KG") == "strassenbau gross und soehne gmbh und co kg"
    assert normalise_name("Café Génial UG (haftungsbeschränkt)") == "cafe genial ug"


def test_register_key_folds_ror_urls_and_court_numbers():
    assert register_key("https://ror.org/05591te55") == "ror:05591te55"
    assert register_key("ROR: 05591te55") == "ror:05591te55"
    assert register_key("05591te55") == "ror:05591te55"
    assert register_key("Amtsgericht München, HRB 12345") == "amtsgerichtmuenchenhrb12345"
    assert register_key("AG München HRB 12345") != register_key("AG Berlin HRB 12345")
    assert register_key("  ") == ""


def test_token_similarity_is_shared_over_all_core_words():
    a = core_tokens("Fraunhofer-Institut für Werkstoffmechanik")
    b = core_tokens("Fraunhofer Institut Werkstoffmechanik IWM")
    assert a == frozenset({"fraunhofer", "institut", "werkstoffmechanik"})
    assert token_similarity(a, b) == 0.75
    assert token_similarity(frozenset(), b) == 0.0


def test_match_counts_spelling_variants_once():
    entries = [entry(1, "Müller Präzisionstechnik GmbH", cluster_id=1),
               entry(2, "Mueller  Praezisionstechnik Gesellschaft mit beschränkter Haftung", cluster_id=2),
               entry(3, "MÜLLER PRÄZISIONSTECHNIK G.m.b.H.", cluster_id=3),
               entry(4, "Andere GmbH", cluster_id=3)]
    result = match(entries)
    assert [sorted(e.actor_id for e in org.entries) for org in result.organisations] == [[4], [1, 2, 3]]
    assert result.candidates == []


def test_match_same_name_with_another_postcode_is_a_candidate_not_a_match():
    result = match([entry(1, "Nordwerk AG", "20095"), entry(2, "Nordwerk AG", "40210", cluster_id=2)])
    assert len(result.organisations) == 2
    assert [(c.a.actor_id, c.b.actor_id, c.reason) for c in result.candidates] == [(1, 2, "postcode")]


def test_match_remembers_decisions_by_keys():
    a, b = entry(1, "Nordwerk AG", "20095"), entry(2, "Nordwerk AG", "40210", cluster_id=2)
    keys = pair(a.key, b.key)
    different = match([a, b], {keys: False})
    assert (len(different.organisations), different.candidates) == (2, [])
    same = match([a, b], {keys: True})
    assert (len(same.organisations), same.candidates) == (1, [])


def test_match_different_register_ids_keep_equal_names_apart():
    result = match([entry(1, "Stadtwerke GmbH", register_id="AG Kiel HRB 1"),
                    entry(2, "Stadtwerke GmbH", register_id="AG Ulm HRB 1", cluster_id=2)])
    assert len(result.organisations) == 2
    assert result.candidates == []


def test_match_equal_register_ids_join_different_spellings_and_postcodes():
    result = match([entry(1, "Leibniz-Institut für Werkstoffe", "28359", register_id="https://ror.org/01abcde23"),
                    entry(2, "LIW Bremen", "28199", register_id="01abcde23", cluster_id=2)])
    assert [sorted(e.actor_id for e in org.entries) for org in result.organisations] == [[1, 2]]


def test_match_similar_names_are_candidates():
    result = match([entry(1, "Fraunhofer-Institut für Werkstoffmechanik", "79108"),
                    entry(2, "Fraunhofer Institut Werkstoffmechanik IWM", "79108", cluster_id=2)])
    assert len(result.organisations) == 2
    assert [(c.reason, c.similarity) for c in result.candidates] == [("similar", 0.75)]


def test_match_does_not_depend_on_the_order_of_entries():
    entries = [entry(i, name, postcode, cluster_id=i % 3) for i, (name, postcode) in enumerate([
        ("Nordwerk AG", "20095"), ("Nordwerk Aktiengesellschaft", "20095"), ("Nordwerk AG", "40210"),
        ("Fraunhofer IWM", "79108"), ("Fraunhofer-Institut IWM", "79108")], start=1)]
    forward, backward = match(entries), match(list(reversed(entries)))
    assert [[e.actor_id for e in o.entries] for o in forward.organisations] == \
        [[e.actor_id for e in o.entries] for o in backward.organisations]
    assert [c.keys for c in forward.candidates] == [c.keys for c in backward.candidates]


def test_organisation_key_holds_name_postcode_and_register():
    assert organisation_key(name="Nordwerk  AG", postcode="20 095", register_id="") == "nordwerk ag|20095|"


def test_land_of_postcode_uses_regions_and_border_areas():
    assert land_of_postcode("80331") == "BY"
    assert land_of_postcode("21073") == "HH"  # Hamburg-Harburg in the Lower Saxon region 21
    assert land_of_postcode("21423") == "NI"
    assert land_of_postcode("63739") == "BY"  # Aschaffenburg in the Hessian region 63
    assert land_of_postcode("27568") == "HB"  # Bremerhaven
    assert land_of_postcode("14195") == "BE"  # Berlin-Dahlem in the Brandenburg region 14
    assert land_of_postcode("") == ""
    assert land_of_postcode("1011") == ""
    assert land_of_postcode("A-1010") == ""
