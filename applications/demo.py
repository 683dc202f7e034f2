"""Demo cases: one application in every state, walked through the real workflow. Idempotent."""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.enums import ActorCategory, ApplicationState as S, Commitment, Rating, Recommendation, VoteChoice
from applications.models import ClusterActor, QualityArea, QualityCriterion
from applications.services import calls, cases, voting
from applications.services.workflow import apply_transition
from gocluster.pdf import render_pdf_from_html
from members.models import Cluster, User

FORM = {
    "management_fte": "2.50", "annual_budget_eur": 420_000, "share_public_basic": 35, "share_member_fees": 25,
    "share_project_funds": 30, "share_service_revenue": 10,
    "governance_bodies": "Mitgliederversammlung, Vorstand mit Vertretern aus Wirtschaft und Wissenschaft, "
                         "Strategiebeirat.",
    "services_offered": "Matchmaking, Fachgruppen, Fördermittelberatung, Weiterbildung, Messebeteiligungen.",
    "cooperations": "Zwölf laufende Verbundprojekte; Kooperation mit zwei Nachbarclustern.",
    "international_activities": "Profil auf der ECCP-Plattform, Delegationsreisen, Partnerschaft mit einem "
                                "französischen Pôle de compétitivité.",
    "goals": "Bis 2030 doppelt so viele KMU in Verbundprojekten; Aufbau eines Transferzentrums.",
    "declaration_truthful": True, "declaration_data_processing": True,
}

ACTOR_NAMES = {
    ActorCategory.SME: ["Präzisionstechnik Müller GmbH", "Sensorik Weber GmbH", "Kunze Software GmbH",
                        "Hoffmann Anlagenbau GmbH", "Becker Optronics GmbH", "Schulz Messtechnik KG",
                        "Neumann Automation GmbH", "Lange Werkstoffe GmbH", "Fischer Datensysteme GmbH",
                        "Krüger Elektronik GmbH"],
    ActorCategory.LARGE_COMPANY: ["Nordwerk AG", "Rheinmetallbau SE", "Südchemie Holding AG"],
    ActorCategory.UNIVERSITY: ["Technische Hochschule", "Universität – Institut für Produktionstechnik"],
    ActorCategory.RESEARCH_INSTITUTE: ["Fraunhofer-Institut (Außenstelle)", "Leibniz-Institut für Werkstoffe"],
    ActorCategory.CHAMBER: ["Industrie- und Handelskammer"],
    ActorCategory.PUBLIC: ["Wirtschaftsförderung der Stadt"],
    ActorCategory.INTERMEDIARY: ["Technologie- und Gründerzentrum"],
}

# Which demo cluster (by acronym) gets a case in which state.
STATE_OF_CLUSTER = {
    "MTRN": S.DRAFT, "H2N": S.SUBMITTED, "PhoNeT": S.ADMITTED, "SMCS": S.CHANGES_REQUESTED, "BCM": S.IN_REVIEW,
    "KCF": S.INTERVIEW_SCHEDULED, "CyRM": S.INTERVIEW_HELD, "MTK": S.VOTING, "DGBB": S.DECISION_PENDING,
    "ESNN": S.REJECTED, "LAR": S.WITHDRAWN,
}
ORDER = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INTERVIEW_SCHEDULED, S.INTERVIEW_HELD, S.VOTING, S.DECISION_PENDING]


def _demo_pdf(title: str, pages: int = 4) -> bytes:
    body = "".join(f"<section><h1>{title}</h1><p>Kapitel {n}: Strategie, Ziele und Maßnahmen.</p></section>"
                   for n in range(1, pages + 1))
    head = f"<title>{title}</title><style>section {{ page-break-after: always; }}</style>"
    return render_pdf_from_html(f'<html lang="de"><head>{head}</head><body>{body}</body></html>')


def _actors(application, rng):
    rows = []
    for category, names in ACTOR_NAMES.items():
        for name in names:
            city = application.cluster.city
            rows.append(ClusterActor(
                application=application, name=f"{name} {city}" if category != ActorCategory.SME else name,
                category=category, is_startup=rng.random() < 0.15, postcode=application.cluster.postcode,
                city=city, country="DE", commitment=Commitment.MEMBER if rng.random() < 0.85 else Commitment.PARTNER,
                joined_year=rng.randint(application.cluster.year_founded, 2025),
            ))
    ClusterActor.objects.bulk_create(rows)


