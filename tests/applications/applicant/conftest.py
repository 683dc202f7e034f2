import pytest

from tests.applications.builders import draft
from tests.factories import PASSWORD


@pytest.fixture
def application(db):
    return draft()


@pytest.fixture
def manager(application):
    return application.cluster.managers.first()


@pytest.fixture
def manager_client(client, manager):
    client.login(email=manager.email, password=PASSWORD)
    return client
