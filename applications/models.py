"""The admission case and everything it is made of.

An `Application`'s state changes only through `workflow.apply_transition`: the field is protected,
so assigning it anywhere else raises.
"""

import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from applications.enums import (
    FINAL_STATES,
    ActorCategory,
    AdvisoryCallState,
    ApplicationState,
    CallMode,
    Commitment,
    Metric,
    Operator,
    Outcome,
    Rating,
    Recommendation,
    VoteChoice,
    VotingBody,
)
from gocluster.validators import no_control_characters
from members.models import Cluster

User = settings.AUTH_USER_MODEL
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def private_upload_path(instance, filename: str) -> str:
    """Uploaded files are stored under a generated name; the user's file name is never a path."""
    return f"{instance._meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def validate_phone(value: str) -> None:
    """A German phone number, loosely: digits, spaces, + / - ( ), and at least six digits."""
    if not re.fullmatch(r"[0-9+/()\- ]+", value) or sum(c.isdigit() for c in value) < 6:
        raise ValidationError(_("Bitte geben Sie eine Telefonnummer mit mindestens sechs Ziffern an, z. B. "
                                "+49 30 1234567 oder 030/1234567."), code="phone")


class AdvisoryCall(models.Model):
    """The mandatory advisory call (Beratungsgespräch) before an application."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="advisory_calls",
                                verbose_name=_("Cluster"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("angefragt von"))
    mode = models.CharField(_("Art"), max_length=10, choices=CallMode.choices, default=CallMode.VIDEO)
    preferred_slots = models.JSONField(_("Wunschtermine"), default=list, blank=True,
                                       help_text=_("ISO-Zeitpunkte, zwei bis drei Vorschläge"))
    topics = models.TextField(_("Themen"), blank=True)
    phone = models.CharField(_("Telefonnummer"), max_length=40, blank=True, validators=[validate_phone],
                             help_text=_("Unter dieser Nummer ruft die Geschäftsstelle an (Gespräch per Telefon)."))
    state = models.CharField(_("Status"), max_length=12, choices=AdvisoryCallState.choices,
                             default=AdvisoryCallState.REQUESTED)
    scheduled_at = models.DateTimeField(_("Termin"), null=True, blank=True)
    advisor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("Beraterin/Berater"))
    notes = models.TextField(_("Gesprächsnotizen"), blank=True)
    recommendation = models.TextField(_("Empfehlung"), blank=True)
    held_at = models.DateTimeField(_("geführt am"), null=True, blank=True)
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    cancelled_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("abgesagt von"))
    # The calendar entry's version (iCalendar SEQUENCE): raised by every move and the cancellation, so each
    # mail's .ics (and the portal's download) replaces the one before.
    sequence = models.PositiveIntegerField(_("Version des Kalendereintrags"), default=0)
    created_at = models.DateTimeField(_("angefragt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Beratungsgespräch")
        verbose_name_plural = _("Beratungsgespräche")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["cluster", "state", "held_at"]), models.Index(fields=["state", "scheduled_at"])]

    def __str__(self):
        return f"{_('Beratungsgespräch')} {self.cluster} ({self.get_state_display()})"


class CaseNumberSequence(models.Model):
    """The last case number handed out per year, so numbers are gap-free and never collide."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Application(FSMModelMixin, models.Model):
    case_number = models.CharField(_("Aktenzeichen"), max_length=20, unique=True, editable=False)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("Cluster"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("angelegt von"))
    state = FSMField(_("Status"), max_length=24, choices=ApplicationState.choices,
                     default=ApplicationState.DRAFT, protected=True)
    advisory_call = models.ForeignKey(AdvisoryCall, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="applications", verbose_name=_("Beratungsgespräch"))
    # The membership an admission started (members never import applications: the link lives here).
    membership = models.OneToOneField("members.Membership", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="application", verbose_name=_("Mitgliedschaft"))

    # Stages
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt bearbeitet"), auto_now=True)
    state_changed_at = models.DateTimeField(_("Status geändert am"), default=timezone.now)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("zur Prüfung angenommen am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    # The application form (Antragsformular)
    management_fte = models.DecimalField(
        _("Personal des Clustermanagements (Vollzeitäquivalente)"), max_digits=5, decimal_places=2,
        null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
    )
    annual_budget_eur = models.PositiveIntegerField(_("Jahresbudget des Clustermanagements (EUR)"),
                                                    null=True, blank=True)
    share_public_basic = models.PositiveSmallIntegerField(_("Öffentliche Grundfinanzierung (%)"), null=True,
                                                          blank=True, validators=PERCENT)
    share_member_fees = models.PositiveSmallIntegerField(_("Mitgliedsbeiträge (%)"), null=True, blank=True,
                                                         validators=PERCENT)
    share_project_funds = models.PositiveSmallIntegerField(_("Projektmittel (%)"), null=True, blank=True,
                                                           validators=PERCENT)
    share_service_revenue = models.PositiveSmallIntegerField(_("Erlöse aus Dienstleistungen (%)"), null=True,
                                                             blank=True, validators=PERCENT)
    governance_bodies = models.TextField(_("Gremien und Steuerung"), blank=True)
    services_offered = models.TextField(_("Angebotene Dienstleistungen"), blank=True)
    cooperations = models.TextField(_("Kooperationen"), blank=True)
    international_activities = models.TextField(_("Internationale Aktivitäten"), blank=True)
    goals = models.TextField(_("Ziele und Strategie"), blank=True)

    # The strategy document (Strategiedokument)
    strategy_document = models.FileField(_("Strategiedokument (PDF)"), upload_to=private_upload_path, blank=True)
    strategy_document_name = models.CharField(_("ursprünglicher Dateiname"), max_length=200, blank=True)
    strategy_document_pages = models.PositiveIntegerField(_("Seitenzahl"), null=True, blank=True)
    strategy_document_uploaded_at = models.DateTimeField(_("hochgeladen am"), null=True, blank=True)

    # Declarations (Erklärungen)
    declaration_truthful = models.BooleanField(_("Die Angaben sind vollständig und wahrheitsgemäß."), default=False)
    declaration_data_processing = models.BooleanField(
        _("Ich habe die Datenschutzhinweise gelesen und stimme der Verarbeitung zu."), default=False)
    declarations_accepted_at = models.DateTimeField(_("Erklärungen abgegeben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "state_changed_at"]),
                   models.Index(fields=["state", "updated_at"])]  # reminders: idle drafts
        constraints = [
            # One open application per cluster at a time (sorted: the migration holds the same list).
            models.UniqueConstraint(
                fields=["cluster"],
                condition=~models.Q(state__in=sorted(FINAL_STATES)),
                name="one_open_application_per_cluster",
                violation_error_message=_("Für diesen Cluster gibt es bereits einen offenen Antrag."),
            ),
        ]

    def __str__(self):
        return f"{self.case_number} – {self.cluster.name}"

    @transition(field=state, source="*", target=RETURN_VALUE(*ApplicationState.values))
    def _move_to(self, target: str) -> str:
        """The only way the state changes; called by `workflow.apply_transition` alone."""
        return target

    @property
    def financing_total(self) -> int | None:
        shares = (self.share_public_basic, self.share_member_fees, self.share_project_funds,
                  self.share_service_revenue)
        return None if any(s is None for s in shares) else sum(shares)


class ClusterActor(models.Model):
    """One row of the overview of the cluster's actors (Übersicht der Clusterakteure)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("Name"), max_length=200, validators=[no_control_characters])
    category = models.CharField(_("Kategorie"), max_length=24, choices=ActorCategory.choices)
    is_startup = models.BooleanField(_("Start-up"), default=False)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True,
                                validators=[RegexValidator(r"^[A-Za-z0-9 -]{3,10}$",
                                                           _("Bitte eine gültige Postleitzahl angeben."))])
    city = models.CharField(_("Ort"), max_length=100, validators=[no_control_characters])
    country = models.CharField(_("Land (ISO-Code)"), max_length=2, default="DE",
                               validators=[RegexValidator(r"^[A-Z]{2}$", _("Zwei Großbuchstaben, z. B. DE."))])
    commitment = models.CharField(_("Bindung"), max_length=10, choices=Commitment.choices, default=Commitment.MEMBER)
    joined_year = models.PositiveSmallIntegerField(_("Beitrittsjahr"), null=True, blank=True,
                                                   validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    website = models.URLField(_("Website"), blank=True)
    register_id = models.CharField(
        _("Registernummer/ROR"), max_length=80, blank=True,
        help_text=_("Optional: Registergericht und Nummer (z. B. Amtsgericht München HRB 12345) oder die ROR-ID "
                    "einer Forschungseinrichtung (z. B. https://ror.org/05591te55)."),
    )

    class Meta:
        verbose_name = _("Clusterakteur")
        verbose_name_plural = _("Clusterakteure")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class QualityArea(models.Model):
    code = models.SlugField(_("Kürzel"), unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Qualitätsbereich")
        verbose_name_plural = _("Qualitätsbereiche")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class QualityCriterion(models.Model):
    """A quality criterion with its minimum requirement. Thresholds are data that staff edit."""

    area = models.ForeignKey(QualityArea, on_delete=models.PROTECT, related_name="criteria",
                             verbose_name=_("Bereich"))
    code = models.SlugField(_("Kürzel"), unique=True)
    title = models.CharField(_("Kriterium"), max_length=200)
    requirement = models.TextField(_("Mindestanforderung"))
    metric = models.CharField(_("Messgröße"), max_length=40, choices=Metric.choices, blank=True)
    operator = models.CharField(_("Vergleich"), max_length=2, choices=Operator.choices, default=Operator.GTE)
    threshold = models.DecimalField(_("Schwellenwert"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("Einheit"), max_length=30, blank=True)
    is_default = models.BooleanField(
        _("Vorgabewert"), default=True,
        help_text=_("Gesetzt, solange der Schwellenwert ein mitgelieferter Vorgabewert und kein offizieller ist."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Qualitätskriterium")
        verbose_name_plural = _("Qualitätskriterien")
        ordering = ["area__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(metric="") | models.Q(threshold__isnull=False),
                name="criterion_with_metric_has_threshold",
            ),
        ]

    def __str__(self):
        return self.title


class Interview(models.Model):
    """The admission interview (Aufnahmegespräch); one per case, rescheduling moves it."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="interview")
    scheduled_at = models.DateTimeField(_("Termin"))
    location = models.CharField(_("Ort oder Video-Link"), max_length=300)
    interviewers = models.ManyToManyField(User, related_name="+", verbose_name=_("Gesprächsführung"))
    protocol = models.TextField(_("Protokoll"), blank=True)
    recommendation = models.CharField(_("Empfehlung"), max_length=24, choices=Recommendation.choices, blank=True)
    held_at = models.DateTimeField(_("geführt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    # iCalendar SEQUENCE of the one calendar entry per case: raised by every move, cancellation and new date.
    sequence = models.PositiveIntegerField(_("Version des Kalendereintrags"), default=0)

    class Meta:
        verbose_name = _("Aufnahmegespräch")
        verbose_name_plural = _("Aufnahmegespräche")
        indexes = [models.Index(fields=["scheduled_at"])]

    def __str__(self):
        return f"{_('Aufnahmegespräch')} {self.application.case_number}"


class InterviewAssessment(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("Bewertung"), max_length=12, choices=Rating.choices)
    note = models.TextField(_("Anmerkung"), blank=True)

    class Meta:
        verbose_name = _("Bewertung im Aufnahmegespräch")
        verbose_name_plural = _("Bewertungen im Aufnahmegespräch")
        constraints = [models.UniqueConstraint(fields=["interview", "criterion"], name="one_assessment_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.get_rating_display()}"


class VotingRound(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="voting_rounds")
    opened_at = models.DateTimeField(_("eröffnet am"), default=timezone.now)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(_("Frist"))
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    result = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices, blank=True)
    tally = models.JSONField(_("Auszählung"), default=dict, blank=True)
    # Who may vote and who counts: fixed when the round opens (a seat given later does not count here).
    electorate = models.ManyToManyField(User, through="Elector", related_name="+", verbose_name=_("Stimmberechtigte"))

    class Meta:
        verbose_name = _("Abstimmungsrunde")
        verbose_name_plural = _("Abstimmungsrunden")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["closed_at", "deadline"])]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(closed_at__isnull=True),
                                    name="one_open_round_per_application"),
        ]

    def __str__(self):
        return f"{_('Abstimmung')} {self.application.case_number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Elector(models.Model):
    """A member of a round's electorate with the body they vote in, as it stood when voting opened."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="electors")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("Person"))
    body = models.CharField(_("Gremium"), max_length=10, choices=VotingBody.choices)

    class Meta:
        verbose_name = _("Stimmberechtigte Person")
        verbose_name_plural = _("Stimmberechtigte")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_seat_per_round_and_user")]

    def __str__(self):
        return f"{self.user} ({self.get_body_display()})"


class Vote(models.Model):
    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="votes")
    body = models.CharField(_("Gremium"), max_length=10, choices=VotingBody.choices)
    choice = models.CharField(_("Votum"), max_length=10, choices=VoteChoice.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    cast_at = models.DateTimeField(_("abgegeben am"), default=timezone.now)
    changed_at = models.DateTimeField(_("geändert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="one_vote_per_voter_and_round")]

    def __str__(self):
        return f"{self.voter} – {self.get_choice_display()}"


class Recusal(models.Model):
    """A declared conflict of interest: the voter leaves the case and its quorum."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="recusals")
    reason = models.TextField(_("Grund"))
    declared_at = models.DateTimeField(_("erklärt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Befangenheit")
        verbose_name_plural = _("Befangenheiten")
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="one_recusal_per_case")]

    def __str__(self):
        return f"{self.user} – {self.application.case_number}"


