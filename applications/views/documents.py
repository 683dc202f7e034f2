"""Staff generate the voters' dossier in the background (the page polls the job with htmx and shows the
file), and see the mails of a case, resending a failed one."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from applications.models import Application
from applications.selectors.access import application_for_user, documents_for_user
from applications.services import letters
from gocluster.documents import services as documents
from gocluster.documents.models import DocumentJob, DocumentKind
from gocluster.downloads import private_file_response
from gocluster.outbox.models import MailState, OutboxMail
from gocluster.outbox.services import resend
from gocluster.pagination import paginate
from members.decorators import role_required
from members.enums import Role


def _panel_context(application) -> dict:
    return {
        "application": application,
        "dossiers": list(documents.documents_of(application, DocumentKind.DOSSIER)[:5]),
        "job": documents.latest_job(application, DocumentKind.DOSSIER),
    }


@require_GET
@role_required(Role.STAFF)
def dossier_panel(request, pk: int):
    application = application_for_user(pk, request.user)
    template = "documents/_dossier_state.html" if request.htmx else "documents/dossier_page.html"
    return render(request, template, _panel_context(application))


@role_required(Role.STAFF)
@require_POST
def dossier_start(request, pk: int):
    application = application_for_user(pk, request.user)
    with transaction.atomic():
        job = letters.dossier_start(application=application, by=request.user)
    job.refresh_from_db()  # in-process (embedded default) the job may be done already
    template = "documents/_dossier_state.html" if request.htmx else "documents/dossier_page.html"
    return render(request, template, _panel_context(application))


@require_GET
@role_required(Role.STAFF)
def dossier_job(request, job_pk: int):
    job = DocumentJob.objects.select_related("document").filter(pk=job_pk, kind=DocumentKind.DOSSIER).first()
    if job is None:
        raise Http404
    application = application_for_user(job.related_id, request.user)
    if not request.htmx:
        return render(request, "documents/dossier_page.html", _panel_context(application))
    return render(request, "documents/_dossier_job.html", {"application": application, "job": job})


def case_mails(application):
    """The outbox mails filed under this case, newest first, with their attachment count (one query)."""
    return (OutboxMail.objects.filter(related_type=ContentType.objects.get_for_model(Application),
                                      related_id=str(application.pk))
            .annotate(attachment_count=Count("attachments")).order_by("-created_at", "-id"))


def _mails_page(request, application):
    page = paginate(request, case_mails(application), 25)
    return render(request, "documents/_case_mails.html", {"application": application, "page": page})


@require_GET
@role_required(Role.STAFF)
def mails_panel(request, pk: int):
    return _mails_page(request, application_for_user(pk, request.user))


@role_required(Role.STAFF)
@require_POST
def mail_resend(request, pk: int, mail_pk: int):
    application = application_for_user(pk, request.user)
    mail = case_mails(application).filter(pk=mail_pk, state=MailState.FAILED).first()
    if mail is None:
        raise Http404
    resend(mail=mail)
    return _mails_page(request, application)


def strategy_document(*roles):
    """The one download of a case's strategy document, mounted in each area for that area's roles;
    within them `documents_for_user` decides (another cluster's case, a recusal: 404)."""

    @role_required(*roles)
    def download(request, pk: int):
        application = documents_for_user(pk, request.user)
        if not application.strategy_document:
            raise Http404
        return private_file_response(application.strategy_document, content_type="application/pdf",
                                     filename=f"{application.case_number}-strategiedokument.pdf")

    return download
