"""One form per wizard section; the fields come from completeness.SECTIONS so the review links match.

Every number is read the German way (`gocluster.numbers`): `480.000` is four hundred and eighty thousand.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.selectors.completeness import SECTIONS
from gocluster.numbers import EuroField, QuantityField, german_formfield

DECLARATION_FIELDS = ("declaration_truthful", "declaration_data_processing")
# Number fields whose kind the model type does not say: a whole-euro amount, a small quantity with decimals.
NUMBER_FIELDS = {"annual_budget_eur": EuroField, "management_fte": QuantityField}
NUMBER_HELP = {
    "annual_budget_eur": _("In vollen Euro, z. B. 480.000"),
    "management_fte": _("Zum Beispiel 2,5"),
}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ()

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def answers(self) -> list[tuple[str, object, str]]:
        """(label, stored value, how the review page shows it) per field."""
        rows = []
        for name in self._meta.fields:
            field, value = self.fields[name], getattr(self.instance, name)
            display = getattr(field, "display", None)
            rows.append((field.label, value, display(value) if display and value is not None else value))
        return rows


def _meta(fields, **extra):
    return type("Meta", (), {
        "model": Application, "fields": fields, "formfield_callback": german_formfield,
        "field_classes": {name: NUMBER_FIELDS[name] for name in fields if name in NUMBER_FIELDS},
        "help_texts": {name: NUMBER_HELP[name] for name in fields if name in NUMBER_HELP},
        **extra,
    })


def _textareas(fields):
    return {name: forms.Textarea(attrs={"rows": 4}) for name in fields
            if isinstance(Application._meta.get_field(name), models.TextField)}


def section_form_class(section: str) -> type[SectionForm]:
    fields = DECLARATION_FIELDS if section == "declarations" else SECTIONS[section]
    return type(f"{section.title()}Form", (SectionForm,), {"Meta": _meta(fields, widgets=_textareas(fields))})


class FinancingForm(SectionForm):
    Meta = _meta(SECTIONS["financing"])

    def clean(self):
        data = super().clean()
        shares = [data.get(name) for name in SECTIONS["financing"]]
        if all(s is not None for s in shares) and sum(shares) != 100:
            # A draft may be incomplete, but four filled shares that miss 100 % are a typing error.
            self.add_error("share_public_basic", _("Die Anteile ergeben %(total)s %%; zusammen müssen es 100 %% sein.")
                           % {"total": sum(shares)})
        return data


FORMS = {
    "management": section_form_class("management"),
    "financing": FinancingForm,
    "activities": section_form_class("activities"),
    "declarations": section_form_class("declarations"),
}
