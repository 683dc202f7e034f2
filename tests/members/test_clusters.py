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
    _login(client, claimant).post(reverse("cluster-claim"), {"name": cluster.name, "city": cluster.city,
                                                             "message": "Geschäftsführerin"})
    claim = ClusterClaim.objects.get()
    assert (claim.state, cluster.managers.filter(pk=claimant.pk).exists()) == (ClaimState.PENDING, False)
    assert "wird von der Geschäftsstelle geprüft" in client.get(reverse("applicant:dashboard")).content.decode()
    # A cluster manager cannot confirm their own claim.
    assert client.post(reverse("claim-decide", args=[claim.pk]), {"decision": "confirm"}).status_code == 404
    staff = StaffFactory()
    _login(client, staff)
    assert "Geschäftsführerin" in client.get(reverse("claim-list")).content.decode()
    client.post(reverse("claim-decide", args=[claim.pk]), {"decision": "confirm", "cluster": cluster.pk})
    claim.refresh_from_db()
    assert claim.state == ClaimState.CONFIRMED
    assert cluster.managers.filter(pk=claimant.pk).exists()
    assert OutboxMail.objects.filter(recipient=claimant.email, event="cluster_claim_decided").count() == 1


def test_claim_twice_is_refused(client):
    cluster = ClusterFactory()
    _login(client, UserFactory())
    client.post(reverse("cluster-claim"), {"name": cluster.name, "city": cluster.city})
    response = client.post(reverse("cluster-claim"), {"name": cluster.name, "city": cluster.city})
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


# --- Finding 11: a claim names the cluster; the portal never shows or tells which clusters exist ----------


def test_claim_form_lists_no_clusters(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    ClusterFactory(name="Abgelehnter Bewerber Süd", city="Ulm")
    html = _login(client, UserFactory()).get(reverse("cluster-claim")).content.decode()
    assert "Abgelehnter Bewerber Süd" not in html
    assert "<select" not in html
    assert 'name="name"' in html and 'name="city"' in html


def test_claim_reply_is_the_same_whether_or_not_the_cluster_exists(client):
    cluster = ClusterFactory(name="Photonik Nord", city="Hamburg")
    _login(client, UserFactory())
    answers = []
    for name, city in ((cluster.name, cluster.city), ("Gibt es nicht", "Nirgendwo")):
        response = client.post(reverse("cluster-claim"), {"name": name, "city": city}, follow=True)
        answers.append((response.redirect_chain, [str(m) for m in response.context["messages"]]))
    assert answers[0] == answers[1]
    assert answers[0][1] == ["Ihr Anspruch ist eingegangen. Die Geschäftsstelle prüft ihn und benachrichtigt Sie "
                             "per E-Mail."]
    assert list(ClusterClaim.objects.order_by("pk").values_list("claimed_name", "claimed_city", "cluster")) == [
        ("Photonik Nord", "Hamburg", None), ("Gibt es nicht", "Nirgendwo", None)]


def test_claim_staff_see_matching_clusters_and_confirm_only_a_matching_one(client, settings):
    from gocluster.errors import Refusal
    from members.services.clusters import cluster_claim_decide, cluster_claim_request

    settings.GOCLUSTER_REQUIRE_MFA = False
    match = ClusterFactory(name="Photonik Nord", city="Hamburg")
    namesake = ClusterFactory(name="Photonik Nord", city="Kiel")
    first_manager = match.managers.get()
    claim = cluster_claim_request(name="photonik  nord", city="HAMBURG", by=UserFactory())
    staff = StaffFactory()
    response = _login(client, staff).get(reverse("claim-list"))
    assert response.context["rows"] == [(claim, [match])]
    with pytest.raises(Refusal) as refused:
        cluster_claim_decide(claim=claim, by=staff, confirm=True, cluster=namesake)
    assert refused.value.messages == ["Bitte wählen Sie einen Cluster, dessen Name und Ort zum Anspruch passen."]
    cluster_claim_decide(claim=claim, by=staff, confirm=True, cluster=match)
    assert set(match.managers.all()) == {first_manager, claim.user}
    assert not namesake.managers.filter(pk=claim.user.pk).exists()


def test_claim_rejection_mail_names_the_cluster_as_typed():
    from members.services.clusters import cluster_claim_decide, cluster_claim_request

    ClusterFactory(name="Photonik Nord", city="Hamburg")
    claimant = UserFactory()
    claim = cluster_claim_request(name="Photonik Nord", city="Hamburg", by=claimant)
    cluster_claim_decide(claim=claim, by=StaffFactory(), confirm=False)
    mail = OutboxMail.objects.get(event="cluster_claim_decided")
    assert mail.subject == "Ihr Anspruch auf den Cluster „Photonik Nord“"


# --- Finding 17: a claim is never confirmed for someone who meanwhile sits on a voting body --------------


def test_claim_confirmation_refused_when_the_claimant_meanwhile_sits_on_the_board():
    from gocluster.errors import Refusal
    from members.enums import Role
    from members.services.clusters import cluster_claim_decide, cluster_claim_request

    cluster = ClusterFactory(name="Photonik Nord", city="Hamburg")
    claimant = UserFactory()
    claim = cluster_claim_request(name="Photonik Nord", city="Hamburg", by=claimant)
    claimant.role = Role.BOARD
    claimant.save(update_fields=["role"])
    with pytest.raises(Refusal) as refused:
        cluster_claim_decide(claim=claim, by=StaffFactory(), confirm=True, cluster=cluster)
    assert refused.value.messages == [
        f"Der Anspruch kann nicht bestätigt werden: Das Konto von {claimant.full_name} ist kein aktives Konto des "
        "Clustermanagements (z. B. weil die Person inzwischen einem Gremium angehört)."]
    claim.refresh_from_db()
    assert (claim.state, cluster.managers.filter(pk=claimant.pk).exists()) == (ClaimState.PENDING, False)


# --- Finding 12: control characters (and links in names) are refused by the forms -------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "Photonik\x07 Nord", "Der Text enthält unsichtbare Steuerzeichen."),
    ("city", "Ham\u202eburg", "Der Text enthält unsichtbare Steuerzeichen."),
    ("description", "Zeile eins\nZeile\x1b zwei", "Der Text enthält unsichtbare Steuerzeichen."),
    ("name", "Photonik Nord https://phish.example/login", "Bitte geben Sie hier keine Web- oder E-Mail-Adresse an"),
])
def test_cluster_form_refuses_control_characters_and_links(client, field, value, message):
    response = _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Cluster.objects.count() == 0


def test_cluster_form_keeps_line_breaks_in_the_description(client):
    _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, "description": "Eins\r\nZwei"})
    assert Cluster.objects.get().description == "Eins\r\nZwei"
