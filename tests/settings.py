"""The settings the test suite runs with: the portal's one settings module in its development environment.

`make test` sets GOCLUSTER_ENV=development itself; this makes a bare `pytest` do the same. It sets the
variable in the process environment, so subprocesses of the suite (a Celery worker, `manage.py`) inherit it
unless a test says otherwise (tests/test_settings.py runs production settings that way).
"""

import os

os.environ.setdefault("GOCLUSTER_ENV", "development")

from gocluster.settings import *  # noqa: F403
