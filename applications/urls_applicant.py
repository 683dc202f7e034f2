from django.urls import path

from .views import applicant

app_name = "applicant"
urlpatterns = [
    path("", applicant.dashboard, name="dashboard"),
]
