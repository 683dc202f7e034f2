"""Choices of the members floor: roles, Bundesländer, labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLUSTER_MANAGER = "cluster_manager", _("Clustermanagement")
    STAFF = "staff", _("Projektträger (VDI/VDE-IT)")
    MINISTRY = "ministry", _("Ministerium")
    BOARD = "board", _("Programmbegleitkreis")


# Roles whose accounts must use two-factor authentication (docs/product.md, "Roles").
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


# Rank of a label level, for "the best valid label".
LABEL_RANK = {LabelLevel.BRONZE: 1, LabelLevel.SILVER: 2, LabelLevel.GOLD: 3}


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("aktiv")
    NOTICE_GIVEN = "notice_given", _("gekündigt")
    ENDED = "ended", _("beendet")


class SilverStatus(models.TextChoices):
    """Where a member stands on the obligation to reach the Silver label within two years.

    `due` means "still to be reached, the date has not passed": "offen", not "fällig" (which says the date is
    today or past); on the due date itself the badge says "heute fällig" (SilverObligation.label)."""

    MET = "met", _("erfüllt")
    DUE = "due", _("offen")
    OVERDUE = "overdue", _("überfällig")
    NOT_REQUIRED = "not_required", _("nicht erforderlich (gültiges Gold-Label)")


class CostShareKind(models.TextChoices):
    FIRST = "first", _("Erstzertifizierung")
    RECERTIFICATION = "recertification", _("Rezertifizierung")


class CostShareState(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")
    WAITLISTED = "waitlisted", _("auf der Warteliste")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


OPEN_COST_SHARE_STATES = frozenset({CostShareState.SUBMITTED, CostShareState.WAITLISTED})


class Prerequisite(models.TextChoices):
    SILVER = "silver", _("Silber-Label-Prozess abgeschlossen")
    GOLD = "gold", _("Gold-Label-Prozess in den letzten vier Jahren")
    ISO9001 = "iso9001", _("ISO-9001-Zertifizierung in den letzten vier Jahren")
