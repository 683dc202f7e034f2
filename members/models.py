import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gocluster.numbers import format_euro
from gocluster.validators import no_control_characters, no_control_characters_multiline, validate_no_link
from members.enums import (
    PRIVILEGED_ROLES,
    Bundesland,
    CostShareKind,
    CostShareState,
    LabelLevel,
    MembershipStatus,
    Prerequisite,
    Role,
)
from members.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address. `role` says which area of the portal is theirs.

    `is_staff` only grants the Django admin; the agency's case workers have `role=staff`.
    """

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    # Named in mails to other people (invitations): no links.
    full_name = models.CharField(_("Vor- und Nachname"), max_length=200, validators=[validate_no_link])
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.CLUSTER_MANAGER)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("Zugang zur Administration"), default=False)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def needs_two_factor(self) -> bool:
        """Staff, ministry and board accounts, and every account that reaches the Django admin (is_staff) or
        holds every permission (is_superuser), whatever its role."""
        return self.role in PRIVILEGED_ROLES or self.is_staff or self.is_superuser

    @property
    def is_agency_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_cluster_manager(self) -> bool:
        return self.role == Role.CLUSTER_MANAGER


class TechnologyField(models.Model):
    """The editable taxonomy of technology fields (Technologiefelder) clusters work in."""

    name = models.CharField(_("Bezeichnung"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("Technologiefeld")
        verbose_name_plural = _("Technologiefelder")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cluster(models.Model):
    # Names travel into mails, letters and exports: no control characters, no links.
    name = models.CharField(_("Name des Clusters"), max_length=200,
                            validators=[no_control_characters, validate_no_link])
    acronym = models.CharField(_("Kurzbezeichnung"), max_length=40, blank=True,
                               validators=[no_control_characters, validate_no_link])
    management_organisation = models.CharField(_("Trägerorganisation des Clustermanagements"), max_length=200,
                                               validators=[no_control_characters, validate_no_link])
    legal_form = models.CharField(_("Rechtsform"), max_length=80, help_text=_("z. B. e. V., GmbH"),
                                  validators=[no_control_characters])
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, validators=[no_control_characters])
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))],
    )
    city = models.CharField(_("Ort"), max_length=100, validators=[no_control_characters])
    bundesland = models.CharField(_("Bundesland"), max_length=2, choices=Bundesland.choices)
    website = models.URLField(_("Website"), blank=True)
    eccp_profile_url = models.URLField(_("Profil auf der ECCP-Plattform"), blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("Gründungsjahr"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    technology_fields = models.ManyToManyField(
        TechnologyField, verbose_name=_("Technologiefelder"), related_name="clusters", blank=True
    )
    description = models.TextField(_("Kurzbeschreibung"), blank=True, validators=[no_control_characters_multiline])
    managers = models.ManyToManyField(User, verbose_name=_("Clustermanagement"), related_name="clusters", blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Cluster")
        verbose_name_plural = _("Cluster")
        ordering = ["name"]
        indexes = [models.Index(fields=["bundesland"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class ClaimState(models.TextChoices):
    PENDING = "pending", _("wartet auf Bestätigung")
    CONFIRMED = "confirmed", _("bestätigt")
    REJECTED = "rejected", _("abgelehnt")


class ClusterClaim(models.Model):
    """A manager asks to manage a cluster that already exists, naming it by its exact name and town; staff
    look up the matching cluster and confirm (the claimant never learns whether such a cluster exists)."""

    claimed_name = models.CharField(_("Name des Clusters (wie angegeben)"), max_length=200,
                                    validators=[no_control_characters])
    claimed_city = models.CharField(_("Ort (wie angegeben)"), max_length=100, validators=[no_control_characters])
    # Set by staff when they confirm the claim for one of the matching clusters.
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="claims", null=True, blank=True,
                                verbose_name=_("Cluster"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cluster_claims",
                             verbose_name=_("beantragt von"))
    message = models.TextField(_("Nachricht an die Geschäftsstelle"), blank=True)
    state = models.CharField(_("Status"), max_length=10, choices=ClaimState.choices, default=ClaimState.PENDING)
    created_at = models.DateTimeField(_("beantragt am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("entschieden von"))

    class Meta:
        verbose_name = _("Anspruch auf einen Cluster")
        verbose_name_plural = _("Ansprüche auf Cluster")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "claimed_name", "claimed_city"],
                                    condition=models.Q(state="pending"),
                                    name="one_pending_claim_per_name_city_and_user"),
        ]

    def __str__(self):
        return f"{self.user} → {self.claimed_name}, {self.claimed_city}"


class Invitation(models.Model):
    """A co-manager invited by email. The mail carries a link with a random token; only its hash is stored.
    Whoever opens the link, logged in as a cluster manager, accepts it with a button: once, before it expires."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="invitations",
                                verbose_name=_("Cluster"))
    email = models.EmailField(_("E-Mail-Adresse"))
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("eingeladen von"))
    created_at = models.DateTimeField(_("eingeladen am"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("angenommen von"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    expires_at = models.DateTimeField(_("gültig bis"))

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "email"], condition=models.Q(accepted_at__isnull=True),
                                    name="one_open_invitation_per_cluster_and_email"),
        ]

    def __str__(self):
        return f"{self.email} → {self.cluster}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


