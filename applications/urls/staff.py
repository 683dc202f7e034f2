from django.urls import path

from applications.views import documents, staff
from applications.views.staff import organisations
from members.enums import Role

app_name = "staff"
urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("faelle/", staff.case_list, name="case_list"),
    path("faelle/export.<str:fmt>", staff.case_export, name="case_export"),
    path("faelle/<int:pk>/", staff.case_detail, name="case_detail"),
    path("faelle/<int:pk>/strategiedokument/", documents.strategy_document(Role.STAFF), name="case_strategy_document"),
    path("faelle/<int:pk>/notizen/", staff.case_note, name="case_note"),
    path("faelle/<int:pk>/schritt/<slug:name>/", staff.case_transition, name="case_transition"),
    path("faelle/<int:pk>/frist/", staff.case_extend_deadline, name="case_extend_deadline"),
    path("faelle/<int:pk>/entscheidung/", staff.case_decision, name="case_decision"),
    path("faelle/<int:pk>/entscheidung/freigeben/", staff.case_decision_release, name="case_decision_release"),
    path("faelle/<int:pk>/entscheidung/vorschau.pdf", staff.case_decision_preview_pdf,
         name="case_decision_preview_pdf"),
    path("beratung/", staff.call_list, name="call_list"),
    path("beratung/<int:pk>/", staff.call_detail, name="call_detail"),
    path("beratung/<int:pk>/<slug:action>/", staff.call_action, name="call_action"),
    path("faelle/<int:pk>/akteure-in-anderen-clustern/", organisations.case_shared_actors,
         name="case_shared_actors"),
    path("mitglieder/<int:membership_pk>/akteure-in-anderen-clustern/", organisations.member_shared_actors,
         name="member_shared_actors"),
    path("zahlen/", organisations.figures, name="figures"),
    path("organisationen/", organisations.organisation_review, name="organisation_review"),
    path("organisationen/entscheiden/", organisations.organisation_decide_view, name="organisation_decide"),
    path("gremien/", staff.board, name="board"),
    path("gremien/<int:user_pk>/entfernen/", staff.board_remove, name="board_remove"),
]
