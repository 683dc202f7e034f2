"""Every URL of the portal against every role: only the allowed combinations succeed.

The table below classifies each named URL. A URL that is not in the table fails the test: classify
it (who may use it, with which objects) when you add it. The account pages (konto/, allauth) have their own
table, ACCOUNT_MATRIX; every URL of the Django admin (verwaltung/) follows one rule: only an is_staff account
in a session that passed the second factor.
"""

import re
from datetime import timedelta
from functools import cached_property

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.models import Application
from applications.services import calls, feeds as calendar_feeds, voting
from gocluster.documents import services as documents
from gocluster.documents.models import DocumentKind
from gocluster.outbox.models import MailState, OutboxMail
from members.models import Cluster, Invitation
from members.services import clusters as member_clusters, memberships as member_memberships
from members.services.notifications import notify_cost_share_decision
from tests.applications.builders import Cast, case_in_state, draft
from tests.applications.helpers import mark_reauthenticated
from tests.auth import enrol_totp, mark_second_factor
from tests.factories import (
    ActorFactory,
    AdvisoryCallFactory,
    ClusterFactory,
    HeldAdvisoryCallFactory,
    StaffFactory,
    UserFactory,
    make_pdf,
)
from tests.members.builders import TODAY, budget, member, request_args

pytestmark = pytest.mark.django_db

# Prefixes without pages of their own (the language switch, static files); verwaltung/ has its own rule below.
SKIPPED_PREFIXES = ("verwaltung/", "i18n/", "static/")
ADMIN_PREFIX = "verwaltung/"

ROLES = ("anonymous", "manager", "other_manager", "staff", "ministry", "board", "recused_board")
PUBLIC = frozenset(ROLES)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
STAFF = frozenset({"staff"})
# Any cluster manager (pages about the manager's own clusters, or about none).
MANAGERS = frozenset({"manager", "other_manager"})
# Only the manager of the subject's cluster (see World.user).
MANAGER = frozenset({"manager"})
VOTERS = frozenset({"ministry", "board"})
VOTERS_AND_RECUSED = VOTERS | {"recused_board"}


