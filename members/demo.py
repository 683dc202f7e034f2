"""Demo data of the members floor: one account per role, clusters. Idempotent; run by `manage.py seed_demo`."""

import functools
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from members.enums import Prerequisite, Role
from members.models import Cluster, CostShareBudget, LabelRecord, Membership, TechnologyField, User
from members.selectors.eligibility import add_months, label_valid_until
from members.services import memberships

DEMO_PASSWORD = "go-cluster-demo"  # noqa: S105 - documented demo password, local only

DEMO_ACCOUNTS = [
    ("manager@example.org", "Maria Manager", Role.CLUSTER_MANAGER, False),
    ("staff@example.org", "Stefan Sachbearbeiter", Role.STAFF, False),
    ("ministry@example.org", "Dr. Miriam Ministerium", Role.MINISTRY, False),
    ("board1@example.org", "Prof. Bernd Beirat", Role.BOARD, False),
    ("board2@example.org", "Dr. Beate Brandt", Role.BOARD, False),
    ("board3@example.org", "Björn Bauer", Role.BOARD, False),
    ("board4@example.org", "Dr. Barbara Berg", Role.BOARD, False),
    ("board5@example.org", "Benedikt Busch", Role.BOARD, False),
    ("admin@example.org", "Anna Admin", Role.STAFF, True),
]


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo accounts share one hash of the same password.
    return make_password(DEMO_PASSWORD)


def ensure_demo_user(email: str, full_name: str, role: str, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name, "role": role})
    if created:
        user.password = _demo_password_hash()
    user.full_name, user.role = full_name, role
    user.is_staff = user.is_superuser = superuser
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed_accounts() -> dict[str, User]:
    return {email: ensure_demo_user(email, name, role, superuser) for email, name, role, superuser in DEMO_ACCOUNTS}


TECHNOLOGY_FIELDS = [
    "Medizintechnik", "Wasserstoff und Energie", "Photonik und Optik", "Mobilität", "Bioökonomie",
    "Kunststoff und Werkstoffe", "IT-Sicherheit", "Maritime Wirtschaft", "Digitale Gesundheit",
    "Energiespeicher", "Leichtbau", "Ernährungswirtschaft", "Künstliche Intelligenz", "Produktionstechnik",
]

# name, acronym, organisation, legal form, street, postcode, city, Bundesland, founded, fields, manager
DEMO_CLUSTERS = [
    ("Medizintechnik-Cluster Rhein-Neckar", "MTRN", "MedTech Rhein-Neckar e. V.", "e. V.", "Im Neuenheimer Feld 582",
     "69120", "Heidelberg", "BW", 2009, ["Medizintechnik", "Digitale Gesundheit"], "manager@example.org"),
    ("Wasserstoff-Allianz Nord", "H2N", "Wasserstoff-Allianz Nord GmbH", "GmbH", "Am Sandtorkai 50", "20457",
     "Hamburg", "HH", 2017, ["Wasserstoff und Energie", "Maritime Wirtschaft"], "h2n@example.org"),
    ("Photonik-Netzwerk Thüringen", "PhoNeT", "Photonik Thüringen e. V.", "e. V.", "Hans-Knöll-Straße 6", "07745",
     "Jena", "TH", 2001, ["Photonik und Optik", "Produktionstechnik"], "phonet@example.org"),
    ("Smart Mobility Cluster Sachsen", "SMCS", "Mobilität Sachsen e. V.", "e. V.", "Bergstraße 70", "01069",
     "Dresden", "SN", 2012, ["Mobilität", "Künstliche Intelligenz"], "smcs@example.org"),
    ("Bioökonomie-Cluster Mitteldeutschland", "BCM", "BioEconomy Mitteldeutschland e. V.", "e. V.",
     "Weinbergweg 23", "06120", "Halle (Saale)", "ST", 2012, ["Bioökonomie"], "bcm@example.org"),
    ("Kunststoff-Cluster Franken", "KCF", "Kunststoff-Netzwerk Franken e. V.", "e. V.", "Dr.-Mack-Straße 81",
     "90762", "Fürth", "BY", 2006, ["Kunststoff und Werkstoffe", "Leichtbau"], "kcf@example.org"),
    ("Cybersicherheit Rhein-Main", "CyRM", "Cyber Security Rhein-Main GmbH", "GmbH", "Rheinstraße 75", "64295",
     "Darmstadt", "HE", 2015, ["IT-Sicherheit", "Künstliche Intelligenz"], "cyrm@example.org"),
    ("Maritime Technologien Kiel", "MTK", "Maritimes Cluster Kiel e. V.", "e. V.", "Wischhofstraße 1-3", "24148",
     "Kiel", "SH", 2011, ["Maritime Wirtschaft"], "mtk@example.org"),
    ("Digitale Gesundheit Berlin-Brandenburg", "DGBB", "HealthTech Hauptstadtregion e. V.", "e. V.",
     "Invalidenstraße 113", "10115", "Berlin", "BE", 2016, ["Digitale Gesundheit", "Medizintechnik"],
     "dgbb@example.org"),
    ("Energiespeicher-Netzwerk Niedersachsen", "ESNN", "Energiespeicher Niedersachsen e. V.", "e. V.",
     "Am Stollen 19A", "38640", "Goslar", "NI", 2014, ["Energiespeicher", "Wasserstoff und Energie"],
     "esnn@example.org"),
    ("Leichtbau-Allianz Ruhr", "LAR", "Leichtbau Ruhr GmbH", "GmbH", "Friedrich-Ebert-Straße 75", "45127", "Essen",
     "NW", 2013, ["Leichtbau", "Produktionstechnik"], "lar@example.org"),
    ("Ernährungswirtschaft Mecklenburg-Vorpommern", "ErMV", "Agrarmarketing Mecklenburg-Vorpommern e. V.",
     "e. V.", "Trockener Weg 1B", "17034", "Neubrandenburg", "MV", 2008, ["Ernährungswirtschaft", "Bioökonomie"],
     "manager@example.org"),
]


