"""Which actor entries of different clusters are the same organisation: the matching rules as pure functions.

An actor list is typed by each cluster for itself, so one company appears under spellings such as
"Müller Präzisionstechnik GmbH", "Mueller Praezisionstechnik  G.m.b.H." and "Müller Präzisionstechnik
Gesellschaft mit beschränkter Haftung". The rules, in this order:

1. Both entries carry a register id (Handelsregister with court and number, or a ROR id) after folding
   (`register_key`): equal ids are the same organisation, different ids are different organisations,
   whatever the names say.
2. Equal normalised name (`normalise_name`: legal forms to their short form, ä -> ae, ß -> ss, case,
   punctuation and extra spaces folded) and equal postcode: the same organisation.
3. Uncertain, for a person to decide (the review queue): equal normalised name with another or a missing
   postcode; or names whose core words (without the legal form) are similar (`token_similarity` at least
   `SIMILARITY_THRESHOLD`). A stored decision "same organisation" joins the two, "not the same" keeps them
   apart and takes the pair out of the queue.

Everything here is pure: the callers load the rows (`actor_entries`, a constant number of queries) and the
stored decisions (`stored_decisions`).
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import QuerySet

from applications.models import ClusterActor, OrganisationDecision

# --- Normalising names --------------------------------------------------------------------------

_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
                                "ẞ": "SS", "&": " und ", "+": " und "})

# Legal forms, written out or abbreviated (as token sequences after folding), and their short form.
LEGAL_FORMS: list[tuple[tuple[str, ...], str]] = [
    (("gemeinnuetzige", "gesellschaft", "mit", "beschraenkter", "haftung"), "ggmbh"),
    (("gesellschaft", "mit", "beschraenkter", "haftung"), "gmbh"),
    (("gemeinnuetzige", "gmbh"), "ggmbh"),
    (("g", "gmbh"), "ggmbh"),
    (("g", "m", "b", "h"), "gmbh"),
    (("gesellschaft", "mbh"), "gmbh"),
    (("m", "b", "h"), "mbh"),
    (("unternehmergesellschaft", "haftungsbeschraenkt"), "ug"),
    (("ug", "haftungsbeschraenkt"), "ug"),
    (("unternehmergesellschaft",), "ug"),
    (("eingetragener", "verein"), "ev"),
    (("e", "v"), "ev"),
    (("eingetragene", "genossenschaft"), "eg"),
    (("e", "g"), "eg"),
    (("kommanditgesellschaft", "auf", "aktien"), "kgaa"),
    (("aktiengesellschaft",), "ag"),
    (("kommanditgesellschaft",), "kg"),
    (("offene", "handelsgesellschaft"), "ohg"),
    (("societas", "europaea"), "se"),
    (("k", "d", "oe", "r"), "kdoer"),
    (("koerperschaft", "des", "oeffentlichen", "rechts"), "kdoer"),
    (("anstalt", "des", "oeffentlichen", "rechts"), "adoer"),
    (("stiftung", "des", "oeffentlichen", "rechts"), "sdoer"),
]
# Short forms, and the words that join them ("GmbH & Co. KG"): not part of a name's core.
LEGAL_TOKENS = frozenset({short for _long, short in LEGAL_FORMS} | {"co", "und", "ohg", "se", "gbr", "kgaa", "partg",
                                                                       "ltd", "inc", "llc", "sarl", "sas", "bv", "nv"})
# Words too common to say anything about whether two names mean the same organisation.
STOP_WORDS = frozenset({"der", "die", "das", "des", "fuer", "und", "von", "am", "an", "im", "in", "zu", "zur", "zum",
                        "of", "the", "for", "and", "de", "la", "le", "et"})


def _fold(text: str) -> list[str]:
    """Transliterated, lower-case tokens: umlauts and ß spelled out, accents dropped, punctuation as space."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLITERATE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def _shorten_legal_forms(tokens: list[str]) -> list[str]:
    out, index = [], 0
    while index < len(tokens):
        for long, short in LEGAL_FORMS:
            if tuple(tokens[index:index + len(long)]) == long:
                out.append(short)
                index += len(long)
                break
        else:
            out.append(tokens[index])
            index += 1
    return out


def name_tokens(name: str) -> list[str]:
    return _shorten_legal_forms(_fold(name))


