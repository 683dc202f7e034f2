"""Periodic tasks live in django-celery-beat's tables; apps declare theirs here after every migrate.

Idempotent: the task row is created once and its interval follows the setting; an operator's
"disabled" in the admin is kept.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask


def ensure_interval_task(*, name: str, task: str, minutes: int) -> None:

    schedule, _created = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
    periodic, created = PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": schedule})
    if not created and (periodic.task != task or periodic.interval_id != schedule.pk):
        periodic.task, periodic.interval = task, schedule
        periodic.save(update_fields=["task", "interval"])