def walk(patterns, prefix="", namespace=""):
    """(full url name, route) for every named pattern of the resolver, depth first."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), route


def portal_urls():
    return sorted({name for name, route in walk(get_resolver().url_patterns)
                   if not route.startswith(SKIPPED_PREFIXES)}, key=lambda n: n or "")


# Values for the parameters of the admin's URLs: an object that does not exist, the members app.
ADMIN_SAMPLE = {"object_id": "999999", "id": "999999", "content_type_id": "1", "app_label": "members",
                "url": "nichts-hier/"}


def admin_paths():
    """Every URL of the Django admin as a path to request, with sample parameters (named or not)."""
    paths = []
    for name, route in walk(get_resolver().url_patterns):
        if not route.startswith(ADMIN_PREFIX):
            continue
        path = re.sub(r"\^?\(\?P<(\w+)>[^)]*\)\$?", lambda m: ADMIN_SAMPLE[m.group(1)], route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_SAMPLE[m.group(1)], path).replace("^", "").replace("$", "")
        paths.append((name, "/" + path))
    return paths


class World:
    """The objects a URL needs, built on first use: a case in voting with one recused board member; the
    manager's own cluster with a draft, a scheduled advisory call, a membership, a label and a cost share."""

    def __init__(self):
        self.cast = Cast()
        self.other_manager = ClusterFactory().managers.first()

    @cached_property
    def voting(self):
        case = case_in_state(S.VOTING, self.cast)
        voting.recusal_declare(application=case, by=self.cast.board[2], reason="Mitglied im Cluster")
        return case

    @cached_property
    def submitted(self):
        return case_in_state(S.SUBMITTED, self.cast)

    @cached_property
    def decision_pending(self):
        return case_in_state(S.DECISION_PENDING, self.cast)

    @cached_property
    def interview_scheduled(self):
        return case_in_state(S.INTERVIEW_SCHEDULED, self.cast)

    @cached_property
    def call(self):
        return AdvisoryCallFactory()

    @cached_property
    def own_cluster(self):
        """The cluster of the "manager" role wherever a URL is not about a case in voting or later."""
        return ClusterFactory()

    @cached_property
    def draft(self):
        return draft(self.own_cluster)

    @cached_property
    def ready_cluster(self):
        """The own cluster after its advisory call was held: an application can be started."""
        HeldAdvisoryCallFactory(cluster=self.own_cluster, requested_by=self.own_cluster.managers.first())
        return self.own_cluster

    @cached_property
    def scheduled_call(self):
        cluster, now = self.own_cluster, timezone.now()
        call = calls.advisory_call_request(cluster=cluster, by=cluster.managers.first(), mode="video",
                                              preferred_slots=[now + timedelta(days=2), now + timedelta(days=3)])
        return calls.advisory_call_schedule(call=call, by=self.cast.staff, scheduled_at=now + timedelta(days=4),
                                               advisor=self.cast.staff, mode="video")

    @cached_property
    def member(self):
        return member(self.own_cluster, staff=self.cast.staff)

    @cached_property
    def membership(self):
        return self.member.memberships.get()

    @cached_property
    def label(self):
        return member_memberships.label_record_add(
            cluster=self.member, level="bronze", assessed_on=TODAY, by=self.cast.staff,
            certificate=SimpleUploadedFile("z.pdf", make_pdf(1), "application/pdf"))

    @cached_property
    def cost_share(self):
        """An approved request with its evidence: detail, evidence and letter all exist."""
        budget(TODAY.year, "10000")
        request = member_memberships.cost_share_request_submit(
            cluster=self.member, by=self.member.managers.first(), today=TODAY,
            evidence=SimpleUploadedFile("n.pdf", make_pdf(1), "application/pdf"), **request_args())
        approved = member_memberships.cost_share_approve(request=request, by=self.cast.staff)
        # The decision letter is rendered after the commit, which this test's transaction never reaches.
        notify_cost_share_decision(approved.pk)
        return approved

    @cached_property
    def claim(self):
        """The own cluster's manager claims a cluster without management (and may not decide it)."""
        cluster = ClusterFactory(managers=[])
        return member_clusters.cluster_claim_request(name=cluster.name, city=cluster.city,
                                                     by=self.own_cluster.managers.first())

    def failed_mail(self, case):
        return OutboxMail.objects.create(recipient="x@example.org", subject="s", body_text="t",
                                         state=MailState.FAILED, related_id=str(case.pk),
                                         related_type=ContentType.objects.get_for_model(Application))

    def user(self, role, subject):
        """`manager` manages the subject's cluster (a case's, a call's, a cost share's, a label's, or the cluster
        itself); without a subject, the own cluster. `other_manager` manages another cluster."""
        if subject is None:
            cluster = self.own_cluster
        elif isinstance(subject, Cluster):
            cluster = subject
        else:
            cluster = subject.cluster
        return {
            "manager": cluster.managers.first(), "other_manager": self.other_manager, "staff": self.cast.staff,
            "ministry": self.cast.ministry, "board": self.cast.board[0], "recused_board": self.cast.board[2],
        }[role]


def _pk(attr, key="pk"):
    """{key: pk} of a World object, which is also the subject whose cluster's manager is "manager"."""
    return lambda w: ({key: getattr(w, attr).pk}, getattr(w, attr))


def _case(attr):
    return _pk(attr)


def _transition(w):
    return {"pk": w.submitted.pk, "name": "accept_for_review"}, w.submitted


def _mail(w):
    case = w.voting
    return {"pk": case.pk, "mail_pk": w.failed_mail(case).pk}, case


def _dossier_job(w):
    job = documents.job_create(related=w.voting, kind=DocumentKind.DOSSIER, by=w.cast.staff)
    return {"job_pk": job.pk}, w.voting


def _dossier(w):
    """A rendered dossier of the voting case: staff and the (not recused) voters may download it."""
    document = documents.store(related=w.voting, kind=DocumentKind.DOSSIER, pdf=make_pdf(1),
                               download_name="dossier.pdf")
    return {"pk": document.pk}, w.voting