def normalise_name(name: str) -> str:
    """`Müller  Präzisionstechnik Gesellschaft mit beschränkter Haftung` -> `mueller praezisionstechnik gmbh`."""
    return " ".join(name_tokens(name))


def core_tokens(name: str) -> frozenset[str]:
    """The words of a name that identify it: without legal form and stop words."""
    return frozenset(t for t in name_tokens(name) if t not in LEGAL_TOKENS and t not in STOP_WORDS)


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", postcode.upper())


def register_key(register_id: str) -> str:
    """A register id folded for comparison: `https://ror.org/05591te55` -> `ror:05591te55`;
    `Amtsgericht München, HRB 12345` -> `amtsgerichtmuenchenhrb12345`."""
    value = register_id.strip().lower()
    if not value:
        return ""
    match = re.search(r"ror\.org/([0-9a-z]{9})\b", value) or re.fullmatch(r"(?:ror[: ]*)?(0[0-9a-z]{6}[0-9]{2})",
                                                                            value)
    if match:
        return f"ror:{match.group(1)}"
    return "".join(_fold(value))


def token_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets: shared words / all words."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


SIMILARITY_THRESHOLD = 0.6


def organisation_key(*, name: str, postcode: str, register_id: str) -> str:
    """What a staff decision is stored under: normalised name, postcode and register id."""
    return f"{normalise_name(name)}|{normalise_postcode(postcode)}|{register_key(register_id)}"


def pair(key_a: str, key_b: str) -> tuple[str, str]:
    return (key_a, key_b) if key_a < key_b else (key_b, key_a)


# --- Entries and groups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of one actor list, with what the rules compare."""

    actor_id: int
    application_id: int
    cluster_id: int
    cluster_name: str
    name: str
    category: str
    postcode: str
    city: str
    country: str
    register_id: str
    technology_field_ids: tuple[int, ...] = ()
    bundesland: str = ""  # the cluster's, for the figures' fallback

    @property
    def key(self) -> str:
        return organisation_key(name=self.name, postcode=self.postcode, register_id=self.register_id)

    @property
    def normalised(self) -> str:
        return normalise_name(self.name)

    @property
    def register(self) -> str:
        return register_key(self.register_id)


@dataclass
class Organisation:
    """A group of entries that are one organisation."""

    entries: list[Entry]

    @property
    def name(self) -> str:
        """The spelling used most often (ties: the shortest, then alphabetical)."""
        counts: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            counts[entry.name.strip()] += 1
        return min(counts, key=lambda n: (-counts[n], len(n), n))

    @property
    def cluster_ids(self) -> set[int]:
        return {e.cluster_id for e in self.entries}

    @property
    def cluster_names(self) -> list[str]:
        return sorted({e.cluster_name for e in self.entries})

    @property
    def spellings(self) -> list[str]:
        return sorted({e.name.strip() for e in self.entries})


@dataclass(frozen=True)
class Candidate:
    """An uncertain pair for the review queue."""

    a: Entry
    b: Entry
    reason: str  # "postcode" (same name, other postcode) or "similar" (similar names)
    similarity: float

    @property
    def keys(self) -> tuple[str, str]:
        return pair(self.a.key, self.b.key)


@dataclass
class Matching:
    organisations: list[Organisation]
    candidates: list[Candidate] = field(default_factory=list)

    def organisation_of(self) -> dict[int, Organisation]:
        return {entry.actor_id: org for org in self.organisations for entry in org.entries}


class _UnionFind:
    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _conflicting(registers_a: set[str], registers_b: set[str]) -> bool:
    """Two groups with register ids, none of them shared: different organisations."""
    return bool(registers_a) and bool(registers_b) and not registers_a & registers_b


# A token found in more names than this is no evidence that two names match (e.g. "institut", "technik").
BLOCKING_LIMIT = 50


