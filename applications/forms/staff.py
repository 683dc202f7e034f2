"""Forms of the agency's workbench. They only parse input; the services and the workflow decide."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _, ngettext

from applications.enums import CallMode, Rating, Recommendation
from applications.forms.advisory import PhoneField
from applications.services.voting import VOTER_ROLE_CHOICES
from members.enums import Role
from members.models import User
from members.selectors.accounts import account_for_verified_email

DATETIME_WIDGET = {"type": "datetime-local"}


def _datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label, help_text=help_text,
        widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format="%Y-%m-%dT%H:%M"),
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


def _staff():
    return User.objects.filter(role=Role.STAFF, is_active=True).order_by("full_name")


class AdvisoryCallScheduleForm(forms.Form):
    scheduled_at = _datetime_field(_("Termin"), _("Datum und Uhrzeit (Europe/Berlin)"))
    mode = forms.ChoiceField(label=_("Art des Gesprächs"), choices=CallMode.choices, widget=forms.RadioSelect)
    advisor = StaffChoiceField(label=_("Beraterin/Berater"), queryset=User.objects.none())
    phone = PhoneField(label=_("Telefonnummer des Clustermanagements"), required=False,
                       help_text=_("Nötig bei einem Gespräch per Telefon."))
    reason = forms.CharField(label=_("Grund der Verlegung (nur beim Verlegen; steht in der Mail)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, moving=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = _staff()
        if not moving:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("mode") == CallMode.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Bitte geben Sie für ein Gespräch per Telefon eine Telefonnummer an."))
        return data


class AdvisoryCallHoldForm(forms.Form):
    notes = forms.CharField(label=_("Gesprächsnotizen"), widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("Nur für die Geschäftsstelle."))
    recommendation = forms.CharField(label=_("Empfehlung an den Cluster"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Das Clustermanagement erhält die Empfehlung per E-Mail und sieht sie "
                                                 "im Portal."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Absage (geht an das Clustermanagement)"),
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Bitte geben Sie einen Grund für die Absage an.")})


class InternalNoteForm(forms.Form):
    text = forms.CharField(label=_("Neue interne Notiz"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Nur für die Geschäftsstelle sichtbar, nie für den Antragsteller."))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar (optional)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CloseVotingForm(CommentForm):
    """Closing the vote; with votes still missing, staff confirm that they close it anyway.

    The box is shown only while votes are missing. The workflow refuses to close without it (so a missing
    quorum is reported first, and no other caller can skip the confirmation)."""

    def __init__(self, *args, missing: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = missing
        if missing:
            self.fields["close_despite_missing"] = forms.BooleanField(
                label=_("Trotz fehlender Stimmen schließen"), required=False,
                help_text=ngettext("Es fehlt noch %(count)s Stimme.", "Es fehlen noch %(count)s Stimmen.",
                                   missing) % {"count": missing},
            )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(label=_("Was fehlt oder ist zu ändern?"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Diese Nachricht erhält das Clustermanagement."))


class InterviewScheduleForm(forms.Form):
    scheduled_at = _datetime_field(_("Termin des Aufnahmegesprächs"), _("Datum und Uhrzeit (Europe/Berlin)"))
    location = forms.CharField(label=_("Ort oder Video-Link"), max_length=300)
    interviewers = StaffMultipleChoiceField(label=_("Gesprächsführung"), queryset=User.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = _staff()


class InterviewRescheduleForm(InterviewScheduleForm):
    comment = forms.CharField(label=_("Grund der Verlegung (optional; steht in der Mail)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class InterviewCancelForm(forms.Form):
    comment = forms.CharField(label=_("Grund der Absage (geht an das Clustermanagement)"),
                              widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _("Bitte geben Sie einen Grund für die Absage an.")})


class InterviewRecordForm(forms.Form):
    """Protocol, recommendation, and a rating with a note for each active criterion."""

    protocol = forms.CharField(label=_("Protokoll"), widget=forms.Textarea(attrs={"rows": 6}))
    recommendation = forms.ChoiceField(label=_("Empfehlung"), choices=Recommendation.choices,
                                       widget=forms.RadioSelect)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"rating_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.title, choices=Rating.choices, widget=forms.RadioSelect,
                # crispy renders help texts with `|safe`: a criterion's text is data, escaped here.
                help_text=conditional_escape(criterion.requirement),
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Anmerkung zu „%(title)s“") % {"title": criterion.title}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def assessments(self) -> dict:
        return {c.pk: (self.cleaned_data[f"rating_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
                for c in self.criteria}


class DeadlineForm(forms.Form):
    deadline = _datetime_field(_("Abstimmungsfrist"), _("Datum und Uhrzeit (Europe/Berlin)"))


class ReleaseDecisionForm(forms.Form):
    """For a rejection: constructive feedback per quality area, each required."""

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            self.fields[f"feedback_{area.pk}"] = forms.CharField(
                label=_("Rückmeldung: %(area)s") % {"area": area.name}, widget=forms.Textarea(attrs={"rows": 4}),
            )

    def feedback(self) -> dict:
        return {a.pk: self.cleaned_data[f"feedback_{a.pk}"] for a in self.areas}


class VoterRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse des Kontos"),
                             help_text=_("Die Person muss bereits ein Konto im Portal haben."))
    role = forms.ChoiceField(label=_("Gremium"), choices=[(r.value, r.label) for r in VOTER_ROLE_CHOICES],
                             widget=forms.RadioSelect)

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Exactly the verified address, as allauth keeps it: a look-alike address is another account.
        user = account_for_verified_email(email)
        if user is None:
            raise forms.ValidationError(_("Zu dieser E-Mail-Adresse gibt es kein Konto mit bestätigter Adresse."))
        self.user = user
        return email
