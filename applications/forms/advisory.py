from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import CallMode

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class SlotField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, **kwargs):
        super().__init__(input_formats=[LOCAL_INPUT, "%d.%m.%Y %H:%M"], **kwargs)


class AdvisoryCallRequestForm(forms.Form):
    mode = forms.ChoiceField(label=_("Wie möchten Sie sprechen?"), choices=CallMode.choices,
                             widget=forms.RadioSelect, initial=CallMode.VIDEO)
    slot_1 = SlotField(label=_("1. Wunschtermin"))
    slot_2 = SlotField(label=_("2. Wunschtermin"))
    slot_3 = SlotField(label=_("3. Wunschtermin (freiwillig)"), required=False)
    topics = forms.CharField(label=_("Worüber möchten Sie sprechen?"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Zum Beispiel Fragen zu den Kriterien oder zur Akteursliste."))

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("slot_1", "slot_2", "slot_3"):
            slot = data.get(name)
            if slot is not None and slot <= now:
                self.add_error(name, _("Bitte wählen Sie einen Termin in der Zukunft."))
        return data

    def slots(self) -> list:
        return [self.cleaned_data[n] for n in ("slot_1", "slot_2", "slot_3") if self.cleaned_data.get(n)]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Warum ziehen Sie den Antrag zurück?"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Freiwillig. Die Geschäftsstelle sieht Ihre Begründung."))
    confirm = forms.BooleanField(label=_("Ja, ich möchte den Antrag zurückziehen."),
                                 error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Antrag "
                                                               "zurückziehen möchten.")})
