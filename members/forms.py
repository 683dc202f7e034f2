from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Vor- und Nachname"), max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "name"}))

    field_order = ["full_name", "email", "password1", "password2"]