class Decision(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    round = models.OneToOneField(VotingRound, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices)
    decided_at = models.DateTimeField(_("entschieden am"), default=timezone.now)
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    released_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Entscheidung")
        verbose_name_plural = _("Entscheidungen")

    def __str__(self):
        return f"{self.application.case_number}: {self.get_outcome_display()}"


class DecisionFeedback(models.Model):
    """Constructive feedback per criterion area for a rejected application."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="feedback")
    area = models.ForeignKey(QualityArea, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Rückmeldung"))

    class Meta:
        verbose_name = _("Rückmeldung je Bereich")
        verbose_name_plural = _("Rückmeldungen je Bereich")
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["decision", "area"], name="one_feedback_per_area")]

    def __str__(self):
        return f"{self.area}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit entries are append-only.")

    def delete(self):
        raise PermissionError("Audit entries are append-only.")


class AuditEntry(models.Model):
    """Append-only record of what happened: never updated, never deleted."""

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("durch"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="audit_entries")
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    object = GenericForeignKey("object_type", "object_id")
    action = models.CharField(_("Aktion"), max_length=60)
    from_state = models.CharField(_("von"), max_length=24, blank=True)
    to_state = models.CharField(_("nach"), max_length=24, blank=True)
    comment = models.TextField(_("Kommentar"), blank=True)
    visible_to_applicant = models.BooleanField(_("für Antragsteller sichtbar"), default=False)
    before = models.JSONField(_("vorher"), default=dict, blank=True)
    after = models.JSONField(_("nachher"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")


class InternalNote(models.Model):
    """A note of the agency on a case. Never shown to the applicant; writing one is audited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("von"))
    text = models.TextField(_("Notiz"))
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("interne Notiz")
        verbose_name_plural = _("interne Notizen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.application.case_number}: {self.text[:40]}"


class OrganisationDecision(models.Model):
    """A staff decision whether two actor entries of different lists are the same organisation.

    The pair is stored by the entries' organisation keys (`applications.selectors.organisations.organisation_key`),
    not by row ids, so a decision survives a re-import of an actor list. Written by
    `applications.services.organisations.organisation_decide` only, with an audit entry.
    """

    key_a = models.CharField(_("Schlüssel A"), max_length=400)
    key_b = models.CharField(_("Schlüssel B"), max_length=400)
    name_a = models.CharField(_("Name A"), max_length=200)
    name_b = models.CharField(_("Name B"), max_length=200)
    same = models.BooleanField(_("dieselbe Organisation"))
    decided_at = models.DateTimeField(_("entschieden am"), default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("entschieden von"))

    class Meta:
        verbose_name = _("Abgleich von Organisationen")
        verbose_name_plural = _("Abgleiche von Organisationen")
        ordering = ["-decided_at", "-id"]
        constraints = [
            # The service stores the pair in Python's code-point order (`organisations.pair`); no CHECK on it,
            # because PostgreSQL compares text in the database's collation, which orders differently.
            models.UniqueConstraint(fields=["key_a", "key_b"], name="one_decision_per_organisation_pair"),
        ]

    def __str__(self):
        return f"{self.name_a} / {self.name_b}: {_('gleich') if self.same else _('verschieden')}"


class CalendarFeed(models.Model):
    """A private calendar subscription: the URL carries a random token, of which only the SHA-256 is stored.

    A user has at most one active feed; revoking sets `revoked_at` and the URL answers 404 from then on.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(_("Prüfsumme des Schlüssels"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                    name="one_active_calendar_feed_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d.%m.%Y})"
