"""Choices of the admission process, with their German labels and the named groups beside them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Eingereicht")
    CHANGES_REQUESTED = "changes_requested", _("Nachforderung")
    IN_REVIEW = "in_review", _("In Prüfung")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Aufnahmegespräch terminiert")
    INTERVIEW_HELD = "interview_held", _("Aufnahmegespräch geführt")
    VOTING = "voting", _("Abstimmung")
    DECISION_PENDING = "decision_pending", _("Entscheidung getroffen")
    ADMITTED = "admitted", _("Aufgenommen")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


FINAL_STATES = frozenset({ApplicationState.ADMITTED, ApplicationState.REJECTED, ApplicationState.WITHDRAWN})
OPEN_STATES = frozenset(set(ApplicationState) - FINAL_STATES)
# States in which the applicant may still edit the form.
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED})
# Cases that wait on the agency (as opposed to the applicant or the voters).
WAITING_ON_STAFF = frozenset({
    ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, ApplicationState.INTERVIEW_SCHEDULED,
    ApplicationState.INTERVIEW_HELD, ApplicationState.DECISION_PENDING,
})
WAITING_ON_APPLICANT = frozenset({ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED})


class Actor(models.TextChoices):
    """Who may take a transition."""

    CLUSTER_MANAGER = "cluster_manager", _("Clustermanagement")
    STAFF = "staff", _("Projektträger")
    SYSTEM = "system", _("automatisch")


class AdvisoryCallState(models.TextChoices):
    REQUESTED = "requested", _("angefragt")
    SCHEDULED = "scheduled", _("terminiert")
    HELD = "held", _("geführt")
    CANCELLED = "cancelled", _("abgesagt")
    NO_SHOW = "no_show", _("nicht erschienen")


class CallMode(models.TextChoices):
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")


class ActorCategory(models.TextChoices):
    SME = "sme", _("KMU")
    LARGE_COMPANY = "large_company", _("Großunternehmen")
    UNIVERSITY = "university", _("Hochschule/Institut")
    RESEARCH_INSTITUTE = "research_institute", _("außeruniversitäre Forschungseinrichtung")
    EDUCATION = "education", _("Bildungseinrichtung")
    CHAMBER = "chamber", _("Kammer/Verband")
    PUBLIC = "public", _("Wirtschaftsförderung/Kommune/öffentliche Einrichtung")
    INTERMEDIARY = "intermediary", _("Intermediär (Technologiepark, Inkubator, Beratung)")
    FINANCE = "finance", _("Finanzakteur")
    OTHER = "other", _("Sonstige")


RESEARCH_CATEGORIES = frozenset({ActorCategory.UNIVERSITY, ActorCategory.RESEARCH_INSTITUTE})


class Commitment(models.TextChoices):
    MEMBER = "member", _("Mitglied (verbindlich)")
    PARTNER = "partner", _("Partner")


class Metric(models.TextChoices):
    """Measurable quantities of an application that a criterion may compare with a threshold."""

    COMMITTED_ACTOR_COUNT = "committed_actor_count", _("Anzahl verbindlicher Akteure")
    ACTOR_COUNT = "actor_count", _("Anzahl Akteure insgesamt")
    SME_SHARE = "sme_share", _("KMU-Anteil an den Akteuren")
    RESEARCH_ACTOR_COUNT = "research_actor_count", _("Anzahl Forschungsakteure")
    ACTOR_TYPE_COUNT = "actor_type_count", _("Anzahl Akteurstypen")
    YEARS_SINCE_FOUNDING = "years_since_founding", _("Jahre seit Gründung")
    MANAGEMENT_FTE = "management_fte", _("Personal des Clustermanagements (VZÄ)")
    NON_PUBLIC_FUNDING_SHARE = "non_public_funding_share", _("Anteil nicht-öffentlicher Finanzierung")
    INTERNATIONAL_ACTOR_COUNT = "international_actor_count", _("Anzahl internationaler Akteure")


class Operator(models.TextChoices):
    GTE = ">=", _("mindestens")
    GT = ">", _("mehr als")
    LTE = "<=", _("höchstens")
    LT = "<", _("weniger als")


class CriterionStatus(models.TextChoices):
    PASS = "pass", _("erfüllt")
    FAIL = "fail", _("nicht erfüllt")
    NOT_COMPUTABLE = "not_computable", _("nicht berechenbar")


class Rating(models.TextChoices):
    MET = "met", _("erfüllt")
    PARTLY_MET = "partly_met", _("teilweise erfüllt")
    NOT_MET = "not_met", _("nicht erfüllt")


class Recommendation(models.TextChoices):
    ADMIT = "admit", _("Aufnahme empfohlen")
    ADMIT_WITH_CONDITIONS = "admit_with_conditions", _("Aufnahme mit Hinweisen empfohlen")
    REJECT = "reject", _("Ablehnung empfohlen")


class VotingBody(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium")
    BOARD = "board", _("Programmbegleitkreis")


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Zustimmung")
    REJECT = "reject", _("Ablehnung")
    ABSTAIN = "abstain", _("Enthaltung")


class Outcome(models.TextChoices):
    ADMITTED = "admitted", _("Aufnahme")
    REJECTED = "rejected", _("Ablehnung")
