"""The go-cluster portal project package."""

from gocluster.celery import app as celery_app

__all__ = ("celery_app",)
