"""After submission the form is read-only: one helper in the view layer and the services under lock."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import EDITABLE_STATES, ApplicationState
from applications.services import editing
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from tests.factories import make_pdf

pytestmark = pytest.mark.django_db

EDIT_URLS = ["section", "strategy", "actors", "actor-import"]


@pytest.fixture
def submitted(application, manager):
    return apply_transition(application=application, name="submit", by=manager)


def _url(name, application):
    if name == "section":
        return reverse("applicant:section", args=[application.pk, "management"])
    return reverse(f"applicant:{name}", args=[application.pk])


@pytest.mark.parametrize("name", EDIT_URLS)
def test_edit_pages_redirect_to_the_case_after_submission(manager_client, submitted, name):
    response = manager_client.get(_url(name, submitted))
    assert (response.status_code, response.url) == (302, reverse("applicant:case", args=[submitted.pk]))


def test_posts_after_submission_change_nothing(manager_client, submitted):
    before = (submitted.governance_bodies, submitted.strategy_document.name, submitted.actors.count())
    manager_client.post(_url("section", submitted), {"management_fte": "9", "governance_bodies": "neu"})
    manager_client.post(_url("strategy", submitted),
                        {"strategy_document": SimpleUploadedFile("x.pdf", make_pdf(1), "application/pdf")})
    manager_client.post(_url("actors", submitted), {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    submitted.refresh_from_db()
    assert (submitted.governance_bodies, submitted.strategy_document.name, submitted.actors.count()) == before
    assert submitted.state == ApplicationState.SUBMITTED


def test_service_refuses_edits_outside_editable_states(submitted, manager):
    assert submitted.state not in EDITABLE_STATES
    with pytest.raises(Refusal) as refused:
        editing.application_save_section(application=submitted, by=manager, values={"goals": "neu"})
    assert refused.value.messages == ["Der Antrag ist eingereicht und kann nicht mehr bearbeitet werden."]


def test_case_page_after_submission_offers_no_edit_links(manager_client, submitted):
    html = manager_client.get(reverse("applicant:case", args=[submitted.pk])).content.decode()
    assert "Der Antrag ist eingereicht; die Angaben können nicht mehr geändert werden." in html
    assert reverse("applicant:section", args=[submitted.pk, "management"]) not in html


def test_review_after_submission_shows_answers_without_change_links(manager_client, submitted):
    html = manager_client.get(reverse("applicant:review", args=[submitted.pk])).content.decode()
    assert "Vorstand und Beirat" in html
    assert ">Ändern<" not in html
