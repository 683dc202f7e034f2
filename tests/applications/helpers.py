"""Helpers for the view tests of the workbench and the voting room."""

from django.test import Client

from tests.factories import PASSWORD


def client_for(user, *, reauthenticated: bool = False) -> Client:
    client = Client()
    client.force_login(user)
    if reauthenticated:
        reauthenticate(client)
    return client


def reauthenticate(client: Client) -> None:
    """Enter the password again, as allauth asks before a vote or a release."""
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
