"""Choices of the members floor: roles, Bundesländer, labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLUSTER_MANAGER = "cluster_manager", _("Clustermanagement")
    STAFF = "staff", _("Projektträger (VDI/VDE-IT)")
    MINISTRY = "ministry", _("Ministerium")
    BOARD = "board", _("Programmbegleitkreis")


# Roles whose accounts must use two-factor authentication (DESIGN.md, "Who uses it").
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.MINISTRY, Role.BOARD})
VOTER_ROLES = frozenset({Role.MINISTRY, Role.BOARD})


class Bundesland(models.TextChoices):
    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class LabelLevel(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silber")
    GOLD = "gold", _("Gold")
