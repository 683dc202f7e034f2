"""Every URL of a case answers 404 to another cluster's manager, to staff and to voters (their areas are
elsewhere), and sends anonymous visitors to the login page. Built over all URL names, so new views are covered."""

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from applications.services import calls
from tests.factories import PASSWORD, BoardMemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

# URL names that are not about one cluster or case (the manager's own dashboard, the blank template).
NOT_CASE_BOUND = {"dashboard", "actor-template"}


def _applicant_names():
    resolver = get_resolver().namespace_dict["applicant"][1]
    return sorted({p.name for p in resolver.url_patterns})


@pytest.fixture
def urls(application, manager):
    staff = StaffFactory()
    call = calls.advisory_call_request(cluster=application.cluster, by=manager, mode="video",
                                          preferred_slots=[timezone.now() + timedelta(days=d) for d in (2, 3)])
    calls.advisory_call_schedule(call=call, by=staff, scheduled_at=timezone.now() + timedelta(days=4),
                                    advisor=staff, mode="video")
    kwargs = {
        "call-ics": {"pk": call.pk}, "call-cancel": {"pk": call.pk},
        "call-request": {"cluster_pk": application.cluster.pk}, "start": {"cluster_pk": application.cluster.pk},
        "section": {"pk": application.pk, "section": "management"}, "actor-template": {"fmt": "xlsx"},
        "dashboard": {},
    }
    return {name: reverse(f"applicant:{name}", kwargs=kwargs.get(name, {"pk": application.pk}))
            for name in _applicant_names()}


def test_url_list_covers_every_case_page(urls):
    assert set(urls) >= {"case", "section", "strategy", "strategy-download", "actors", "actor-import",
                         "actor-import-confirm", "review", "submitted", "withdraw", "call-ics", "call-cancel",
                         "call-request", "start"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_clusters_manager_gets_404_on_every_case_url(client, urls, application, method):
    stranger = UserFactory()
    client.login(email=stranger.email, password=PASSWORD)
    for name, url in urls.items():
        if name in NOT_CASE_BOUND:
            continue
        response = getattr(client, method)(url)
        assert (name, response.status_code) == (name, 404)
    application.refresh_from_db()
    assert application.state == "draft"


@pytest.mark.parametrize("factory", [StaffFactory, BoardMemberFactory])
def test_other_roles_get_404_on_every_applicant_url(client, urls, settings, factory):
    settings.GOCLUSTER_REQUIRE_MFA = False
    user = factory()
    client.login(email=user.email, password=PASSWORD)
    for name, url in urls.items():
        assert (name, client.get(url).status_code) == (name, 404)


def test_anonymous_visitors_are_sent_to_login_from_every_url(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert (name, response.status_code, response.url.split("?")[0]) == (name, 302, "/konto/login/")


def test_own_manager_reaches_every_get_page(manager_client, urls):
    for name, url in urls.items():
        if name in {"start", "actor-import-confirm"}:  # POST only
            continue
        if name == "interview-ics":  # only while an interview is scheduled: see test_appointments.py
            continue
        assert (name, manager_client.get(url).status_code) == (name, 200)
