"""Helpers for the view tests of the workbench and the voting room."""

from allauth.account.internal.flows.login import record_authentication
from django.test import Client, RequestFactory

from tests.factories import PASSWORD


def client_for(user, *, reauthenticated: bool = False) -> Client:
    client = Client()
    client.force_login(user)
    if reauthenticated:
        mark_reauthenticated(client, user)
    return client


def mark_reauthenticated(client: Client, user) -> None:
    """Record a fresh password re-entry in the session, as allauth's reauthentication form does.

    (Posting the form in every test would trip allauth's rate limit; the e2e journey uses the real form.)"""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, method="password", reauthenticated=True)
    request.session.save()


def reauthenticate(client: Client) -> None:
    """Enter the password again through allauth's form."""
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