def _call_action(w):
    return {"pk": w.call.pk, "action": "cancel"}, None


def _section(w):
    return {"pk": w.draft.pk, "section": "management"}, w.draft


def _invitation(w):
    """An open invitation to the own cluster: whoever holds its link (any cluster manager) sees the page."""
    Invitation.objects.create(cluster=w.own_cluster, email="eingeladen@example.org",
                              invited_by=w.own_cluster.managers.first(), token_hash=Invitation.hash_token("t0ken"),
                              expires_at=timezone.now() + timedelta(days=14))
    return {"token": "t0ken"}, None


NOTHING = lambda w: ({}, None)  # noqa: E731


def _feed(w):
    """The staff member's calendar feed: the token is the credential, so anyone holding it gets the feed."""
    return {"token": calendar_feeds.calendar_feed_create(user=w.cast.staff)[1]}, None


def _organisation_pair(w):
    """Two actors of two clusters with the same name and another postcode: a pair of the review queue."""
    first = ActorFactory(application=w.voting, name="Nordwerk AG", postcode="20095")
    second = ActorFactory(application=w.submitted, name="Nordwerk AG", postcode="40210")
    return {"actor_a": first.pk, "actor_b": second.pk, "decision": "different"}

# url name: (method, kwargs builder -> (kwargs, subject), POST data, roles allowed)
MATRIX = {
    "home": ("get", NOTHING, None, PUBLIC),
    "impressum": ("get", NOTHING, None, PUBLIC),
    "datenschutz": ("get", NOTHING, None, PUBLIC),
    "barrierefreiheit": ("get", NOTHING, None, PUBLIC),
    "healthz": ("get", NOTHING, None, PUBLIC),
    "criteria": ("get", NOTHING, None, PUBLIC),
    "glossary": ("get", NOTHING, None, PUBLIC),
    "contact": ("get", NOTHING, None, PUBLIC),
    "directory": ("get", lambda w: ({}, w.member), None, PUBLIC),
    "member-profile": ("get", _pk("member"), None, PUBLIC),
    "figures": ("get", lambda w: ({}, w.member), None, PUBLIC),
    "open-data": ("get", NOTHING, None, PUBLIC),
    "open-data-figures": ("get", lambda w: ({"fmt": "json"}, w.member), None, PUBLIC),
    "open-data-members": ("get", lambda w: ({"fmt": "csv"}, w.member), None, PUBLIC),
    # Public by token (no login): whoever holds the staff member's token gets that feed, nothing else.
    "calendar-feed": ("get", _feed, None, PUBLIC),
    "calendar-settings": ("get", NOTHING, None, LOGGED_IN),
    "portal-start": ("get", NOTHING, None, LOGGED_IN),
    "applicant:dashboard": ("get", NOTHING, None, MANAGERS),
    "applicant:actor-template": ("get", lambda w: ({"fmt": "csv"}, None), None, MANAGERS),
    "applicant:call-request": ("get", _pk("own_cluster", "cluster_pk"), None, MANAGER),
    "applicant:start": ("post", _pk("ready_cluster", "cluster_pk"), {}, MANAGER),
    "applicant:call-ics": ("get", _pk("scheduled_call"), None, MANAGER),
    "applicant:call-cancel": ("post", _pk("scheduled_call"), {}, MANAGER),
    "applicant:case": ("get", _case("draft"), None, MANAGER),
    "applicant:section": ("get", _section, None, MANAGER),
    "applicant:strategy": ("get", _case("draft"), None, MANAGER),
    "applicant:strategy-download": ("get", _case("draft"), None, MANAGER),
    "applicant:actors": ("get", _case("draft"), None, MANAGER),
    "applicant:actor-import": ("get", _case("draft"), None, MANAGER),
    "applicant:actor-import-confirm": ("post", _case("draft"), {}, MANAGER),
    "applicant:review": ("get", _case("draft"), None, MANAGER),
    "applicant:submitted": ("get", _case("draft"), None, MANAGER),
    "applicant:withdraw": ("get", _case("draft"), None, MANAGER),
    # The interview's calendar file: the case's managers only (staff send it by mail).
    "applicant:interview-ics": ("get", _case("interview_scheduled"), None, MANAGER),
    "cluster-create": ("get", NOTHING, None, MANAGERS),
    "cluster-claim": ("get", NOTHING, None, MANAGERS),
    "cluster-edit": ("get", _pk("own_cluster"), None, MANAGER),
    "cluster-invite": ("get", _pk("own_cluster"), None, MANAGER),
    "invitation-accept": ("get", _invitation, None, MANAGERS),
    "claim-list": ("get", NOTHING, None, STAFF),
    "claim-decide": ("post", lambda w: ({"pk": w.claim.pk}, None), {"decision": "reject"}, STAFF),
    "member:overview": ("get", lambda w: ({}, w.member), None, MANAGERS),
    "member:cost_share_new": ("get", _pk("member", "cluster_pk"), None, MANAGER),
    # The agency reads a member's cost share, its evidence and letter, and label certificates from its own
    # pages (the views admit staff on purpose); withdrawing is the manager's alone.
    "member:cost_share": ("get", _pk("cost_share"), None, MANAGER | STAFF),
    "member:cost_share_evidence": ("get", _pk("cost_share"), None, MANAGER | STAFF),
    "member:cost_share_letter": ("get", _pk("cost_share"), None, MANAGER | STAFF),
    "member:cost_share_withdraw": ("post", _pk("cost_share"), {}, MANAGER),
    "member:label_certificate": ("get", _pk("label"), None, MANAGER | STAFF),
    "members_staff:list": ("get", NOTHING, None, STAFF),
    "members_staff:member": ("get", _pk("membership"), None, STAFF),
    "members_staff:label_add": ("post", _pk("membership"),
                                {"level": "bronze", "assessed_on": TODAY.isoformat()}, STAFF),
    "members_staff:status": ("post", _pk("membership"),
                             {"action": "notice", "effective_on": TODAY.isoformat(), "comment": "Kündigung"}, STAFF),
    "members_staff:cost_shares": ("get", NOTHING, None, STAFF),
    "members_staff:cost_share": ("get", _pk("cost_share"), None, STAFF),
    "members_staff:waitlist": ("get", NOTHING, None, STAFF),
    "staff:dashboard": ("get", NOTHING, None, STAFF),
    "staff:case_list": ("get", NOTHING, None, STAFF),
    "staff:case_export": ("get", lambda w: ({"fmt": "csv"}, None), None, STAFF),
    "staff:case_detail": ("get", _case("voting"), None, STAFF),
    "staff:case_strategy_document": ("get", _case("voting"), None, STAFF),
    "staff:case_note": ("post", _case("voting"), {"text": "Notiz"}, STAFF),
    "staff:case_transition": ("post", _transition, {}, STAFF),
    "staff:case_extend_deadline": ("post", _case("voting"), {}, STAFF),
    "staff:case_decision": ("get", _case("decision_pending"), None, STAFF),
    "staff:case_decision_release": ("post", _case("decision_pending"), {}, STAFF),
    # The letters rendered for reading before the release, never stored: staff only, like the release itself.
    "staff:case_decision_preview_pdf": ("post", _case("decision_pending"), {}, STAFF),
    "case_documents:mail_resend": ("post", _mail, None, STAFF),
    "case_documents:mails_panel": ("get", _case("voting"), None, STAFF),
    "case_documents:dossier_panel": ("get", _case("voting"), None, STAFF),
    "case_documents:dossier_start": ("post", _case("voting"), None, STAFF),
    "case_documents:dossier_job": ("get", _dossier_job, None, STAFF),
    # A cluster manager gets only sent letters, never the dossier; a recused voter nothing.
    "documents:download": ("get", _dossier, None, STAFF | VOTERS),
    "staff:call_list": ("get", NOTHING, None, STAFF),
    "staff:call_detail": ("get", lambda w: ({"pk": w.call.pk}, None), None, STAFF),
    "staff:call_action": ("post", _call_action, {}, STAFF),
    "staff:board": ("get", NOTHING, None, STAFF),
    "staff:figures": ("get", NOTHING, None, STAFF),
    "staff:organisation_review": ("get", NOTHING, None, STAFF),
    "staff:organisation_decide": ("post", NOTHING, "organisation_pair", STAFF),
    "staff:case_shared_actors": ("get", _case("voting"), None, STAFF),
    "staff:member_shared_actors": ("get", _pk("membership", "membership_pk"), None, STAFF),
    "staff:board_remove": ("post", lambda w: ({"user_pk": w.cast.board[1].pk}, None), None, STAFF),
    "voting:dashboard": ("get", NOTHING, None, VOTERS_AND_RECUSED),
    # A recused member still sees the case's title (and nothing else: see the next rows).
    "voting:case": ("get", _case("voting"), None, VOTERS_AND_RECUSED),
    "voting:strategy_document": ("get", _case("voting"), None, VOTERS),
    "voting:recuse": ("post", _case("voting"), {"recusal-reason": "Befangen"}, VOTERS),
    "voting:vote": ("post", _case("voting"), {"choice": "abstain"}, VOTERS),
}