def seed_clusters() -> list:
    """The demo clusters with their technology fields and managers (a cluster's manager by its email)."""


    fields = {}
    for name in TECHNOLOGY_FIELDS:
        fields[name], _ = TechnologyField.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    clusters = []
    for (name, acronym, organisation, legal_form, street, postcode, city, land, founded, field_names,
         manager_email) in DEMO_CLUSTERS:
        cluster, created = Cluster.objects.get_or_create(name=name, defaults={
            "acronym": acronym, "management_organisation": organisation, "legal_form": legal_form,
            "street": street, "postcode": postcode, "city": city, "bundesland": land, "year_founded": founded,
            "website": f"https://{acronym.lower()}.example.org",
            "description": f"{name}: Netzwerk aus Unternehmen, Forschung und Kommunen in {city} und Umgebung.",
        })
        if created:
            cluster.technology_fields.set([fields[f] for f in field_names])
            manager = User.objects.filter(email=manager_email).first() or ensure_demo_user(
                manager_email, f"Clustermanagement {acronym}", Role.CLUSTER_MANAGER)
            cluster.managers.add(manager)
        clusters.append(cluster)
    return clusters


# Members that joined before the portal: name, acronym, city, Bundesland, postcode, fields, joined months ago,
# labels as (level, assessed months ago, financed by the programme).
DEMO_MEMBERS = [
    ("Automotive-Cluster Südwest", "ACS", "Stuttgart", "BW", "70173", ["Mobilität", "Produktionstechnik"], 30,
     [("gold", 10, False)]),
    ("Optik-Netzwerk Bayern", "ONB", "München", "BY", "80333", ["Photonik und Optik"], 40,
     [("bronze", 38, True), ("silver", 8, False)]),
    ("Life Science Nord", "LSN", "Hamburg", "HH", "20095", ["Medizintechnik", "Bioökonomie"], 28,
     [("bronze", 27, True)]),
    ("Energieregion Lausitz", "ERL", "Cottbus", "BB", "03046", ["Energiespeicher", "Wasserstoff und Energie"], 14,
     [("bronze", 13, True)]),
    ("Saar-Werkstoffcluster", "SWC", "Saarbrücken", "SL", "66111", ["Kunststoff und Werkstoffe"], 6, []),
    ("Digitalwirtschaft Rhein-Ruhr", "DRR", "Dortmund", "NW", "44135", ["Künstliche Intelligenz", "IT-Sicherheit"],
     50, [("silver", 20, False), ("gold", 60, False)]),
    ("Agrar- und Ernährungscluster Weser-Ems", "AEWE", "Oldenburg", "NI", "26122", ["Ernährungswirtschaft"], 20,
     [("silver", 2, False)]),
]


