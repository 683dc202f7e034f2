from django.urls import path

from .views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
]
