from django import forms
from django.utils.translation import gettext_lazy as _

from gocluster.uploads import check_pdf

STRATEGY_MAX_BYTES = 20 * 1024 * 1024


class StrategyDocumentForm(forms.Form):
    strategy_document = forms.FileField(label=_("Strategiedokument (PDF, höchstens 20 MB)"),
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def clean_strategy_document(self):
        upload = self.cleaned_data["strategy_document"]
        self.checked = check_pdf(upload, max_bytes=STRATEGY_MAX_BYTES)
        return upload
