import uuid

import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A local-memory cache of this test alone: the published-data stamp, cached bodies and the feed rate limit
    never meet another test's (a shared Redis cache serves both xdist workers in CI)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"figures-{uuid.uuid4().hex}"}}
