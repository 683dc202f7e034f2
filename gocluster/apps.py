from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoclusterConfig(AppConfig):
    """The project package as an app: it registers the project's system checks (gocluster/checks.py)."""

    name = "gocluster"
    verbose_name = _("go-cluster")

    def ready(self):
        from gocluster import checks  # noqa: F401 - registers the checks, once the registry is ready
