"""The settings the test suite runs with: the portal's one settings module in its development environment.

`make test` sets GOCLUSTER_ENV=development itself; this makes a bare `pytest` do the same. It sets the
variable in the process environment, so subprocesses of the suite (a Celery worker, `manage.py`) inherit it
unless a test says otherwise (tests/test_settings.py runs production settings that way).
"""

import os

os.environ.setdefault("GOCLUSTER_ENV", "development")

from gocluster.settings import *  # noqa: F403

# Each test starts with an empty cache of its own process (tests/conftest.py clears it): login rate limits
# counted in one test, or on the other xdist worker, never lock out another test's logins from 127.0.0.1.
# Redis as the production cache is checked in tests/test_settings.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
