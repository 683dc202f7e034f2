"""Background work against the real Redis broker and real workers (run with CELERY_BROKER_URL and a
PostgreSQL DATABASE_URL). An in-thread worker (`celery.contrib.testing.worker`) renders and sends; a
worker subprocess is killed mid-task to show that the task is re-delivered and nothing is sent twice."""

import os
import signal
import subprocess
import sys
import time
from io import BytesIO

import pytest
from django.conf import settings
from pypdf import PdfReader

from applications.enums import ApplicationState as S
from applications.services import letters
from applications.tasks import render_dossier
from gocluster.celery import app
from gocluster.documents.models import DocumentKind, JobState
from gocluster.documents.services import documents_of, job_create
from gocluster.outbox.models import MailState, OutboxMail
from gocluster.outbox.services import queue_mail
from tests.applications.builders import Cast, case_in_state
from tests.gocluster.mailbackends import FlakyBackend
from tests.pdf import unwrapped

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float = 60, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {condition}")


@pytest.fixture(autouse=True)
def _default_criteria():
    """An earlier transactional test flushed the tables the migrations seeded; the letters need the areas."""
    from applications.default_criteria import seed
    from applications.models import QualityArea, QualityCriterion

    if not QualityArea.objects.exists():
        seed(QualityArea, QualityCriterion)
    assert QualityArea.objects.count() == 4


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield app


def test_letter_task_on_worker_renders_pdf_with_cluster_name_and_feedback(worker):
    application = case_in_state(S.REJECTED)  # release_decision queues the letter task after the commit
    letter = wait_for(lambda: documents_of(application, DocumentKind.FEEDBACK_LETTER)
                      .filter(sent_at__isnull=False).first())
    text = subprocess.run(["pdftotext", "-layout", letter.file.path, "-"], capture_output=True, text=True,
                          check=True).stdout
    text = unwrapped(text)  # whether a phrase wraps depends on the names and dates around it
    assert unwrapped(application.cluster.name) in text
    assert unwrapped("Rückmeldung zu Struktur und Zusammensetzung") in text
    assert unwrapped("Rückmeldung zu Sichtbarkeit und Wirkung") in text
    mail = wait_for(lambda: OutboxMail.objects.filter(event="decision_released", state=MailState.SENT).first())
    assert [a.filename for a in mail.attachments.all()] == [letter.download_name]


def test_dossier_on_worker_has_summary_pages_plus_strategy_pages(worker):
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    job = job_create(related=application, kind=DocumentKind.DOSSIER, by=cast.staff)
    render_dossier.delay(job.pk)
    wait_for(lambda: type(job).objects.filter(pk=job.pk, state=JobState.DONE).exists())
    job.refresh_from_db()
    summary_pages = len(PdfReader(BytesIO(letters.dossier_summary_pdf(application))).pages)
    with job.document.file.open("rb") as handle:
        pages = len(PdfReader(BytesIO(handle.read())).pages)
    assert application.strategy_document_pages == 3
    assert pages == job.document.page_count == summary_pages + 3


def test_mail_server_failing_three_times_then_sent_with_four_attempts(worker, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    settings.MAILERS = {"default": {"BACKEND": "tests.gocluster.mailbackends.FlakyBackend"}}
    FlakyBackend.sent, FlakyBackend.failures_left = [], 3
    mail = queue_mail(recipient="a@example.org", subject="Viermal versucht", body_text="Hallo")
    wait_for(lambda: OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENT).exists())
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (MailState.SENT, 4, "")
    assert [m.subject for m in FlakyBackend.sent] == ["Viermal versucht"]


def _start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "gocluster", "worker", "--pool=prefork", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


@pytest.mark.postgres
def test_worker_killed_mid_task_task_redelivered_and_mail_sent_once(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    (mail_dir / "block").touch()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MAIL_BACKEND": "tests.gocluster.mailbackends.BlockingFileBackend",
        "GOCLUSTER_TEST_MAIL_DIR": str(mail_dir),
        # Short, so the test need not wait an hour: the unacknowledged task comes back after 3 s (looked for
        # every second), and the dead worker's claim on the mail counts as abandoned after 2 s.
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_RESTORE_INTERVAL": "1",
        "OUTBOX_STALE_CLAIM_SECONDS": "2",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    app.control.purge()
    first = _start_worker(env)
    try:
        mail = queue_mail(recipient="a@example.org", subject="Genau einmal", body_text="Hallo")
        wait_for(lambda: (mail_dir / "started").exists(), timeout=60)
        _stop(first, signal.SIGKILL)  # the worker and its pool child die in the middle of sending
    finally:
        _stop(first, signal.SIGKILL)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.SENDING, 1)
    assert not (mail_dir / "sent.log").exists()
    (mail_dir / "block").unlink()
    second = _start_worker(env)
    try:
        wait_for(lambda: OutboxMail.objects.filter(pk=mail.pk, state=MailState.SENT).exists(), timeout=90)
        time.sleep(4)  # one more visibility timeout: a second delivery would show up now
    finally:
        _stop(second)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.SENT, 2)
    assert (mail_dir / "sent.log").read_text() == "a@example.org Genau einmal\n"


def test_healthz_reports_database_broker_and_worker(worker, client):
    import json

    response = wait_for(lambda: (r := client.get("/healthz")).status_code == 200 and r, timeout=20, step=1)
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}
