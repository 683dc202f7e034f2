from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from gocluster.uploads import check_pdf
from gocluster.validators import no_control_characters, no_control_characters_multiline, validate_no_link
from members.enums import Bundesland, CostShareKind, LabelLevel, Prerequisite
from members.models import Cluster, TechnologyField


class SignupForm(AllauthSignupForm):
    # The name appears in invitation mails to other people: no links (gocluster.validators).
    full_name = forms.CharField(label=_("Vor- und Nachname"), max_length=200, validators=[validate_no_link],
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))

    field_order = ["full_name", "email", "password1", "password2"]


CLUSTER_FIELDS = ["name", "acronym", "management_organisation", "legal_form", "street", "postcode", "city",
                  "bundesland", "website", "eccp_profile_url", "year_founded", "technology_fields", "description"]


class ClusterForm(forms.ModelForm):
    technology_fields = forms.ModelMultipleChoiceField(
        queryset=TechnologyField.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Technologiefelder"))

    class Meta:
        model = Cluster
        fields = CLUSTER_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLUSTER_FIELDS if name != "technology_fields"}


class ClusterClaimForm(forms.Form):
    """The cluster is named, not picked from a list: the portal does not show which clusters exist."""

    name = forms.CharField(label=_("Name des Clusters"), max_length=200,
                           validators=[no_control_characters],
                           help_text=_("Genau so, wie der Cluster im Portal eingetragen ist."))
    city = forms.CharField(label=_("Ort"), max_length=100, validators=[no_control_characters],
                           help_text=_("Sitz des Clustermanagements."))
    message = forms.CharField(label=_("Nachricht an die Geschäftsstelle"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              validators=[no_control_characters_multiline],
                              help_text=_("Zum Beispiel Ihre Funktion im Clustermanagement."))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Kollegin oder des Kollegen"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))


# --- Members: labels, membership status, cost shares, the directory filter --------------------

MAX_PDF_BYTES = 10 * 1024 * 1024


def validate_pdf(upload) -> None:
    """A PDF by content (the portal's one check): size, magic bytes, a real parse, not encrypted."""
    check_pdf(upload, max_bytes=MAX_PDF_BYTES)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CostShareRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art der Zertifizierung"), choices=CostShareKind.choices,
                             widget=forms.RadioSelect)
    planned_start = forms.DateField(label=_("Geplanter Beginn des Zertifizierungsprozesses"), widget=DateInput(),
                                    help_text=_("Muss nach dem heutigen Tag liegen: rückwirkend ist kein "
                                                "Kostenanteil möglich."))
    prerequisite = forms.ChoiceField(label=_("Voraussetzung"), choices=Prerequisite.choices, widget=forms.RadioSelect)
    prerequisite_on = forms.DateField(label=_("Datum des Abschlusses bzw. der Zertifizierung"), widget=DateInput())
    evidence = forms.FileField(label=_("Nachweis (PDF, optional)"), required=False, validators=[validate_pdf],
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
    no_other_cost_share = forms.BooleanField(
        label=_("Ich erkläre, dass für die Zertifizierung keine andere Kostenbeteiligung Dritter besteht."),
        required=False)


class LabelForm(forms.Form):
    level = forms.ChoiceField(label=_("Stufe"), choices=LabelLevel.choices)
    assessed_on = forms.DateField(label=_("Datum des Benchmarkings/Assessments"), widget=DateInput())
    valid_until = forms.DateField(label=_("Gültig bis (nur Gold: laut Zertifikat)"), required=False,
                                  widget=DateInput(),
                                  help_text=_("Bronze und Silber gelten zwei Jahre ab dem Monat des Assessments."))
    financed_by_programme = forms.BooleanField(label=_("Aus Programmmitteln finanziert"), required=False)
    certificate = forms.FileField(label=_("Zertifikat (PDF, optional)"), required=False, validators=[validate_pdf],
                                  widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class MembershipStatusForm(forms.Form):
    action = forms.ChoiceField(label=_("Vorgang"), choices=[("notice", _("Kündigung erfassen")),
                                                            ("end", _("Ende der Mitgliedschaft erfassen"))])
    effective_on = forms.DateField(label=_("Wirksam am"), widget=DateInput())
    comment = forms.CharField(label=_("Bemerkung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Begründung (erscheint im Bescheid)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class WaitlistPromoteForm(forms.Form):
    """The confirmation of "let the wait list move up", with the requests the page showed."""

    expected = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_("Ja, diese Anträge bewilligen und die Bescheide versenden."),
        error_messages={"required": _("Bitte bestätigen Sie, dass die angezeigten Anträge nachrücken sollen.")})

    def clean_expected(self) -> list[int]:
        try:
            return [int(pk) for pk in self.cleaned_data["expected"].split(",") if pk]
        except ValueError:
            raise forms.ValidationError(_("Bitte laden Sie die Seite neu.")) from None


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche nach Name oder Ort"), required=False, max_length=100)
    bundesland = forms.ChoiceField(label=_("Bundesland"), required=False,
                                   choices=[("", _("alle")), *list(Bundesland.choices)])
    field = forms.ChoiceField(label=_("Technologiefeld"), required=False)
    label = forms.ChoiceField(label=_("Label"), required=False,
                              choices=[("", _("alle")), *LabelLevel.choices, ("none", _("ohne gültiges Label"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = TechnologyField.objects.order_by("name").values_list("slug", "name")
        self.fields["field"].choices = [("", _("alle")), *fields]
