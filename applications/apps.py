from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _schedule_reminder_sweep(sender, **kwargs):
    # Imported at signal time: the schedule's models load only once the app registry is ready.
    from django.conf import settings

    from gocluster.schedules import ensure_interval_task

    ensure_interval_task(name="Erinnerungen versenden", task="applications.tasks.sweep_reminders",
                         minutes=settings.REMINDER_SWEEP_MINUTES)


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Aufnahmeverfahren")

    def ready(self):
        post_migrate.connect(_schedule_reminder_sweep, sender=self, dispatch_uid="reminder-sweep-schedule")
        # Models and what uses them load only once the app registry is ready.
        from applications.models import Application
        from applications.selectors.access import may_download
        from applications.services import audit
        from gocluster.admin_audit import register_audit_writer
        from gocluster.documents.access import register_access

        register_access(Application, may_download)
        # Admin changes of reference data (both apps) go into the one audit trail.
        register_audit_writer(audit.record)
        _connect_published_data()


def _connect_published_data() -> None:
    """Actor lists, the link of an admission to its membership, and organisation decisions change the figures."""
    # Imported here: models load only once the app registry is ready.
    from django.db.models.signals import post_delete, post_save

    from applications.models import Application, ClusterActor, OrganisationDecision
    from gocluster.published import touch

    for model in (Application, ClusterActor, OrganisationDecision):
        post_save.connect(touch, sender=model, dispatch_uid=f"published-save-{model.__name__}")
        post_delete.connect(touch, sender=model, dispatch_uid=f"published-delete-{model.__name__}")