# --- After admission: membership, ECEI labels and Gold-label cost shares -----------------------



def member_upload_path(instance, filename: str) -> str:
    """Generated names only: the uploader's file name never becomes a path."""
    return f"{instance._meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Membership(models.Model):
    """A cluster's membership in go-cluster; its status changes are kept in `MembershipStatusChange`."""

    cluster = models.ForeignKey("members.Cluster", on_delete=models.PROTECT, related_name="memberships",
                                verbose_name=_("Cluster"))
    started_on = models.DateField(_("Mitglied seit"))
    status = models.CharField(_("Status"), max_length=16, choices=MembershipStatus.choices,
                              default=MembershipStatus.ACTIVE)
    notice_given_on = models.DateField(_("gekündigt am"), null=True, blank=True)
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    bronze_financed = models.BooleanField(
        _("Bronze-Benchmarking aus Programmmitteln"), default=False,
        help_text=_("Gesetzt bei Aufnahme, wenn der Cluster kein gültiges Label besaß."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("angelegt von"))

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster"], condition=~models.Q(status="ended"),
                                    name="one_current_membership_per_cluster",
                                    violation_error_message=_("Der Cluster ist bereits Mitglied.")),
        ]

    def __str__(self):
        return f"{self.cluster} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status != MembershipStatus.ENDED


