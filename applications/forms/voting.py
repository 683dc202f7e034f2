"""Forms of the voting room."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.enums import VoteChoice


class RecusalForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Befangenheit"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Danach sehen Sie nur noch den Titel des Antrags und stimmen nicht ab."))


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Ihr Votum"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Bei einer Ablehnung erforderlich."))

    def clean(self):
        data = super().clean()
        if data.get("choice") == VoteChoice.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Bitte begründen Sie eine Ablehnung."))
        return data
