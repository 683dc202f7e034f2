"""Shared fixtures: users per role, the services the suite needs, and Debian's Chromium for Playwright."""

import os
from datetime import datetime

import factory.random
import pytest
from django.conf import settings
from django.core.cache import cache

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

# GOCLUSTER_TEST_NOW=2028-02-29T10:00:00+01:00 runs the whole suite on that day: the process clock (also in the
# live server's threads) starts there at session start and keeps ticking (time-machine). It shows that no test
# depends on today's date. Tests whose rule is about dates set their own moment with
# @pytest.mark.time_machine("..."). Chromium and a Celery worker subprocess keep the real clock.
TEST_NOW = os.environ.get("GOCLUSTER_TEST_NOW", "")
# Factory data (Faker names) comes from this seed, the same in every test, so no outcome hangs on a draw.
TEST_SEED = os.environ.get("GOCLUSTER_TEST_SEED", "go-cluster")
_CLOCK = pytest.StashKey()


def _test_now() -> datetime:
    try:
        moment = datetime.fromisoformat(TEST_NOW)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise pytest.UsageError(f"GOCLUSTER_TEST_NOW={TEST_NOW!r}: give an ISO datetime with offset, "
                                "e.g. 2028-02-29T10:00:00+01:00")
    return moment


def pytest_configure(config):
    if TEST_NOW:
        import time_machine

        traveller = time_machine.travel(_test_now(), tick=True)
        traveller.start()
        config.stash[_CLOCK] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_CLOCK, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    clock = f"clock set to {_test_now().isoformat()} (GOCLUSTER_TEST_NOW)" if TEST_NOW else "clock: real time"
    return [clock, f"factory seed: {TEST_SEED!r} (GOCLUSTER_TEST_SEED)"]


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
def _seeded_factories():
    """Every test draws the same Faker data, whichever tests ran before it."""
    factory.random.reseed_random(TEST_SEED)


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
def _empty_cache():
    """Rate limits and cached pages of one test never reach the next (a per-process cache: tests/settings.py)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests run Celery tasks in-process; the `broker` tests talk to the real Redis and worker."""
    from gocluster.celery import app

    eager = "broker" not in request.keywords
    old = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = old
