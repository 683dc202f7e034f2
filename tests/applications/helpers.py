"""Helpers for the view tests of the workbench and the voting room."""

from datetime import datetime, time, timedelta

from allauth.account.internal.flows.login import record_authentication
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.factories import PASSWORD


def local_moment(days: int, hour: int = 10) -> datetime:
    """`hour` o'clock Berlin time, `days` from today (negative: ago), for the date-and-time fields of forms.

    Not "now + n days": that keeps the time of day, and when the clocks go back it can land on the hour that
    happens twice (02:xx on the last Sunday in October), which a form rightly refuses as ambiguous."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def form_datetime(moment: datetime) -> str:
    """A moment as a `datetime-local` field sends it: Berlin wall-clock time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


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
