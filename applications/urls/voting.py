from django.urls import path

from applications.views import voting

app_name = "voting"
urlpatterns = [
    path("", voting.dashboard, name="dashboard"),
    path("antraege/<int:pk>/", voting.case, name="case"),
    path("antraege/<int:pk>/strategiedokument/", voting.strategy_document, name="strategy_document"),
    path("antraege/<int:pk>/befangenheit/", voting.recuse, name="recuse"),
    path("antraege/<int:pk>/stimme/", voting.vote, name="vote"),
]
