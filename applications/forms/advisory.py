from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import CallMode
from applications.models import validate_phone

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class SlotField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, **kwargs):
        super().__init__(input_formats=[LOCAL_INPUT, "%d.%m.%Y %H:%M"], **kwargs)


class PhoneField(forms.CharField):
    """A German phone number, loosely checked (digits, spaces, + / - ( ), at least six digits)."""

    default_validators = [validate_phone]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class AdvisoryCallRequestForm(forms.Form):
    mode = forms.ChoiceField(label=_("Wie möchten Sie sprechen?"), choices=CallMode.choices,
                             widget=forms.RadioSelect, initial=CallMode.VIDEO)
    phone = PhoneField(label=_("Telefonnummer für das Gespräch"), required=False,
                       help_text=_("Pflicht bei „Telefon“: Unter dieser Nummer ruft Sie die Geschäftsstelle an, "
                                   "z. B. +49 30 1234567."))
    slot_1 = SlotField(label=_("1. Wunschtermin"))
    slot_2 = SlotField(label=_("2. Wunschtermin"))
    slot_3 = SlotField(label=_("3. Wunschtermin (freiwillig)"), required=False)
    topics = forms.CharField(label=_("Worüber möchten Sie sprechen?"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Zum Beispiel Fragen zu den Kriterien oder zur Akteursliste."))

    def clean(self):
        data = super().clean()
        if data.get("mode") == CallMode.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Bitte geben Sie für ein Gespräch per Telefon eine Telefonnummer an."))
        now = timezone.now()
        for name in ("slot_1", "slot_2", "slot_3"):
            slot = data.get(name)
            if slot is not None and slot <= now:
                self.add_error(name, _("Bitte wählen Sie einen Termin in der Zukunft."))
        return data

    def slots(self) -> list:
        return [self.cleaned_data[n] for n in ("slot_1", "slot_2", "slot_3") if self.cleaned_data.get(n)]


class CallCancelForm(forms.Form):
    reason = forms.CharField(label=_("Warum sagen Sie das Gespräch ab? (freiwillig)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Die Geschäftsstelle erhält Ihre Absage mit diesem Grund per E-Mail."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Warum ziehen Sie den Antrag zurück?"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Freiwillig. Die Geschäftsstelle sieht Ihre Begründung."))
    confirm = forms.BooleanField(label=_("Ja, ich möchte den Antrag zurückziehen."),
                                 error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Antrag "
                                                               "zurückziehen möchten.")})
