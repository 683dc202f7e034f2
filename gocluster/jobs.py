"""Start background work by the task's name, after the commit (Zulip's named queues).

Domain code never imports a task module: tasks are leaves that import services, so naming them here
keeps the import graph free of circles. In the `make run` default (CELERY_TASK_ALWAYS_EAGER) the task
runs in-process once the transaction commits; with a broker it goes to a worker.
"""

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from gocluster.celery import app


def _task(task_name: str):
    if task_name not in app.tasks:
        autodiscover_modules("tasks")  # each app's tasks.py registers its tasks with the Celery app
    return app.tasks[task_name]


def later(task_name: str, **ids) -> None:
    """Queue `task_name` with keyword arguments (ids, never objects) once the current transaction commits,
    or at once outside a transaction."""
    task = _task(task_name)  # an unknown name fails here, in the caller's transaction, not after it
    transaction.on_commit(lambda: task.apply_async(kwargs=ids))
