from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _schedule_outbox_sweep(sender, **kwargs):
    # Imported at signal time: the schedule's models load only once the app registry is ready.
    from django.conf import settings

    from gocluster.schedules import ensure_interval_task

    ensure_interval_task(name="Postausgang: verlorene Mails erneut senden",
                         task="gocluster.outbox.tasks.requeue_stuck_mails", minutes=settings.OUTBOX_SWEEP_MINUTES)


class OutboxConfig(AppConfig):
    name = "gocluster.outbox"
    label = "outbox"
    verbose_name = _("Postausgang")

    def ready(self):
        post_migrate.connect(_schedule_outbox_sweep, sender=self, dispatch_uid="outbox-sweep-schedule")