def test_every_portal_url_is_classified():
    missing = [name for name in portal_urls() if name not in MATRIX and name not in ACCOUNT_MATRIX]
    assert missing == [], f"classify this new URL in MATRIX (or ACCOUNT_MATRIX for konto/): {missing}"


def test_matrix_has_no_stale_rows():
    assert sorted((set(MATRIX) | set(ACCOUNT_MATRIX)) - set(portal_urls())) == []


def test_every_admin_url_is_under_the_admin_rule():
    """Everything under verwaltung/ belongs to the Django admin, which the rule below covers URL by URL."""
    outside = [(name, path) for name, path in admin_paths() if name is not None and not name.startswith("admin:")]
    assert outside == []
    assert len(admin_paths()) > 100


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_only_allowed_roles(name, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    method, build, data, allowed = MATRIX[name]
    world = World()
    kwargs, subject = build(world)
    if data == "organisation_pair":
        data = _organisation_pair(world)
    url = reverse(name, kwargs=kwargs)
    # Refused roles first, so that an allowed request that changes the case cannot hide a leak.
    for role in sorted(ROLES, key=lambda r: r in allowed):
        client = Client()
        if role != "anonymous":
            client.force_login(world.user(role, subject))
            mark_reauthenticated(client, world.user(role, subject))
        response = getattr(client, method)(url, data or {})
        location = response.get("Location", "")
        if role in allowed:
            assert response.status_code in (200, 302), (name, role, response.status_code)
            assert not location.startswith("/konto/"), (name, role, location)
        elif role == "anonymous":
            assert response.status_code == 302, (name, role, response.status_code)
            assert location.startswith("/konto/login/"), (name, role, location)
        else:
            assert response.status_code == 404, (name, role, response.status_code)


# --- konto/: allauth's account pages --------------------------------------------------------------------------
# ANYONE: pages of the login, signup and reset flows (a logged-in account may be sent on from them).
# STAGE: steps inside a login (second factor, login code): without a login under way, back to the login.
# ACCOUNT: pages of a logged-in account; anonymous visitors are sent to the login.
ANYONE, STAGE, ACCOUNT = "anyone", "stage", "account"
# url name: (kwargs, who)
ACCOUNT_MATRIX = {
    "account_login": ({}, ANYONE),
    "account_signup": ({}, ANYONE),
    "account_inactive": ({}, ANYONE),
    "account_email_verification_sent": ({}, ANYONE),
    "account_confirm_email": ({"key": "kein-schluessel"}, ANYONE),
    "account_confirm_login_code": ({}, STAGE),
    "account_reset_password": ({}, ANYONE),
    "account_reset_password_done": ({}, ANYONE),
    "account_reset_password_from_key": ({"uidb36": "0", "key": "kein-schluessel"}, ANYONE),
    "account_reset_password_from_key_done": ({}, ANYONE),
    "mfa_authenticate": ({}, STAGE),
    "account_logout": ({}, ANYONE),
    "account_reauthenticate": ({}, ACCOUNT),
    "account_email": ({}, ACCOUNT),
    "account_change_password": ({}, ACCOUNT),
    "account_set_password": ({}, ACCOUNT),
    "mfa_index": ({}, ACCOUNT),
    "mfa_reauthenticate": ({}, ACCOUNT),
    "mfa_activate_totp": ({}, ACCOUNT),
    "mfa_deactivate_totp": ({}, ACCOUNT),
    "mfa_view_recovery_codes": ({}, ACCOUNT),
    "mfa_generate_recovery_codes": ({}, ACCOUNT),
    "mfa_download_recovery_codes": ({}, ACCOUNT),
    "usersessions_list": ({}, ACCOUNT),
}
# Where a privileged session that has not passed the second factor may still go.
OPEN_WITHOUT_SECOND_FACTOR = frozenset({"account_logout", "mfa_reauthenticate"})


@pytest.fixture
def accounts(settings):
    """A cluster manager; a staff account and an admin that passed the second factor; an admin with TOTP whose
    session came in with the password alone."""
    settings.GOCLUSTER_REQUIRE_MFA = True
    staff, admin, password_only = StaffFactory(), StaffFactory(is_staff=True, is_superuser=True), \
        StaffFactory(is_staff=True, is_superuser=True)
    clients = {"anonymous": Client()}
    for role, user in (("manager", UserFactory()), ("staff", staff), ("admin", admin),
                       ("admin_password_only", password_only)):
        if user.needs_two_factor:
            enrol_totp(user)
        client = Client()
        client.force_login(user)
        mark_reauthenticated(client, user)
        if role in ("staff", "admin"):
            mark_second_factor(client, user)
        clients[role] = client
    return clients


@pytest.mark.parametrize("name", sorted(ACCOUNT_MATRIX))
def test_account_url_answers_by_login_and_second_factor(name, accounts):
    kwargs, who = ACCOUNT_MATRIX[name]
    url = reverse(name, kwargs=kwargs)
    for role, client in accounts.items():
        response = client.get(url)
        location = response.get("Location", "")
        if role == "admin_password_only" and name not in OPEN_WITHOUT_SECOND_FACTOR:
            assert (response.status_code, location.split("?")[0]) == (302, "/konto/2fa/reauthenticate/"), \
                (name, role, response.status_code, location)
        elif role == "anonymous" and who in (ACCOUNT, STAGE):
            assert (response.status_code, location.split("?")[0]) == (302, "/konto/login/"), (name, role, location)
        else:
            assert response.status_code in (200, 302, 404), (name, role, response.status_code)
            assert not location.startswith(("/konto/login/", "/konto/2fa/reauthenticate/")), (name, role, location)


# --- verwaltung/: the Django admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "manager", "staff", "admin_password_only", "admin"])
def test_admin_urls_answer_only_an_admin_with_second_factor(role, accounts):
    client = accounts[role]
    for name, path in admin_paths():
        response = client.get(path)
        location = response.get("Location", "")
        if role == "admin":
            # The admin's own answers: 403 where a ModelAdmin allows no adding or deleting (and for autocomplete
            # without parameters), 404/302 for the sample object that does not exist, 405 for logout by GET.
            assert response.status_code in (200, 302, 403, 404, 405), (name, path, response.status_code)
            if name == "admin:index":
                assert response.status_code == 200
            assert not location.startswith(("/konto/", "/verwaltung/login/")), (name, path, location)
        elif role == "admin_password_only":
            assert (response.status_code, location.split("?")[0]) == (302, "/konto/2fa/reauthenticate/"), \
                (name, path, response.status_code, location)
        else:
            final = client.get(path, follow=True)
            if role == "anonymous":
                # The admin's login is allauth's: the chain ends on /konto/login/, never on a form of the admin.
                assert final.redirect_chain[-1][0].split("?")[0] == "/konto/login/", (name, path, final.redirect_chain)
            else:
                assert final.status_code == 403, (name, path, final.status_code)
