"""Numbers and money the German way: one parser for every number field, one formatter for pages and messages.

Input: `.` (or a space, no-break space, narrow no-break space) separates thousands, `,` separates the
decimals: `480.000`, `480 000`, `480.000,50`, `2,5`. Input whose meaning is unclear (`480.00`, `1.5`,
`4800.000`) is refused with a message that says how to write it, never guessed: Python and Django's
unlocalized fields read `480.000` as 480.

Output: `480.000 €`, `4.115,50 €`, `2,5`. Always German (the programme's amounts are German amounts, also
on the English pages), never through USE_THOUSAND_SEPARATOR, which would also group years and ids.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"
# Spaces people (and copy-paste from documents) put between groups of thousands.
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_CURRENCY = re.compile(r"\s*(€|eur|euro)\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"^[+-]?\d+(,\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")

MESSAGES = {
    "invalid": _("Bitte geben Sie eine Zahl ein, z. B. 480.000 oder 2,5."),
    "money_point": _("Bitte geben Sie den Betrag ohne Punkt als Dezimaltrenner ein, z. B. 480.000,50."),
    "decimal_point": _("Bitte verwenden Sie das Komma als Dezimaltrenner, z. B. 2,5."),
    "whole": _("Bitte geben Sie eine ganze Zahl ohne Nachkommastellen ein, z. B. 480.000."),
    "whole_euro": _("Bitte geben Sie den Betrag in vollen Euro ohne Cent an, z. B. 480.000."),
    "cents": _("Ein Betrag hat höchstens zwei Nachkommastellen, z. B. 480.000,50."),
}


def parse_german_number(text: str, *, money: bool = False, grouping: bool = True) -> Decimal:
    """`text` as a German number. `grouping=False`: no thousands separators (small quantities such as FTE,
    where `1.500` is far more likely a mistyped 1,5 than fifteen hundred). Raises ValidationError."""
    value = str(text).strip()
    if money:
        value = _CURRENCY.sub("", value)
    value = _GROUP_SPACES.sub("." if grouping else "\x00", value)
    if _PLAIN.match(value):
        number = value
    elif grouping and _GROUPED.match(value):
        number = value.replace(".", "")
    elif "." in value and re.match(r"^[+-]?[\d.]+$", value):
        # A point that is not a thousands separator: the English decimal point (480.00, 1.5).
        code = "money_point" if money else "decimal_point"
        raise ValidationError(MESSAGES[code], code=code)
    else:
        raise ValidationError(MESSAGES["invalid"], code="invalid")
    try:
        result = Decimal(number.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(MESSAGES["invalid"], code="invalid") from None
    if money and -result.as_tuple().exponent > 2:
        raise ValidationError(MESSAGES["cents"], code="cents")
    return result


def _decimals(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def format_number(value, decimal_places: int | None = None) -> str:
    """`480.000`, `2,5` (trailing zeros dropped unless `decimal_places` is given); '' for None."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = _decimals(number) if decimal_places is None else decimal_places
    with translation.override("de"):
        return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_euro(value) -> str:
    """`480.000 €`; cents only when there are some (`4.115,50 €`); '' for None. A no-break space keeps the
    sign with the amount."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{format_number(number, 2 if _decimals(number) else 0)}{NBSP}€"


# --- Form fields ------------------------------------------------------------------------------------


class _GermanNumberMixin:
    """Parses with `parse_german_number` and shows the value German-formatted in a text input."""

    money = False
    grouping = True
    whole = False

    def __init__(self, *args, **kwargs):
        kwargs.pop("localize", None)
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric" if self.whole else "decimal"
        return attrs

    def display(self, value) -> str:
        """How pages show a stored value of this field (the check-your-answers page)."""
        return format_euro(value) if self.money else format_number(value)

    def prepare_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return format_number(value) if self.grouping else format_number(value).replace(".", "")
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        return parse_german_number(value, money=self.money, grouping=self.grouping)


class GermanDecimalField(_GermanNumberMixin, forms.DecimalField):
    """`2,5`; with grouping `480.000,50`."""


class GermanIntegerField(_GermanNumberMixin, forms.IntegerField):
    """`480.000`, `480 000`; `480.000,00` is 480000, `2,5` is refused."""

    whole = True

    def to_python(self, value):
        number = super().to_python(value)
        if number is None or isinstance(number, int):
            return number
        if number != number.to_integral_value():
            code = "whole_euro" if self.money else "whole"
            raise ValidationError(MESSAGES[code], code=code)
        return int(number)


class EuroField(GermanIntegerField):
    """A whole-euro amount: `480.000`, `480.000 €`."""

    money = True


class EuroCentField(GermanDecimalField):
    """An amount with cents: `480.000,50`."""

    money = True


class QuantityField(GermanDecimalField):
    """A small quantity with decimals (FTE): `2,5`; a point is never a thousands separator here."""

    grouping = False


def german_formfield(db_field, **kwargs):
    """`formfield_callback` of model forms: every number field of the model becomes a German one."""
    if "form_class" not in kwargs:
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = GermanDecimalField
        elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
            kwargs["form_class"] = GermanIntegerField
    return db_field.formfield(**kwargs)
