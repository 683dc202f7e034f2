"""Demo data of the members floor: one account per role, clusters. Idempotent; run by `manage.py seed_demo`."""

import functools

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from members.enums import Role
from members.models import User

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
    from django.utils.text import slugify

    from members.models import Cluster, TechnologyField

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
