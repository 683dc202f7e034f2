"""Every URL of the portal against every role: only the allowed combinations succeed.

The table below classifies each named URL. A URL that is not in the table fails the test: classify
it (who may use it, with which objects) when you add it.
"""

from functools import cached_property

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications import services
from applications.enums import ApplicationState as S
from applications.models import Application
from gocluster.outbox.models import MailState, OutboxMail
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import mark_reauthenticated
from tests.factories import AdvisoryCallFactory, ClusterFactory

pytestmark = pytest.mark.django_db

# Prefixes that belong to third-party apps with their own protection, not to this portal.
SKIPPED_PREFIXES = ("verwaltung/", "konto/", "i18n/", "static/")

ROLES = ("anonymous", "manager", "other_manager", "staff", "ministry", "board", "recused_board")
PUBLIC = frozenset(ROLES)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
STAFF = frozenset({"staff"})
MANAGERS = frozenset({"manager", "other_manager"})
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


class World:
    """The cases a URL needs, built on first use: a case in voting with one recused board member."""

    def __init__(self):
        self.cast = Cast()
        self.other_manager = ClusterFactory().managers.first()

    @cached_property
    def voting(self):
        case = case_in_state(S.VOTING, self.cast)
        services.recusal_declare(application=case, by=self.cast.board[2], reason="Mitglied im Cluster")
        return case

    @cached_property
    def submitted(self):
        return case_in_state(S.SUBMITTED, self.cast)

    @cached_property
    def decision_pending(self):
        return case_in_state(S.DECISION_PENDING, self.cast)

    @cached_property
    def call(self):
        return AdvisoryCallFactory()

    def failed_mail(self, case):
        return OutboxMail.objects.create(recipient="x@example.org", subject="s", body_text="t",
                                         state=MailState.FAILED, related_id=str(case.pk),
                                         related_type=ContentType.objects.get_for_model(Application))

    def user(self, role, case):
        manager = case.cluster.managers.first() if case else self.voting.cluster.managers.first()
        return {
            "manager": manager, "other_manager": self.other_manager, "staff": self.cast.staff,
            "ministry": self.cast.ministry, "board": self.cast.board[0], "recused_board": self.cast.board[2],
        }[role]


def _case(attr):
    return lambda w: ({"pk": getattr(w, attr).pk}, getattr(w, attr))


def _transition(w):
    return {"pk": w.submitted.pk, "name": "accept_for_review"}, w.submitted


def _mail(w):
    case = w.voting
    return {"pk": case.pk, "mail_pk": w.failed_mail(case).pk}, case


def _call_action(w):
    return {"pk": w.call.pk, "action": "cancel"}, None


NOTHING = lambda w: ({}, None)  # noqa: E731

# url name: (method, kwargs builder -> (kwargs, case), POST data, roles allowed)
MATRIX = {
    "home": ("get", NOTHING, None, PUBLIC),
    "impressum": ("get", NOTHING, None, PUBLIC),
    "datenschutz": ("get", NOTHING, None, PUBLIC),
    "barrierefreiheit": ("get", NOTHING, None, PUBLIC),
    "healthz": ("get", NOTHING, None, PUBLIC),
    "portal-start": ("get", NOTHING, None, LOGGED_IN),
    "applicant:dashboard": ("get", NOTHING, None, MANAGERS),
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
    "staff:mail_resend": ("post", _mail, None, STAFF),
    "staff:call_list": ("get", NOTHING, None, STAFF),
    "staff:call_detail": ("get", lambda w: ({"pk": w.call.pk}, None), None, STAFF),
    "staff:call_action": ("post", _call_action, {}, STAFF),
    "staff:board": ("get", NOTHING, None, STAFF),
    "staff:board_remove": ("post", lambda w: ({"user_pk": w.cast.board[1].pk}, None), None, STAFF),
    "voting:dashboard": ("get", NOTHING, None, VOTERS_AND_RECUSED),
    # A recused member still sees the case's title (and nothing else: see the next rows).
    "voting:case": ("get", _case("voting"), None, VOTERS_AND_RECUSED),
    "voting:strategy_document": ("get", _case("voting"), None, VOTERS),
    "voting:recuse": ("post", _case("voting"), {"recusal-reason": "Befangen"}, VOTERS),
    "voting:vote": ("post", _case("voting"), {"choice": "abstain"}, VOTERS),
}


def test_every_portal_url_is_classified():
    missing = [name for name in portal_urls() if name not in MATRIX]
    assert missing == [], f"classify this new URL in MATRIX: {missing}"


def test_matrix_has_no_stale_rows():
    assert sorted(set(MATRIX) - set(portal_urls())) == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_only_allowed_roles(name, settings):
    settings.GOCLUSTER_REQUIRE_MFA = False
    method, build, data, allowed = MATRIX[name]
    world = World()
    kwargs, case = build(world)
    url = reverse(name, kwargs=kwargs)
    # Refused roles first, so that an allowed request that changes the case cannot hide a leak.
    for role in sorted(ROLES, key=lambda r: r in allowed):
        client = Client()
        if role != "anonymous":
            client.force_login(world.user(role, case))
            mark_reauthenticated(client, world.user(role, case))
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
