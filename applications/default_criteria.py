"""The quality criteria the portal ships with. The official thresholds are not public: these are
labelled defaults (`is_default=True`) that staff replace in the admin."""

AREAS = [
    ("struktur", "Struktur und Zusammensetzung", [
        ("verbindliche-akteure", "Kritische Masse", "Mindestens 15 verbindlich eingebundene Clusterakteure.",
         "committed_actor_count", ">=", 15, "Akteure"),
        ("akteurstypen", "Vielfalt der Akteure", "Mindestens zwei verschiedene Akteurstypen.",
         "actor_type_count", ">=", 2, "Typen"),
        ("kmu-anteil", "Einbindung von KMU", "Mindestens 30 % der Akteure sind KMU.",
         "sme_share", ">=", 30, "%"),
        ("forschung", "Einbindung der Forschung", "Mindestens eine Hochschule oder Forschungseinrichtung.",
         "research_actor_count", ">=", 1, "Akteure"),
    ]),
    ("management", "Clustermanagement und Steuerung", [
        ("personal", "Personelle Ausstattung", "Mindestens 0,5 Vollzeitäquivalente im Clustermanagement.",
         "management_fte", ">=", "0.5", "VZÄ"),
        ("bestand", "Etablierung", "Das Clustermanagement besteht seit mindestens zwei Jahren.",
         "years_since_founding", ">=", 2, "Jahre"),
        ("finanzierung", "Finanzielle Tragfähigkeit",
         "Mindestens 20 % der Finanzierung stammen aus Mitgliedsbeiträgen, Projekten oder Dienstleistungen.",
         "non_public_funding_share", ">=", 20, "%"),
        ("gremien", "Steuerung", "Gremien, in denen die Akteure die Strategie mitbestimmen.", "", ">=", None, ""),
    ]),
    ("aktivitaeten", "Aktivitäten und Kooperationen", [
        ("dienstleistungen", "Dienstleistungsportfolio",
         "Ein bedarfsgerechtes Angebot an Dienstleistungen für die Clusterakteure.", "", ">=", None, ""),
        ("kooperationen", "Kooperationsprojekte", "Kooperationen zwischen den Akteuren, auch über das Cluster hinaus.",
         "", ">=", None, ""),
    ]),
    ("sichtbarkeit", "Sichtbarkeit und Wirkung", [
        ("international", "Internationale Ausrichtung",
         "Internationale Aktivitäten und ein Profil auf der ECCP-Plattform.", "", ">=", None, ""),
        ("wirkung", "Wirkung", "Nachvollziehbare Wirkungen für Akteure und Region.", "", ">=", None, ""),
    ]),
]


def seed(QualityArea, QualityCriterion):
    for area_order, (area_code, area_name, criteria) in enumerate(AREAS, start=1):
        area, _ = QualityArea.objects.get_or_create(code=area_code, defaults={"name": area_name, "order": area_order})
        for order, (code, title, requirement, metric, op, threshold, unit) in enumerate(criteria, start=1):
            QualityCriterion.objects.get_or_create(code=code, defaults={
                "area": area, "title": title, "requirement": requirement, "metric": metric, "operator": op,
                "threshold": threshold, "unit": unit, "is_default": True, "order": order,
            })
