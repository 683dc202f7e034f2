from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import PRIVILEGED_ROLES, Role
from .managers import UserManager


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
