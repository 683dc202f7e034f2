"""`make bench`: latency and query count of the portal's main pages on the demo data.

Runs in-process with Django's test client against a throw-away database (SQLite by default, PostgreSQL
when DATABASE_URL is set), so the numbers compare page to page and commit to commit, not with a
production server (see docs/benchmarks.md for those).
"""

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocluster.settings")
# The demo data and REQUIRE_MFA=false exist only in the development environment.
os.environ.setdefault("GOCLUSTER_ENV", "development")
os.environ.setdefault("REQUIRE_MFA", "false")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from members.models import User  # noqa: E402

# (who, path) pairs; None is an anonymous visitor.
PAGES = [
    (None, "/"),
    (None, "/konto/login/"),
    ("manager@example.org", "/antrag/"),
    ("staff@example.org", "/geschaeftsstelle/"),
    ("board1@example.org", "/abstimmung/"),
]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    print(f"{'page':40} {'user':22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for email, path in PAGES:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        client.get(path)  # warm caches and template loading
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        if response.status_code != 200:
            print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
            return 1
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{path:40} {email or 'anonym':22} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
