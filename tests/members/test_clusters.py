"""Cluster profile, claims confirmed by staff, and co-manager invitations."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from gocluster.errors import Refusal
from gocluster.outbox.models import OutboxMail
from gocluster.outbox.services import queue_templated_mail
from gocluster.outbox.templatetags.mail import portal_links
from members.models import ClaimState, Cluster, ClusterClaim, Invitation, User
from members.services import clusters
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


def _invite(client, cluster, email):
    """The manager invites `email`; returns the path of the link in the mail."""
    _login(client, cluster.managers.first()).post(reverse("cluster-invite", args=[cluster.pk]), {"email": email})
    body = OutboxMail.objects.filter(event="cluster_invitation").latest("id").body_text
    client.logout()
    return re.search(r"https?://\S+?(/portal/einladung/[\w-]+/)", body).group(1)


def test_invitation_mails_a_link_and_is_accepted_with_the_button(client):
    cluster = ClusterFactory(name="Photonik Nord")
    _login(client, cluster.managers.first()).post(reverse("cluster-invite", args=[cluster.pk]),
                                                  {"email": "Kollegin@Example.org"})
    invitation = Invitation.objects.get()
    assert invitation.email == "kollegin@example.org"
    mail = OutboxMail.objects.get(event="cluster_invitation")
    assert mail.recipient == "kollegin@example.org"
    path = re.search(r"https?://\S+?(/portal/einladung/[\w-]+/)", mail.body_text).group(1)
    # Only the hash of the token is stored.
    assert invitation.token_hash == Invitation.hash_token(path.split("/")[-2])
    assert path.split("/")[-2] not in invitation.token_hash
    client.logout()
    invitee = UserFactory(email="kollegin@example.org")
    _login(client, invitee)
    page = client.get(path)
    assert page.status_code == 200
    assert "Photonik Nord" in page.content.decode()
    assert not cluster.managers.filter(pk=invitee.pk).exists()  # opening the page accepts nothing
    response = client.post(path)
    assert response["Location"] == reverse("applicant:dashboard")
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert cluster.managers.filter(pk=invitee.pk).exists()


def test_invitation_is_not_accepted_by_logging_in(client):
    """No acceptance by address at login: the look-alike of an invited address (finding 4) gets nothing."""
    cluster = ClusterFactory()
    clusters.invitation_create(cluster=cluster, by=cluster.managers.first(), email="neu@example.org")
    invitee = UserFactory(email="neu@example.org")
    _login(client, invitee)
    client.get(reverse("portal-start"))
    assert not cluster.managers.filter(pk=invitee.pk).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_is_not_accepted_with_an_unverified_address(client):
    cluster = ClusterFactory()
    Invitation.objects.create(cluster=cluster, email="neu@example.org", invited_by=cluster.managers.first(),
                              expires_at=timezone.now() + timedelta(days=1))
    invitee = UserFactory(email="neu@example.org")
    EmailAddress.objects.filter(user=invitee).update(verified=False)
    _login(client, invitee)
    assert not cluster.managers.filter(pk=invitee.pk).exists()


def test_invitation_accepted_through_signup_and_verification(client):
    cluster = ClusterFactory()
    path = _invite(client, cluster, "neu@example.org")
    login = client.get(path)
    assert login["Location"] == f"/konto/login/?next={path}"
    client.post(f"{reverse('account_signup')}?next={path}", {"full_name": "Nora Neu", "email": "neu@example.org",
                                                             "password1": PASSWORD, "password2": PASSWORD})
    body = OutboxMail.objects.filter(recipient="neu@example.org").latest("id").body_text
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", body).group(0)
    confirmed = client.post("/" + link.split("/", 3)[3])
    # The confirmation logs the new account in and leads back to the invitation.
    assert confirmed["Location"] == path
    client.post(path)
    assert cluster.managers.filter(email="neu@example.org").exists()


def test_invitation_link_works_once(client):
    cluster = ClusterFactory()
    owner = cluster.managers.get()
    path = _invite(client, cluster, "neu@example.org")
    first, second = UserFactory(), UserFactory()
    _login(client, first).post(path)
    response = _login(client, second).post(path)
    assert "Diese Einladung wurde bereits angenommen." in response.content.decode()
    assert set(cluster.managers.all()) == {owner, first}


def test_expired_invitation_is_refused_and_may_be_sent_again(client, time_machine):
    time_machine.move_to("2027-03-01T10:00:00+01:00", tick=False)
    cluster = ClusterFactory()
    path = _invite(client, cluster, "neu@example.org")
    time_machine.move_to("2027-03-15T10:00:01+01:00", tick=False)
    invitee = UserFactory()
    response = _login(client, invitee).post(path)
    assert "Diese Einladung ist abgelaufen." in response.content.decode()
    assert not cluster.managers.filter(pk=invitee.pk).exists()
    client.logout()
    new_path = _invite(client, cluster, "neu@example.org")
    assert new_path != path
    assert Invitation.objects.count() == 1


def test_unknown_invitation_link_is_404(client):
    assert _login(client, UserFactory()).get("/portal/einladung/gibt-es-nicht/").status_code == 404


def test_invitation_page_is_404_for_staff_and_voters(client, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    cluster = ClusterFactory()
    path = _invite(client, cluster, "neu@example.org")
    assert _login(client, StaffFactory()).get(path).status_code == 404


@pytest.mark.postgres
def test_look_alike_address_does_not_take_over_an_invitation(client):
    """PostgreSQL's UPPER('ı') is 'I': by `email__iexact` the account kim@gmaıl.com matched an invitation to
    kim@gmail.com and took the cluster over at its next login."""
    cluster = ClusterFactory()
    clusters.invitation_create(cluster=cluster, by=cluster.managers.first(), email="kim@gmail.com")
    attacker = UserFactory(email="kim@gmaıl.com")
    _login(client, attacker)
    client.get(reverse("portal-start"))
    assert not cluster.managers.filter(pk=attacker.pk).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitations_per_user_and_day_are_limited(client, settings):
    settings.INVITATIONS_PER_USER_PER_DAY, settings.INVITATIONS_PER_CLUSTER_PER_DAY = 3, 100
    cluster = ClusterFactory()
    manager = cluster.managers.first()
    other_cluster = ClusterFactory(managers=[manager])
    for number in range(3):
        clusters.invitation_create(cluster=cluster if number < 2 else other_cluster, by=manager,
                                   email=f"person{number}@example.net")
    response = _login(client, manager).post(reverse("cluster-invite", args=[cluster.pk]),
                                            {"email": "vierte@example.net"})
    assert "Sie haben in den letzten 24 Stunden bereits 3 Einladungen verschickt." in response.content.decode()
    assert (Invitation.objects.count(), OutboxMail.objects.filter(event="cluster_invitation").count()) == (3, 3)


def test_invitations_per_cluster_and_day_are_limited(settings, time_machine):
    time_machine.move_to("2027-03-01T10:00:00+01:00", tick=False)
    settings.INVITATIONS_PER_USER_PER_DAY, settings.INVITATIONS_PER_CLUSTER_PER_DAY = 100, 2
    cluster = ClusterFactory()
    first, second = cluster.managers.first(), UserFactory()
    cluster.managers.add(second)
    clusters.invitation_create(cluster=cluster, by=first, email="a@example.net")
    clusters.invitation_create(cluster=cluster, by=second, email="b@example.net")
    with pytest.raises(Refusal) as refused:
        clusters.invitation_create(cluster=cluster, by=second, email="c@example.net")
    assert refused.value.messages == [
        "Für diesen Cluster wurden in den letzten 24 Stunden bereits 2 Einladungen verschickt. Weitere sind ab "
        "morgen wieder möglich; in dringenden Fällen hilft die Geschäftsstelle."]
    # A day later the cluster may invite again.
    time_machine.move_to("2027-03-02T10:00:01+01:00", tick=False)
    assert clusters.invitation_create(cluster=cluster, by=second, email="c@example.net").email == "c@example.net"


@pytest.mark.parametrize("name", ["Gewinnspiel auf www.preis-sofort.example", "Jetzt http://evil.example/login",
                                  "Mehr unter preis-sofort.com", "Cluster 10.0.0.1"])
def test_cluster_name_with_a_link_is_refused(client, name):
    response = _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, "name": name})
    assert "Bitte geben Sie hier keine Internetadressen an" in response.content.decode()
    assert Cluster.objects.count() == 0
    with pytest.raises(Refusal):
        clusters.cluster_create(by=UserFactory(), data={**CLUSTER_DATA, "name": name})


@pytest.mark.parametrize("name", ["BIO.NRW", "Photonik Nord e. V.", "Kunststoff.Saar", "Industrie 4.0 Cluster"])
def test_real_cluster_names_with_dots_are_accepted(client, name):
    _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, "name": name})
    assert list(Cluster.objects.values_list("name", flat=True)) == [name]


def test_invitation_from_a_cluster_named_with_a_link_is_refused():
    """A cluster stored before names were checked does not send mails with its link."""
    cluster = ClusterFactory()
    Cluster.objects.filter(pk=cluster.pk).update(name="Gewinn unter www.preis-sofort.example")
    cluster.refresh_from_db()
    with pytest.raises(Refusal):
        clusters.invitation_create(cluster=cluster, by=cluster.managers.first(), email="opfer@example.net")
    assert OutboxMail.objects.count() == 0


def test_signup_name_with_a_link_is_refused(client):
    response = client.post(reverse("account_signup"), {"full_name": "Preis auf www.preis-sofort.example",
                                                       "email": "neu@example.org", "password1": PASSWORD,
                                                       "password2": PASSWORD})
    assert "Bitte geben Sie hier keine Internetadressen an" in response.content.decode()
    assert User.objects.filter(email="neu@example.org").count() == 0


def test_mail_links_only_the_portal_address_never_user_text(settings):
    settings.SITE_URL = "https://portal.go-cluster.de"
    mail = queue_templated_mail(event="cluster_invitation", recipient="a@example.org", context={
        "cluster_name": "Gewinn auf https://evil.example/login und www.preis.example",
        "inviter_name": "Eve <b>Evil</b>", "accept_path": "/portal/einladung/abc/", "expires_at": timezone.now()})
    links = re.findall(r'<a href="([^"]+)"', mail.body_html)
    assert links == ["https://portal.go-cluster.de/portal/einladung/abc/"]
    assert "Eve &lt;b&gt;Evil&lt;/b&gt;" in mail.body_html
    assert "https://evil.example/login" in mail.body_html  # shown as text, not as a link


def test_portal_links_ignore_look_alike_hosts(settings):
    settings.SITE_URL = "https://portal.go-cluster.de"
    html = portal_links("https://portal.go-cluster.de.evil.example/x https://portal.go-cluster.de@evil.example "
                        "https://portal.go-cluster.de/antrag/.", settings.SITE_URL)
    assert re.findall(r'<a href="([^"]+)"', html) == ["https://portal.go-cluster.de/antrag/"]


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
    ("name", "Photonik Nord https://phish.example/login", "Bitte geben Sie hier keine Internetadressen an"),
])
def test_cluster_form_refuses_control_characters_and_links(client, field, value, message):
    response = _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Cluster.objects.count() == 0


def test_cluster_form_keeps_line_breaks_in_the_description(client):
    _login(client, UserFactory()).post(reverse("cluster-create"), {**CLUSTER_DATA, "description": "Eins\r\nZwei"})
    assert Cluster.objects.get().description == "Eins\r\nZwei"
