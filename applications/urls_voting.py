from django.urls import path

from .views import voting

app_name = "voting"
urlpatterns = [
    path("", voting.dashboard, name="dashboard"),
]