def match(entries: list[Entry], decisions: dict[tuple[str, str], bool] | None = None) -> Matching:
    """Group entries into organisations (rules 1, 2 and the stored "same" decisions) and list the uncertain
    pairs (rule 3) that no decision covers yet. Deterministic: the order of `entries` does not matter."""
    decisions = decisions or {}
    entries = sorted(entries, key=lambda e: e.actor_id)
    keys = sorted({e.key for e in entries})
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_key[entry.key].append(entry)
    groups = _UnionFind(keys)
    registers: dict[str, set[str]] = {k: ({by_key[k][0].register} if by_key[k][0].register else set()) for k in keys}

    def join(a: str, b: str) -> None:
        root_a, root_b = groups.find(a), groups.find(b)
        if root_a != root_b:
            groups.union(root_a, root_b)
            registers[groups.find(a)] = registers[root_a] | registers[root_b]

    # Rule 1: equal register ids.
    by_register: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if by_key[key][0].register:
            by_register[by_key[key][0].register].append(key)
    for same in by_register.values():
        for other in same[1:]:
            join(same[0], other)
    # Rule 2: equal name and postcode (unless the register ids say otherwise).
    by_name_postcode: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in keys:
        first = by_key[key][0]
        if normalise_postcode(first.postcode):
            by_name_postcode[(first.normalised, normalise_postcode(first.postcode))].append(key)
    for same in by_name_postcode.values():
        for a, b in combinations(same, 2):
            if not _conflicting(registers[groups.find(a)], registers[groups.find(b)]):
                join(a, b)
    # Stored decisions "same organisation".
    for (a, b), same in sorted(decisions.items()):
        if same and a in by_key and b in by_key:
            join(a, b)

    # Rule 3: uncertain pairs, between keys of different groups.
    candidates: dict[tuple[str, str], Candidate] = {}

    def consider(a: str, b: str, reason: str, similarity: float) -> None:
        if groups.find(a) == groups.find(b) or pair(a, b) in decisions:
            return
        if _conflicting(registers[groups.find(a)], registers[groups.find(b)]):
            return
        existing = candidates.get(pair(a, b))
        if existing is None or (reason == "postcode" and existing.reason != "postcode"):
            first, second = sorted((by_key[a][0], by_key[b][0]), key=lambda e: e.key)
            candidates[pair(a, b)] = Candidate(first, second, reason, similarity)

    by_name: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_name[by_key[key][0].normalised].append(key)
    for same in by_name.values():
        for a, b in combinations(same, 2):
            consider(a, b, "postcode", 1.0)
    cores = {key: core_tokens(by_key[key][0].name) for key in keys}
    index: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for token in cores[key]:
            index[token].append(key)
    compared: set[tuple[str, str]] = set()
    for token in sorted(index):
        holders = index[token]
        if len(holders) > BLOCKING_LIMIT:
            continue
        for a, b in combinations(holders, 2):
            if (a, b) in compared or by_key[a][0].normalised == by_key[b][0].normalised:
                continue
            compared.add((a, b))
            similarity = token_similarity(cores[a], cores[b])
            if similarity >= SIMILARITY_THRESHOLD:
                consider(a, b, "similar", similarity)

    members: dict[str, list[Entry]] = defaultdict(list)
    for key in keys:
        members[groups.find(key)].extend(by_key[key])
    organisations = [Organisation(sorted(group, key=lambda e: e.actor_id)) for group in members.values()]
    organisations.sort(key=lambda o: (o.name.lower(), o.entries[0].actor_id))
    ordered = sorted(candidates.values(), key=lambda c: (c.reason != "postcode", -c.similarity, c.keys))
    return Matching(organisations, ordered)


# --- Reads -------------------------------------------------------------------------------------


ENTRY_FIELDS = ("pk", "application_id", "application__cluster_id", "application__cluster__name", "name", "category",
                "postcode", "city", "country", "register_id", "application__cluster__bundesland")


def actor_entries(actors: QuerySet[ClusterActor], *,
                  field_ids: dict[int, tuple[int, ...]] | None = None) -> list[Entry]:
    """Entries of the given actors in one query (the clusters' technology fields come from the caller)."""
    field_ids = field_ids or {}
    return [Entry(pk, application_id, cluster_id, cluster_name, name, category, postcode, city, country, register_id,
                  field_ids.get(cluster_id, ()), bundesland)
            for (pk, application_id, cluster_id, cluster_name, name, category, postcode, city, country, register_id,
                 bundesland) in actors.order_by("pk").values_list(*ENTRY_FIELDS)]


def stored_decisions() -> dict[tuple[str, str], bool]:
    return {(a, b): same for a, b, same in OrganisationDecision.objects.values_list("key_a", "key_b", "same")}
