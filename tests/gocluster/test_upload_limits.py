"""Finding 15: an upload larger than its limit is refused before Django parses the body (the CSRF check
would otherwise read it into a temporary file); every other view refuses a large body with 413."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from members.models import CostShareRequest, LabelRecord
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.gocluster.uploadhandlers import RecordingUploadHandler
from tests.members.builders import budget, member, request_args, tariffs

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-06-15T10:00:00+02:00")]
ELEVEN_MB = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)


@pytest.fixture(autouse=True)
def _recording(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    settings.FILE_UPLOAD_HANDLERS = ["tests.gocluster.uploadhandlers.RecordingUploadHandler",
                                     *settings.FILE_UPLOAD_HANDLERS]
    RecordingUploadHandler.started = []


def _csrf_client(user, page: str) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser session: it fetched the form page first."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.get(page)
    assert response.status_code == 200
    return client, response.cookies["csrftoken"].value


def test_evidence_upload_over_the_limit_is_refused_before_the_body_is_read():
    cluster = member()
    tariffs()
    budget(2026, "10000")
    url = reverse("member:cost_share_new", args=[cluster.pk])
    client, token = _csrf_client(cluster.managers.first(), url)
    data = {**{k: str(v) for k, v in request_args().items()}, "no_other_cost_share": "on", "action": "send",
            "csrfmiddlewaretoken": token, "evidence": SimpleUploadedFile("n.pdf", ELEVEN_MB, "application/pdf")}
    response = client.post(url, data)
    assert response.status_code == 413
    assert "Die Datei ist größer als 10 MB. Bitte verkleinern Sie das PDF und laden Sie es erneut hoch." in \
        response.content.decode()
    assert RecordingUploadHandler.started == []
    assert CostShareRequest.objects.count() == 0


def test_certificate_upload_over_the_limit_is_refused_before_the_body_is_read():
    cluster = member()
    membership = cluster.memberships.get()
    staff = StaffFactory()
    client, token = _csrf_client(staff, reverse("members_staff:member", args=[membership.pk]))
    response = client.post(reverse("members_staff:label_add", args=[membership.pk]), {
        "level": "bronze", "assessed_on": "2026-05-01", "csrfmiddlewaretoken": token,
        "certificate": SimpleUploadedFile("z.pdf", ELEVEN_MB, "application/pdf")})
    assert response.status_code == 413
    assert "Die Datei ist größer als 10 MB." in response.content.decode()
    assert RecordingUploadHandler.started == []
    assert LabelRecord.objects.count() == 0


def test_upload_view_within_the_limit_still_checks_csrf():
    cluster = member()
    membership = cluster.memberships.get()
    client, _token = _csrf_client(StaffFactory(), reverse("members_staff:member", args=[membership.pk]))
    response = client.post(reverse("members_staff:label_add", args=[membership.pk]),
                           {"level": "bronze", "assessed_on": "2026-05-01"})
    assert response.status_code == 403
    assert LabelRecord.objects.count() == 0


def test_large_body_to_a_view_without_upload_is_413_before_it_is_read():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD,
                                             "file": SimpleUploadedFile("x.bin", b"0" * (3 * 1024 * 1024))})
    assert response.status_code == 413
    assert RecordingUploadHandler.started == []


def test_strategy_upload_over_the_limit_is_not_parsed_even_by_the_csrf_check():
    from applications.models import Application
    from tests.applications.builders import draft

    application = draft(complete=False)
    url = reverse("applicant:strategy", args=[application.pk])
    client, token = _csrf_client(application.cluster.managers.first(), url)
    content = b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024)
    response = client.post(url, {"csrfmiddlewaretoken": token,
                                 "strategy_document": SimpleUploadedFile("gross.pdf", content, "application/pdf")})
    assert response.status_code == 200
    assert "Die Datei ist größer als 20 MB." in response.content.decode()
    assert RecordingUploadHandler.started == []
    assert Application.objects.get(pk=application.pk).strategy_document.name == ""
