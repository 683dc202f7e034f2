from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Vor- und Nachname"), max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "name"}))

    field_order = ["full_name", "email", "password1", "password2"]


from members.models import Cluster, TechnologyField  # noqa: E402

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
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.none(), label=_("Cluster"),
                                     help_text=_("Der Cluster, dessen Management Sie sind."))
    message = forms.CharField(label=_("Nachricht an die Geschäftsstelle"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Zum Beispiel Ihre Funktion im Clustermanagement."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.exclude(managers=user)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Kollegin oder des Kollegen"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