class MembershipStatusChange(models.Model):
    """Append-only history of a membership: started, notice given, ended."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("Status"), max_length=16, choices=MembershipStatus.choices)
    effective_on = models.DateField(_("wirksam am"))
    comment = models.TextField(_("Bemerkung"), blank=True)
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("erfasst von"))

    class Meta:
        verbose_name = _("Statusänderung der Mitgliedschaft")
        verbose_name_plural = _("Statusänderungen der Mitgliedschaft")
        ordering = ["effective_on", "id"]

    def __str__(self):
        return f"{self.get_status_display()} {self.effective_on:%d.%m.%Y}"


class LabelRecord(models.Model):
    """An ECEI label (European Cluster Excellence Initiative) the cluster management holds."""

    cluster = models.ForeignKey("members.Cluster", on_delete=models.CASCADE, related_name="labels",
                                verbose_name=_("Cluster"))
    level = models.CharField(_("Stufe"), max_length=10, choices=LabelLevel.choices)
    assessed_on = models.DateField(_("Benchmarking/Assessment am"))
    valid_until = models.DateField(_("gültig bis"))
    financed_by_programme = models.BooleanField(_("aus Programmmitteln finanziert"), default=False)
    certificate = models.FileField(_("Zertifikat (PDF)"), upload_to=member_upload_path, blank=True)
    certificate_name = models.CharField(_("ursprünglicher Dateiname"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("erfasst von"))

    class Meta:
        verbose_name = _("Label")
        verbose_name_plural = _("Labels")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["cluster", "valid_until"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("assessed_on")),
                                   name="label_valid_after_assessment"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.assessed_on:%m/%Y})"

    def is_valid_on(self, day) -> bool:
        return self.assessed_on <= day <= self.valid_until


class CostShareTariff(models.Model):
    """The amount of the Gold-label cost share, valid from a date until the next tariff of its kind."""

    kind = models.CharField(_("Art"), max_length=16, choices=CostShareKind.choices)
    valid_from = models.DateField(_("gültig ab"))
    amount = models.DecimalField(_("Betrag (EUR, netto)"), max_digits=9, decimal_places=2,
                                 validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("Tarif des Kostenanteils")
        verbose_name_plural = _("Tarife des Kostenanteils")
        ordering = ["kind", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="one_tariff_per_kind_and_day")]

    def __str__(self):
        return f"{self.get_kind_display()} ab {self.valid_from:%d.%m.%Y}: {format_euro(self.amount)}"


class CostShareBudget(models.Model):
    """The yearly pool from which cost shares are approved; approvals never exceed `total`."""

    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    total = models.DecimalField(_("Budget (EUR)"), max_digits=11, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("Budget für Kostenanteile")
        verbose_name_plural = _("Budgets für Kostenanteile")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {format_euro(self.total)}"


class CostShareRequest(models.Model):
    """A member's request for a share of the Gold-label cost (programme rule 8)."""

    cluster = models.ForeignKey("members.Cluster", on_delete=models.PROTECT, related_name="cost_share_requests",
                                verbose_name=_("Cluster"))
    kind = models.CharField(_("Art der Zertifizierung"), max_length=16, choices=CostShareKind.choices)
    requested_on = models.DateField(_("beantragt am"))
    planned_start = models.DateField(_("geplanter Beginn des Zertifizierungsprozesses"))
    no_other_cost_share = models.BooleanField(_("keine andere Kostenbeteiligung Dritter"), default=False)
    prerequisite = models.CharField(_("Voraussetzung"), max_length=16, choices=Prerequisite.choices)
    prerequisite_on = models.DateField(_("abgeschlossen/zertifiziert am"))
    evidence = models.FileField(_("Nachweis (PDF)"), upload_to=member_upload_path, blank=True)
    evidence_name = models.CharField(_("ursprünglicher Dateiname"), max_length=200, blank=True)
    tariff = models.ForeignKey(CostShareTariff, on_delete=models.PROTECT, related_name="+", verbose_name=_("Tarif"))
    amount = models.DecimalField(_("Betrag (EUR, netto)"), max_digits=9, decimal_places=2)
    budget_year = models.PositiveSmallIntegerField(_("Budgetjahr"))
    state = models.CharField(_("Status"), max_length=12, choices=CostShareState.choices,
                             default=CostShareState.SUBMITTED)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("beantragt von"))
    waitlisted_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("entschieden von"))
    decision_note = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Antrag auf Kostenanteil (Gold-Label)")
        verbose_name_plural = _("Anträge auf Kostenanteil (Gold-Label)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["budget_year", "state"])]

    def __str__(self):
        return f"{self.reference} – {self.cluster}"

    @property
    def reference(self) -> str:
        """The number in letters and mails, e.g. `KA-2026-0007`."""
        return f"KA-{self.budget_year}-{self.pk:04d}"


class WaitlistPromotion(models.Model):
    """Append-only record of one "let the wait list move up" by staff: who, when, which budget, which requests.

    Moving up approves requests and sends decision letters, so it is an explicit step of its own, never a
    side effect of changing a budget or of another request being withdrawn or rejected."""

    year = models.PositiveSmallIntegerField(_("Budgetjahr"))
    promoted_at = models.DateTimeField(_("am"), default=timezone.now)
    promoted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("durch"))
    budget_total = models.DecimalField(_("Budget (EUR)"), max_digits=11, decimal_places=2)
    available_before = models.DecimalField(_("verfügbar vorher (EUR)"), max_digits=11, decimal_places=2)
    requests = models.ManyToManyField(CostShareRequest, related_name="+", verbose_name=_("nachgerückte Anträge"))

    class Meta:
        verbose_name = _("Nachrücken von der Warteliste")
        verbose_name_plural = _("Nachrücken von der Warteliste")
        ordering = ["-promoted_at", "-id"]

    def __str__(self):
        return f"{self.year}: {self.promoted_at:%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Wait-list records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Wait-list records are append-only.")
