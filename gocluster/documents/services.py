"""Render a template to PDF, store it privately as the next version, mark what was sent.

The documents app knows no app's models: objects are linked generically, and each owning app
registers the rule who may download its documents (`access.register_access`).
"""

import logging
from io import BytesIO

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from gocluster.documents.models import Document, DocumentJob, JobState
from gocluster.pdf import render_pdf
from gocluster.pdfcontent import strip_active_content

logger = logging.getLogger(__name__)

def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def merge_pdfs(parts: list[bytes]) -> bytes:
    """The parts one after the other (the dossier: rendered summary, then the uploaded strategy).

    The first part is the document itself, rendered by us: cloned whole, it keeps its structure tree, language
    and tagging marks (a tagged PDF stays tagged; appending to an empty writer would drop them). The parts
    after it are uploads and lose their active content: they were checked, but a file stored before that check
    (or a check that missed something) must not reach the voters' readers with scripts, actions or embedded
    files. They keep their content but not their own tags: pypdf cannot merge structure trees. Known limit:
    the dossier's part A is tagged, the uploaded strategy document behind it is not."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(parts[0])))
    for part in parts[1:]:
        writer.append(PdfReader(BytesIO(strip_active_content(part))))
    buffer = BytesIO()
    writer.write(buffer)
    return strip_active_content(buffer.getvalue())


def documents_of(related, kind: str | None = None):
    documents = Document.objects.filter(related_type=ContentType.objects.get_for_model(related),
                                        related_id=str(related.pk))
    return documents.filter(kind=kind) if kind else documents


def store(*, related, kind: str, pdf: bytes, download_name: str) -> Document:
    """Save `pdf` as the next version of (related, kind). Two concurrent renders get two versions."""
    related_type = ContentType.objects.get_for_model(related)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = documents_of(related, kind).aggregate(last=Max("version"))["last"] or 0
                document = Document(related_type=related_type, related_id=str(related.pk), kind=kind,
                                    version=last + 1, download_name=download_name, page_count=page_count(pdf))
                document.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
                document.save()
                return document
        except IntegrityError:
            document.file.delete(save=False)
    raise RuntimeError("could not allocate a document version")


def render_document(*, related, kind: str, template: str, context: dict, download_name: str,
                    append: tuple[bytes, ...] = ()) -> Document:
    """Render `template` (autoescaped) to a tagged PDF, append further PDFs, store it as a new version."""
    pdf = render_pdf(template, context)
    if append:
        pdf = merge_pdfs([pdf, *append])
    return store(related=related, kind=kind, pdf=pdf, download_name=download_name)


def mark_sent(documents: list[Document], *, when=None) -> None:
    when = when or timezone.now()
    Document.objects.filter(pk__in=[d.pk for d in documents], sent_at__isnull=True).update(sent_at=when)


# --- Jobs: slow renders the browser waits for ------------------------------------------------------


def job_create(*, related, kind: str, by) -> DocumentJob:
    return DocumentJob.objects.create(related_type=ContentType.objects.get_for_model(related),
                                      related_id=str(related.pk), kind=kind, requested_by=by)


def job_start(job_id: int) -> DocumentJob | None:
    """Claim a queued job (a re-delivered task finds it running or done and leaves it)."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.DONE, JobState.FAILED):
            return None
        job.state = JobState.RUNNING
        job.save(update_fields=["state"])
    return job


def job_finish(job: DocumentJob, *, document: Document | None = None, error: str = "") -> None:
    job.state = JobState.DONE if document else JobState.FAILED
    job.document, job.error, job.finished_at = document, error[:300], timezone.now()
    job.save(update_fields=["state", "document", "error", "finished_at"])


def latest_job(related, kind: str) -> DocumentJob | None:
    return (DocumentJob.objects.filter(related_type=ContentType.objects.get_for_model(related),
                                       related_id=str(related.pk), kind=kind)
            .select_related("document").order_by("-created_at", "-id").first())
