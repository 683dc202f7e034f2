"""Staff endpoints for generated case documents, under /geschaeftsstelle/."""

from django.urls import path

from applications.views import documents

app_name = "case_documents"
urlpatterns = [
    path("antraege/<int:pk>/dossier/", documents.dossier_panel, name="dossier_panel"),
    path("antraege/<int:pk>/dossier/erstellen/", documents.dossier_start, name="dossier_start"),
    path("dossier-auftraege/<int:job_pk>/", documents.dossier_job, name="dossier_job"),
    path("antraege/<int:pk>/mails/", documents.mails_panel, name="mails_panel"),
    path("antraege/<int:pk>/mails/<int:mail_pk>/erneut-senden/", documents.mail_resend, name="mail_resend"),
]
