from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import PRIVILEGED_ROLES, Bundesland, Role
from members.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address. `role` says which area of the portal is theirs.

    `is_staff` only grants the Django admin; the agency's case workers have `role=staff`.
    """

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(_("Vor- und Nachname"), max_length=200)
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
        return self.role in PRIVILEGED_ROLES or self.is_superuser

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
    name = models.CharField(_("Name des Clusters"), max_length=200)
    acronym = models.CharField(_("Kurzbezeichnung"), max_length=40, blank=True)
    management_organisation = models.CharField(_("Trägerorganisation des Clustermanagements"), max_length=200)
    legal_form = models.CharField(_("Rechtsform"), max_length=80, help_text=_("z. B. e. V., GmbH"))
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))],
    )
    city = models.CharField(_("Ort"), max_length=100)
    bundesland = models.CharField(_("Bundesland"), max_length=2, choices=Bundesland.choices)
    website = models.URLField(_("Website"), blank=True)
    eccp_profile_url = models.URLField(_("Profil auf der ECCP-Plattform"), blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("Gründungsjahr"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    technology_fields = models.ManyToManyField(
        TechnologyField, verbose_name=_("Technologiefelder"), related_name="clusters", blank=True
    )
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
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
    """A manager asks to manage a cluster that already exists; staff confirm it."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="claims", verbose_name=_("Cluster"))
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
            models.UniqueConstraint(fields=["cluster", "user"], condition=models.Q(state="pending"),
                                    name="one_pending_claim_per_cluster_and_user"),
        ]

    def __str__(self):
        return f"{self.user} → {self.cluster}"


class Invitation(models.Model):
    """A co-manager invited by email; accepted when a user with that verified address logs in."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="invitations",
                                verbose_name=_("Cluster"))
    email = models.EmailField(_("E-Mail-Adresse"))
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("eingeladen von"))
    created_at = models.DateTimeField(_("eingeladen am"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("angenommen von"))

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
# Memberships, labels and cost shares: kept in their own module so this one stays short.
from members.member_models import (  # noqa: E402
    CostShareBudget,
    CostShareRequest,
    CostShareTariff,
    LabelRecord,
    Membership,
    MembershipStatusChange,
)

__all__ = [
    "Cluster", "CostShareBudget", "CostShareRequest", "CostShareTariff", "LabelRecord", "Membership",
    "MembershipStatusChange", "TechnologyField", "User",
]
