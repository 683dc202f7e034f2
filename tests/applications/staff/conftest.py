import pytest


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
