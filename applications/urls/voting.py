from django.urls import path

from applications.views import documents, voting
from members.enums import Role

app_name = "voting"
urlpatterns = [
    path("", voting.dashboard, name="dashboard"),
    path("antraege/<int:pk>/", voting.case, name="case"),
    path("antraege/<int:pk>/strategiedokument/", documents.strategy_document(Role.MINISTRY, Role.BOARD),
         name="strategy_document"),
    path("antraege/<int:pk>/befangenheit/", voting.recuse, name="recuse"),
    path("antraege/<int:pk>/stimme/", voting.vote, name="vote"),
]
