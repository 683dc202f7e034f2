"""Cluster profile, claims confirmed by staff, and co-manager invitations."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from gocluster.outbox.models import OutboxMail
from members.models import ClaimState, Cluster, ClusterClaim, Invitation
from tests.factories import PASSWORD, ClusterFactory, StaffFactory, TechnologyFieldFactory, UserFactory

pytestmark = pytest.mark.django_db

CLUSTER_DATA = {
    "name": "Photonik Nord", "acronym": "PN", "management_organisation": "Photonik Nord e. V.", "legal_form": "e. V.",
    "street": "Am Hafen 1", "postcode": "20457", "city": "Hamburg", "bundesland": "HH", "year_founded": "2012",
}


def _login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_manager_creates_a_cluster_and_manages_it(client):
    manager = UserFactory()
    field = TechnologyFieldFactory()
    response = _login(client, manager).post(reverse("cluster-create"),
                                            {**CLUSTER_DATA, "technology_fields": [field.pk]})
    assert response.url == reverse("applicant:dashboard")
    cluster = Cluster.objects.get(name="Photonik Nord")
    assert list(cluster.managers.all()) == [manager]
    assert list(cluster.technology_fields.all()) == [field]


def test_invalid_postcode_is_shown_in_the_error_summary(client):
    response = _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, "postcode": "123"})
    assert "Bitte geben Sie eine fünfstellige Postleitzahl an." in response.content.decode()
    assert Cluster.objects.count() == 0


def test_profile_edit_saves_and_is_404_for_other_managers(client):
    cluster = ClusterFactory()
    url = reverse("cluster-edit", args=[cluster.pk])
    assert _login(client, UserFactory()).get(url).status_code == 404
    _login(client, cluster.managers.first()).post(url, {**CLUSTER_DATA, "name": "Neuer Name"})
    cluster.refresh_from_db()
    assert cluster.name == "Neuer Name"


def test_claim_waits_for_staff_and_confirmation_adds_the_manager(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    cluster = ClusterFactory()
    claimant = UserFactory()
    _login(client, claimant).post(reverse("cluster-claim"), {"cluster": cluster.pk, "message": "Geschäftsführerin"})
    claim = ClusterClaim.objects.get()
    assert (claim.state, cluster.managers.filter(pk=claimant.pk).exists()) == (ClaimState.PENDING, False)
    assert "wird von der Geschäftsstelle geprüft" in client.get(reverse("applicant:dashboard")).content.decode()
    # A cluster manager cannot confirm their own claim.
    assert client.post(reverse("claim-decide", args=[claim.pk]), {"decision": "confirm"}).status_code == 404
    staff = StaffFactory()
    _login(client, staff)
    assert "Geschäftsführerin" in client.get(reverse("claim-list")).content.decode()
    client.post(reverse("claim-decide", args=[claim.pk]), {"decision": "confirm"})
    claim.refresh_from_db()
    assert claim.state == ClaimState.CONFIRMED
    assert cluster.managers.filter(pk=claimant.pk).exists()
    assert OutboxMail.objects.filter(recipient=claimant.email, event="cluster_claim_decided").count() == 1


def test_claim_twice_is_refused(client):
    cluster = ClusterFactory()
    _login(client, UserFactory())
    client.post(reverse("cluster-claim"), {"cluster": cluster.pk})
    response = client.post(reverse("cluster-claim"), {"cluster": cluster.pk})
    assert "Sie haben diesen Cluster bereits beansprucht" in response.content.decode()
    assert ClusterClaim.objects.count() == 1


def test_invitation_mails_and_is_accepted_when_the_invitee_logs_in(client):
    cluster = ClusterFactory()
    _login(client, cluster.managers.first()).post(reverse("cluster-invite", args=[cluster.pk]),
                                                  {"email": "Kollegin@Example.org"})
    invitation = Invitation.objects.get()
    assert invitation.email == "kollegin@example.org"
    mail = OutboxMail.objects.get(event="cluster_invitation")
    assert mail.recipient == "kollegin@example.org"
    client.logout()
    invitee = UserFactory(email="kollegin@example.org")
    _login(client, invitee)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert cluster.managers.filter(pk=invitee.pk).exists()


def test_invitation_is_not_accepted_with_an_unverified_address(client):
    cluster = ClusterFactory()
    Invitation.objects.create(cluster=cluster, email="neu@example.org", invited_by=cluster.managers.first())
    invitee = UserFactory(email="neu@example.org")
    EmailAddress.objects.filter(user=invitee).update(verified=False)
    _login(client, invitee)
    assert not cluster.managers.filter(pk=invitee.pk).exists()


def test_invitation_accepted_through_signup_and_verification(client):
    cluster = ClusterFactory()
    Invitation.objects.create(cluster=cluster, email="neu@example.org", invited_by=cluster.managers.first())
    client.post(reverse("account_signup"), {"full_name": "Nora Neu", "email": "neu@example.org",
                                            "password1": PASSWORD, "password2": PASSWORD})
    body = OutboxMail.objects.filter(recipient="neu@example.org").latest("id").body_text
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", body).group(0)
    path = "/" + link.split("/", 3)[3]
    client.post(path)
    assert cluster.managers.filter(email="neu@example.org").exists()


def test_inviting_an_existing_manager_is_refused(client):
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    response = _login(client, manager).post(reverse("cluster-invite", args=[cluster.pk]), {"email": manager.email})
    assert "Diese Person gehört bereits zum Clustermanagement." in response.content.decode()