def _case(cluster: Cluster, state: str, people: dict, rng) -> None:
    manager, staff = cluster.managers.first(), people["staff"]
    call = calls.advisory_call_request(cluster=cluster, by=manager, mode="video",
                                          preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    if state == S.DRAFT and cluster.acronym != "MTRN":
        return
    call = calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(hours=1),
                                           advisor=staff, mode="video")
    calls.advisory_call_hold(call=call, by=staff, notes="Kriterien und Zeitplan besprochen.",
                                recommendation="Antrag stellen; Akteursliste vervollständigen.")
    application = cases.application_start(cluster=cluster, by=manager)
    for name, value in FORM.items():
        setattr(application, name, value)
    application.strategy_document.save("strategie.pdf", ContentFile(_demo_pdf(cluster.name)), save=False)
    application.strategy_document_name = f"Strategie {cluster.acronym} 2026.pdf"
    application.strategy_document_pages = 4
    application.strategy_document_uploaded_at = timezone.now()
    application.save()
    _actors(application, rng)
    if state == S.DRAFT:
        return
    if state == S.WITHDRAWN:
        apply_transition(application=application, name="withdraw", by=manager,
                         comment="Wir reichen nach der Strategieüberarbeitung erneut ein.")
        return
    application = apply_transition(application=application, name="submit", by=manager)
    if state == S.CHANGES_REQUESTED:
        apply_transition(application=application, name="request_changes", by=staff,
                         comment="Bitte ergänzen Sie die Beitrittsjahre der Akteure und die aktuelle Satzung.")
        return
    target = ORDER.index(state) if state in ORDER else len(ORDER)
    assessments = {c.pk: (Rating.MET if rng.random() < 0.8 else Rating.PARTLY_MET, "")
                   for c in QualityCriterion.objects.filter(active=True)}
    steps = [
        (S.IN_REVIEW, "accept_for_review", {}),
        (S.INTERVIEW_SCHEDULED, "schedule_interview", {
            "scheduled_at": timezone.now() + timedelta(days=rng.randint(3, 20), hours=2),
            "location": "Videokonferenz (Link folgt)", "interviewers": [staff]}),
        (S.INTERVIEW_HELD, "record_interview", {
            "protocol": "Das Clustermanagement stellte Strategie und Angebote überzeugend dar.",
            "recommendation": Recommendation.ADMIT, "assessments": assessments}),
        (S.VOTING, "open_voting", {"deadline": timezone.now() + timedelta(days=10)}),
    ]
    for step_state, name, data in steps:
        if ORDER.index(step_state) > target:
            return
        application = apply_transition(application=application, name=name, by=staff, **data)
    choice = VoteChoice.REJECT if state == S.REJECTED else VoteChoice.APPROVE
    board = people["board"]
    voting.vote_cast(application=application, voter=people["ministry"], choice=choice,
                       reason="Votum des Ministeriums")
    # A round closes before its deadline only once every member of its electorate has voted.
    voters = board[:2] if state == S.VOTING else board
    for member in voters:
        voting.vote_cast(application=application, voter=member, choice=choice, reason="Nach Aktenlage")
    if state == S.VOTING:
        return
    # Not every board member voted: staff close the round anyway, as the close form lets them confirm.
    application = apply_transition(application=application, name="close_voting", by=staff,
                                   close_despite_missing=True)
    if state == S.DECISION_PENDING:
        return
    feedback = {area.pk: f"Im Bereich „{area.name}“ empfehlen wir, die Angaben mit Kennzahlen zu belegen."
                for area in QualityArea.objects.all()}
    apply_transition(application=application, name="release_decision", by=staff, feedback=feedback)


def seed_cases(clusters: list[Cluster]) -> int:
    people = {
        "staff": User.objects.get(email="staff@example.org"),
        "ministry": User.objects.get(email="ministry@example.org"),
        "board": list(User.objects.filter(email__startswith="board").order_by("email")),
    }
    rng = random.Random(2026)
    created = 0
    for cluster in clusters:
        if cluster.applications.exists() or cluster.advisory_calls.exists():
            continue
        _case(cluster, STATE_OF_CLUSTER.get(cluster.acronym, S.DRAFT), people, rng)
        created += 1
    return created
