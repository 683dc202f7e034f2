"""The actor list: rows edited in the browser (a paginated model formset)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ClusterActor

ACTOR_FIELDS = ["name", "category", "is_startup", "postcode", "city", "country", "commitment", "joined_year",
                "website", "register_id"]


class ActorForm(forms.ModelForm):
    class Meta:
        model = ClusterActor
        fields = ACTOR_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered as table cells (not through crispy), so the Bootstrap classes are set here.
        self.fields["category"].choices = [("", _("Bitte wählen")), *self.fields["category"].choices[1:]]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        # Spreadsheet formulas never enter the list (they would run in the agency's Excel later).
        for name, value in data.items():
            if isinstance(value, str) and value.startswith("="):
                self.add_error(name, _("Formeln sind nicht erlaubt; bitte tragen Sie den Wert selbst ein."))
        return data


ActorFormSet = forms.modelformset_factory(ClusterActor, form=ActorForm, extra=3, can_delete=True)

