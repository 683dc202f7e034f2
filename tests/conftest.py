"""Shared fixtures: users per role, the services the suite needs, and Debian's Chromium for Playwright."""

import os

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# In CI the real services must be there: a missing one fails the run instead of skipping tests.
REQUIRE_SERVICES = os.environ.get("GOCLUSTER_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    has_broker = bool(settings.CELERY_BROKER_URL)
    if REQUIRE_SERVICES and not (on_postgres and has_broker):
        raise pytest.UsageError(
            "GOCLUSTER_REQUIRE_SERVICES=1 but DATABASE_URL (PostgreSQL) or CELERY_BROKER_URL is not set"
        )
    for item in items:
        if "broker" in item.keywords:
            # One Redis broker for the run: its tests share one xdist worker, so no worker takes another's tasks.
            item.add_marker(pytest.mark.xdist_group("broker"))
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL (as .ci/run does)"))
        if "broker" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs Redis: run with CELERY_BROKER_URL (as .ci/run does)"))


# German pages; no CSS transitions (Bootstrap honours reduced motion), so axe never measures a colour mid-fade.
CONTEXT_ARGS = {"locale": "de-DE", "reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **CONTEXT_ARGS}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded and generated files of a test go to its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests run Celery tasks in-process; the `broker` tests talk to the real Redis and worker."""
    from gocluster.celery import app

    eager = "broker" not in request.keywords
    old = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = old
