"""When the published data last changed: one cache key, for the ETag, Last-Modified and cache keys of the
public figures and the open data.

Every write that can change a public page (clusters, memberships, labels, technology fields, actor lists,
organisation decisions) calls `touch` through the signals each app connects in its `AppConfig.ready`; reading
the stamp costs no database query. The day is part of every key as well, because the data also change at
midnight (a membership that starts tomorrow, a label that expires today). Production shares the stamp through
Redis (`REDIS_URL`); with the local-memory cache of a one-process dev server it is per process, and a cached
body lives at most `CACHE_SECONDS`, so a stale one heals itself.
"""

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, time as clock
from typing import Any

from django.core.cache import cache
from django.utils import timezone

STAMP_KEY = "published-data:stamp"
CACHE_SECONDS = 300


def touch(*args, **kwargs) -> None:
    """Mark the published data as changed now (usable as a signal receiver)."""
    cache.set(STAMP_KEY, time.time(), timeout=None)


def stamp() -> float:
    value = cache.get(STAMP_KEY)
    if value is None:
        cache.add(STAMP_KEY, time.time(), timeout=None)
        value = cache.get(STAMP_KEY) or time.time()
    return value


def last_modified(today: date) -> datetime:
    """The later of the last write and the start of `today` (Europe/Berlin), to the second."""
    midnight = timezone.make_aware(datetime.combine(today, clock.min)).astimezone(UTC)
    written = datetime.fromtimestamp(int(stamp()), tz=UTC)
    return max(written, midnight)


def etag(name: str, today: date) -> str:
    return f'"{name}-{today:%Y%m%d}-{int(stamp() * 1000)}"'


def cached(name: str, today: date, build: Callable[[], Any]) -> Any:
    """`build()` once per name, day and stamp, kept `CACHE_SECONDS`."""
    key = f"published-data:{name}:{today:%Y%m%d}:{int(stamp() * 1000)}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=CACHE_SECONDS)
    return value
