"""A refused step shows in the error summary: on a form page and after a redirect (flash_refusal)."""

import pytest
from django.urls import reverse

from tests.factories import AdvisoryCallFactory

pytestmark = pytest.mark.django_db


def test_refusal_after_redirect_shows_in_the_error_summary(client):
    call = AdvisoryCallFactory(state="held")
    client.force_login(call.cluster.managers.first())
    response = client.post(reverse("applicant:call-cancel", args=[call.pk]), follow=True)
    page = response.content.decode()
    summary = page[page.index('<div class="error-summary" role="alert"'):]
    summary = summary[: summary.index("</div>")]
    assert "Das Beratungsgespräch ist im Status „geführt“; dieser Schritt ist nicht möglich." in summary
    assert 'class="alert alert-error"' not in page  # shown once, in the summary, not again as an alert
