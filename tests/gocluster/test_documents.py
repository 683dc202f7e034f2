"""Downloads through the owning case's rule; the dossier generated in the background with htmx polling."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationState as S
from applications.services import letters, voting
from gocluster import pdf
from gocluster.documents.models import DocumentJob, DocumentKind, JobState
from gocluster.documents.services import documents_of
from tests.applications.builders import Cast, case_in_state
from tests.factories import BoardMemberFactory, StaffFactory, UserFactory
from tests.pdf import pdf_text, unwrapped

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rejected(django_capture_on_commit_callbacks):
    cast = Cast()
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.REJECTED, cast)
    return application, cast


def download(user, document):
    return client_for(user).get(reverse("documents:download", args=[document.pk]))


def test_download_letter_by_manager_of_case_after_it_was_sent(rejected):
    application, cast = rejected
    sent = documents_of(application, DocumentKind.FEEDBACK_LETTER).get()
    unsent = letters.render_decision_document(application, DocumentKind.FEEDBACK_LETTER)
    manager = application.cluster.managers.get()
    response = download(manager, sent)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    name = f"{application.case_number}_Schreiben-Rueckmeldung.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "no-store")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert download(manager, unsent).status_code == 404
    assert download(cast.staff, unsent).status_code == 200
    assert download(UserFactory(), sent).status_code == 404  # a manager of another cluster
    assert download(cast.ministry, sent).status_code == 404
    assert download(cast.board[0], sent).status_code == 404


def test_dossier_download_for_voters_and_staff_never_managers_or_recused():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    dossier = letters.render_dossier(application)
    recused = cast.board[2]
    voting.recusal_declare(application=application, by=recused, reason="Beirat im Verein")
    # Seated after the round opened: not in its electorate, so no dossier (finding 16).
    assert download(BoardMemberFactory(), dossier).status_code == 404
    assert download(cast.ministry, dossier).status_code == 200
    assert download(cast.board[1], dossier).status_code == 200
    assert download(cast.staff, dossier).status_code == 200
    assert download(recused, dossier).status_code == 404
    assert download(application.cluster.managers.get(), dossier).status_code == 404
    assert Client().get(reverse("documents:download", args=[dossier.pk])).status_code == 302
    assert download(cast.staff, dossier).status_code == 200
    assert client_for(cast.staff).get(reverse("documents:download", args=[dossier.pk + 999])).status_code == 404


def test_dossier_generated_in_background_page_polls_then_offers_file(django_capture_on_commit_callbacks):
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    staff = client_for(cast.staff)
    panel_url = reverse("case_documents:dossier_panel", args=[application.pk])
    response = staff.get(panel_url, **HTMX)
    assert response.status_code == 200
    assert "Für diesen Antrag wurde noch kein Dossier erstellt." in response.text
    job = DocumentJob.objects.create(related=application, kind=DocumentKind.DOSSIER, requested_by=cast.staff)
    polling = staff.get(reverse("case_documents:dossier_job", args=[job.pk]), **HTMX)
    assert 'hx-trigger="every 1s"' in polling.text
    assert "Das Dossier wartet auf die Erstellung" in polling.text
    # In-process (embedded default) the render runs at once after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("case_documents:dossier_start", args=[application.pk]), **HTMX)
    assert response.status_code == 200
    newest = DocumentJob.objects.order_by("-pk").first()
    assert newest.state == JobState.DONE
    assert newest.document.page_count == documents_of(application, DocumentKind.DOSSIER).get().page_count
    done = staff.get(reverse("case_documents:dossier_job", args=[newest.pk]), **HTMX)
    assert "every 1s" not in done.text
    assert reverse("documents:download", args=[newest.document.pk]) in done.text
    full_page = staff.get(panel_url)
    assert "<h1>" in full_page.text and "Dossier Version 1 herunterladen (PDF)" in full_page.text


def test_dossier_endpoints_are_for_staff_only():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    job = DocumentJob.objects.create(related=application, kind=DocumentKind.DOSSIER, requested_by=cast.staff)
    urls = [reverse("case_documents:dossier_panel", args=[application.pk]),
            reverse("case_documents:dossier_job", args=[job.pk])]
    for user in (cast.ministry, cast.board[0], application.cluster.managers.get()):
        for url in urls:
            assert client_for(user).get(url, **HTMX).status_code == 404
        assert client_for(user).post(reverse("case_documents:dossier_start", args=[application.pk])).status_code == 404
    assert client_for(StaffFactory()).get(reverse("case_documents:dossier_job", args=[job.pk + 99]),
                                          **HTMX).status_code == 404
    assert DocumentJob.objects.count() == 1


def test_user_text_in_letters_is_escaped_not_rendered(rejected, caplog, monkeypatch):

    application, _cast = rejected
    cluster = application.cluster
    cluster.name = '<img src="file:///etc/passwd"> Nord'
    cluster.save(update_fields=["name"])
    caplog.set_level(logging.WARNING, logger="gocluster.pdf")
    fetched = []
    fetch = pdf.SafeURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.SafeURLFetcher, "fetch", recording_fetch)
    letter = letters.render_decision_document(application, DocumentKind.FEEDBACK_LETTER)

    # The markup is printed as text. The address field and the body may wrap it anywhere (after "/etc/",
    # before "Nord"), depending on the lengths of the names and dates around it: compare without wrapping.
    assert unwrapped('<img src="file:///etc/passwd"> Nord') in unwrapped(pdf_text(letter))
    # Nothing of it was fetched: the renderer asked only for what the template put there (its static files).
    assert [r for r in caplog.records if "refused" in r.getMessage()] == []
    assert fetched and all(url.startswith((pdf.STATIC_PREFIX, "data:")) for url in fetched), fetched


def test_staff_see_mails_of_a_case_and_resend_a_failed_one(django_assert_max_num_queries,
                                                          django_capture_on_commit_callbacks):
    from gocluster.outbox.models import MailState, OutboxMail

    cast = Cast()
    with django_capture_on_commit_callbacks(execute=True):
        application = case_in_state(S.SUBMITTED, cast)
    mails = OutboxMail.objects.filter(related_id=str(application.pk))
    failed = mails.first()
    OutboxMail.objects.filter(pk=failed.pk).update(state=MailState.FAILED, last_error="SMTPError: weg")
    staff = client_for(cast.staff)
    url = reverse("case_documents:mails_panel", args=[application.pk])
    response = staff.get(url, **HTMX)
    assert response.status_code == 200
    assert response.text.count("<tr>") == mails.count() + 1
    assert "Erneut senden" in response.text and "SMTPError: weg" in response.text
    other = case_in_state(S.SUBMITTED, cast)
    resend_url = reverse("case_documents:mail_resend", args=[other.pk, failed.pk])
    assert staff.post(resend_url, **HTMX).status_code == 404  # the mail belongs to another case
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("case_documents:mail_resend", args=[application.pk, failed.pk]), **HTMX)
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.state == MailState.SENT
    assert client_for(application.cluster.managers.get()).get(url, **HTMX).status_code == 404
    for _ in range(30):
        OutboxMail.objects.create(recipient="x@example.org", subject="Viele", body_text="x",
                                  related_type=failed.related_type, related_id=failed.related_id)
    with django_assert_max_num_queries(12):
        first = staff.get(url, **HTMX).text
    assert first.count("<tr>") == 26
    assert f'hx-get="{url}?seite=2" hx-target="#case-mails-{application.pk}"' in first
    assert staff.get(f"{url}?seite=2", **HTMX).text.count("<tr>") == mails.count() - 25 + 1
