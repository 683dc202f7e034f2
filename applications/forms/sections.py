"""One form per wizard section; the fields come from completeness.SECTIONS so the review links match."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.selectors.completeness import SECTIONS

DECLARATION_FIELDS = ("declaration_truthful", "declaration_data_processing")


class SectionForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ()

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _textareas(fields):
    return {name: forms.Textarea(attrs={"rows": 4}) for name in fields
            if isinstance(Application._meta.get_field(name), models.TextField)}


def section_form_class(section: str) -> type[SectionForm]:
    fields = DECLARATION_FIELDS if section == "declarations" else SECTIONS[section]
    meta = type("Meta", (), {"model": Application, "fields": fields, "widgets": _textareas(fields),
                             "localized_fields": "__all__"})
    return type(f"{section.title()}Form", (SectionForm,), {"Meta": meta})


class FinancingForm(SectionForm):
    class Meta:
        model = Application
        fields = SECTIONS["financing"]
        localized_fields = "__all__"

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
