"""Staff endpoints for generated case documents, under /geschaeftsstelle/."""

from django.urls import path

from .views import documents

app_name = "case_documents"
urlpatterns = [
    path("antraege/<int:pk>/dossier/", documents.dossier_panel, name="dossier_panel"),
    path("antraege/<int:pk>/dossier/erstellen/", documents.dossier_start, name="dossier_start"),
    path("dossier-auftraege/<int:job_pk>/", documents.dossier_job, name="dossier_job"),
]
