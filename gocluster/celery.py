"""The Celery application: Redis broker from the environment, settings from Django."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocluster.settings")

app = Celery("gocluster")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
