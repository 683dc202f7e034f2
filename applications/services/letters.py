"""The case's letters and the voters' dossier: what goes into them, how they are named, who may download them.

Rendering runs in the worker (`tasks.py`); this module only gathers data and calls the documents service.
"""

from django.utils import formats, timezone, translation

from applications.enums import Outcome
from applications.models import Application, DecisionFeedback, QualityArea
from applications.selectors.criteria import actor_statistics, evaluate
from gocluster import jobs
from gocluster.documents.models import Document, DocumentJob, DocumentKind
from gocluster.documents.services import job_create, merge_pdfs, render_document
from gocluster.pdf import render_pdf
from gocluster.programme import letter_date, letter_recipient_name, programme_context

DECISION_DOCUMENTS = {
    Outcome.ADMITTED: (DocumentKind.ADMISSION_LETTER, DocumentKind.ADMISSION_CERTIFICATE),
    Outcome.REJECTED: (DocumentKind.FEEDBACK_LETTER,),
}
TEMPLATES = {
    DocumentKind.FEEDBACK_LETTER: "letters/feedback_letter.html",
    DocumentKind.ADMISSION_LETTER: "letters/admission_letter.html",
    DocumentKind.ADMISSION_CERTIFICATE: "letters/admission_certificate.html",
    DocumentKind.DOSSIER: "letters/dossier.html",
}
FILE_NAMES = {
    DocumentKind.FEEDBACK_LETTER: "Schreiben-Rueckmeldung",
    DocumentKind.ADMISSION_LETTER: "Aufnahmeschreiben",
    DocumentKind.ADMISSION_CERTIFICATE: "Aufnahmeurkunde",
    DocumentKind.DOSSIER: "Dossier",
}


def letter_context(application: Application) -> dict:
    cluster = application.cluster
    return {
        **programme_context(),
        "application": application,
        "cluster": cluster,
        "case_number": application.case_number,
        "reference": application.case_number,
        "recipient_name": letter_recipient_name(cluster),
        "letter_date": letter_date(timezone.localdate()),
        "submitted_on": letter_date(application.submitted_at) if application.submitted_at else "",
    }


def decision_context(application: Application) -> dict:
    decision = application.decision
    context = letter_context(application)
    context["decided_on"] = letter_date(decision.decided_at)
    context["effective_on"] = letter_date(decision.released_at or timezone.now())
    interview = getattr(application, "interview", None)
    context["interview_on"] = letter_date(interview.held_at) if interview and interview.held_at else ""
    context["feedback"] = list(decision.feedback.select_related("area"))
    return context


def decision_preview_pdf(application: Application, feedback: dict[int, str]) -> bytes:
    """The letters the release will send (same templates, same data), rendered now and stored nowhere: staff read
    them before releasing. For a rejection `feedback` (quality area pk -> text, as typed on the release page)
    stands in for the feedback the release will store. Several letters (admission: letter and certificate) come
    as one PDF, in the order they are sent."""
    decision = application.decision
    with translation.override("de"):
        context = decision_context(application)
        if decision.outcome == Outcome.REJECTED:
            context["feedback"] = [DecisionFeedback(decision=decision, area=area, text=feedback.get(area.pk, ""))
                                   for area in QualityArea.objects.all()]
        parts = [render_pdf(TEMPLATES[kind], context) for kind in DECISION_DOCUMENTS[decision.outcome]]
    return merge_pdfs(parts) if len(parts) > 1 else parts[0]


def dossier_context(application: Application) -> dict:
    actors = list(application.actors.all())
    interview = getattr(application, "interview", None)
    assessments = list(interview.assessments.select_related("criterion__area")) if interview else []
    results = evaluate(application, actors=actors)
    areas = list(QualityArea.objects.all())
    return {
        **letter_context(application),
        "actors": actors,
        "statistics": actor_statistics(actors),
        "results_by_area": [(area, [r for r in results if r.criterion.area_id == area.pk]) for area in areas],
        "interview": interview,
        "interview_on": letter_date(interview.held_at) if interview and interview.held_at else "",
        "assessments_by_area": [(area, [a for a in assessments if a.criterion.area_id == area.pk])
                                for area in areas],
        "strategy_pages": application.strategy_document_pages,
        "generated_at": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
    }


def download_name(application: Application, kind: str) -> str:
    return f"{application.case_number}_{FILE_NAMES[kind]}.pdf"


def render_decision_document(application: Application, kind: str) -> Document:
    with translation.override("de"):
        return render_document(related=application, kind=kind, template=TEMPLATES[kind],
                               context=decision_context(application), download_name=download_name(application, kind))


def dossier_summary_pdf(application: Application) -> bytes:
    """The rendered part of the dossier alone (the strategy document follows it)."""
    with translation.override("de"):
        return render_pdf(TEMPLATES[DocumentKind.DOSSIER], dossier_context(application))


def render_dossier(application: Application) -> Document:
    strategy = ()
    if application.strategy_document:
        with application.strategy_document.open("rb") as handle:
            strategy = (handle.read(),)
    with translation.override("de"):
        return render_document(related=application, kind=DocumentKind.DOSSIER,
                               template=TEMPLATES[DocumentKind.DOSSIER], context=dossier_context(application),
                               download_name=download_name(application, DocumentKind.DOSSIER), append=strategy)


def dossier_start(*, application: Application, by) -> DocumentJob:
    """A job renders the voters' dossier in the worker; the page polls it. When voting opens, and on demand."""
    job = job_create(related=application, kind=DocumentKind.DOSSIER, by=by)
    jobs.later("applications.tasks.render_dossier", job_id=job.pk)
    return job
