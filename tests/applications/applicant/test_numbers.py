"""Numbers in the application form are read the German way and shown the German way."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.applications.builders import Cast
from tests.applications.helpers import client_for

pytestmark = pytest.mark.django_db


def _management(manager_client, application, **values):
    data = {"management_fte": "2,5", "annual_budget_eur": "480.000", "governance_bodies": "Vorstand", **values}
    return manager_client.post(reverse("applicant:section", args=[application.pk, "management"]), data)


@pytest.mark.parametrize("typed", ["480.000", "480 000", "480\u202f000", "480.000,00", "480.000 €"])
def test_budget_typed_the_german_way_is_saved_as_typed(manager_client, application, typed):
    response = _management(manager_client, application, annual_budget_eur=typed)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.annual_budget_eur, application.management_fte) == (Decimal("480000"), Decimal("2.50"))


@pytest.mark.parametrize(("typed", "message"), [
    ("480.00", "Bitte geben Sie den Betrag ohne Punkt als Dezimaltrenner ein, z. B. 480.000,50."),
    ("480.000,50", "Bitte geben Sie den Betrag in vollen Euro ohne Cent an, z. B. 480.000."),
])
def test_budget_with_an_unclear_point_or_cents_is_refused_with_a_clear_message(manager_client, application, typed,
                                                                              message):
    before = application.annual_budget_eur
    response = _management(manager_client, application, annual_budget_eur=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.annual_budget_eur == before


def test_fte_with_an_english_decimal_point_is_refused(manager_client, application):
    response = _management(manager_client, application, management_fte="2.5")
    assert "Bitte verwenden Sie das Komma als Dezimaltrenner, z. B. 2,5." in response.content.decode()


def test_review_page_and_form_show_the_numbers_german_formatted(manager_client, application):
    _management(manager_client, application)
    review = manager_client.get(reverse("applicant:review", args=[application.pk])).content.decode()
    assert "<dd class=\"col-md-7\">480.000\u00a0€</dd>" in review
    assert "<dd class=\"col-md-7\">2,5</dd>" in review
    form = manager_client.get(reverse("applicant:section", args=[application.pk, "management"])).content.decode()
    assert 'value="480.000"' in form
    assert 'value="2,5"' in form


def test_staff_case_page_shows_the_numbers_german_formatted(manager_client, application, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    _management(manager_client, application)
    html = client_for(Cast().staff).get(reverse("staff:case_detail", args=[application.pk])).content.decode()
    assert '<dd class="col-sm-7">480.000\u00a0€</dd>' in html
    assert '<dd class="col-sm-7">2,5</dd>' in html
