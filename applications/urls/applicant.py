from django.urls import path

from applications.views import applicant as v, documents
from members.enums import Role

app_name = "applicant"
urlpatterns = [
    path("", v.dashboard, name="dashboard"),
    path("cluster/<int:cluster_pk>/beratung/", v.call_request, name="call-request"),
    path("cluster/<int:cluster_pk>/antrag-anlegen/", v.application_start, name="start"),
    path("beratung/<int:pk>/kalender.ics", v.call_ics, name="call-ics"),
    path("beratung/<int:pk>/absagen/", v.call_cancel, name="call-cancel"),
    path("akteure-vorlage.<str:fmt>", v.actor_template, name="actor-template"),
    path("<int:pk>/", v.case, name="case"),
    path("<int:pk>/abschnitt/<slug:section>/", v.section, name="section"),
    path("<int:pk>/strategiedokument/", v.strategy, name="strategy"),
    path("<int:pk>/strategiedokument/datei/", documents.strategy_document(Role.CLUSTER_MANAGER),
         name="strategy-download"),
    path("<int:pk>/akteure/", v.actors, name="actors"),
    path("<int:pk>/akteure/import/", v.actor_import, name="actor-import"),
    path("<int:pk>/akteure/import/bestaetigen/", v.actor_import_confirm, name="actor-import-confirm"),
    path("<int:pk>/pruefen/", v.review, name="review"),
    path("<int:pk>/eingereicht/", v.submitted, name="submitted"),
    path("<int:pk>/aufnahmegespraech.ics", v.interview_ics, name="interview-ics"),
    path("<int:pk>/zurueckziehen/", v.withdraw, name="withdraw"),
]