def _months_ago(today, months):

    return add_months(today, -months)


def seed_members(clusters: list) -> int:
    """Members with labels in every Silver status, a budget and cost-share requests in every state. Idempotent."""



    today = timezone.localdate()
    staff = User.objects.get(email="staff@example.org")
    CostShareBudget.objects.get_or_create(year=today.year, defaults={"total": Decimal("12000.00")})
    created = 0
    members = []
    for name, acronym, city, land, postcode, field_names, joined, labels in DEMO_MEMBERS:
        cluster, new = Cluster.objects.get_or_create(name=name, defaults={
            "acronym": acronym, "management_organisation": f"{name} e. V.", "legal_form": "e. V.",
            "street": "Marktplatz 1", "postcode": postcode, "city": city, "bundesland": land, "year_founded": 2010,
            "website": f"https://{acronym.lower()}.example.org",
            "description": f"{name}: Clustermanagement für Unternehmen und Forschung in {city}."})
        if new:
            fields = [TechnologyField.objects.get_or_create(slug=slugify(f), defaults={"name": f})[0]
                      for f in field_names]
            cluster.technology_fields.set(fields)
            cluster.managers.add(ensure_demo_user(f"{acronym.lower()}@example.org", f"Clustermanagement {acronym}",
                                                  Role.CLUSTER_MANAGER))
        members.append((cluster, joined, labels))
    # The demo manager's second cluster is a member too, so the cost-share form can be tried.
    ermv = Cluster.objects.filter(acronym="ErMV").first()
    if ermv:
        members.append((ermv, 18, [("bronze", 17, True)]))
    for cluster, joined, labels in members:
        if Membership.objects.filter(cluster=cluster).exists():
            continue
        for level, months, financed in labels:
            assessed = _months_ago(today, months)
            # Gold: as on the certificate (three years in the demo).
            valid_until = label_valid_until(level, assessed) or assessed + timedelta(days=3 * 365)
            LabelRecord.objects.create(cluster=cluster, level=level, assessed_on=assessed, valid_until=valid_until,
                                       financed_by_programme=financed, created_by=staff)
        memberships.membership_start(cluster=cluster, started_on=_months_ago(today, joined), by=staff)
        created += 1
    if created:
        _seed_cost_shares(today, staff, Prerequisite)
    return created


def _seed_cost_shares(today, staff, prerequisite) -> None:


    def request(acronym, kind, prereq, months_ago):
        cluster = Cluster.objects.get(acronym=acronym)
        return memberships.cost_share_request_submit(
            cluster=cluster, by=cluster.managers.first(), kind=kind, planned_start=today + timedelta(days=60),
            prerequisite=prereq, prerequisite_on=_months_ago(today, months_ago), no_other_cost_share=True)

    approved = request("ONB", "first", prerequisite.SILVER, 8)
    memberships.cost_share_approve(request=approved, by=staff, note="")
    second = request("ACS", "recertification", prerequisite.GOLD, 10)
    memberships.cost_share_approve(request=second, by=staff, note="")
    waiting = request("AEWE", "first", prerequisite.SILVER, 2)
    memberships.cost_share_waitlist(request=waiting, by=staff, note="Das Budget des Jahres ist ausgeschöpft.")
    rejected = request("DRR", "recertification", prerequisite.ISO9001, 30)
    memberships.cost_share_reject(request=rejected, by=staff,
                               note="Für die Zertifizierung besteht bereits eine Förderung des Landes.")
    withdrawn = request("DRR", "first", prerequisite.SILVER, 20)
    memberships.cost_share_withdraw(request=withdrawn, by=withdrawn.requested_by)
    request("LSN", "first", prerequisite.ISO9001, 12)  # submitted, waiting for a decision
