"""Who may see which case: one rule per object kind, used by every list, detail, download and export.

A case a user may not see is a 404, never a hint that it exists.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from applications.enums import Actor
from applications.models import AdvisoryCall, Application, Elector, Recusal, VotingRound
from applications.rules import TRANSITIONS, Transition
from gocluster.documents.models import Document, DocumentKind
from members.enums import Role
from members.selectors.access import manages_cluster


def rounds_of_voter(user, *, now=None) -> QuerySet[VotingRound]:
    """The rounds a ministry or board member may still read: those whose electorate they were in (fixed when
    the round opened), while open and for `VOTER_ACCESS_DAYS_AFTER_CLOSE` days after it closed."""
    now = now or timezone.now()
    access_ends = now - timedelta(days=settings.VOTER_ACCESS_DAYS_AFTER_CLOSE)
    return (VotingRound.objects.filter(Exists(Elector.objects.filter(round=OuterRef("pk"), user_id=user.pk)))
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=access_ends)))


def applications_visible_to(user) -> QuerySet[Application]:
    """Staff: all. Cluster managers: their clusters' cases. Ministry and board: the cases of the rounds they
    were seated for, until shortly after the round closed (`rounds_of_voter`)."""
    cases = Application.objects.select_related("cluster")
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    if user.role == Role.STAFF:
        return cases
    if user.role == Role.CLUSTER_MANAGER:
        return cases.filter(cluster__managers=user)
    if user.role in (Role.MINISTRY, Role.BOARD):
        return cases.filter(Exists(rounds_of_voter(user).filter(application=OuterRef("pk"))))
    return cases.none()


def application_for_user(pk, user) -> Application:
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def is_recused(application: Application, user) -> bool:
    return Recusal.objects.filter(application=application, user=user).exists()


def may_see_case_documents(application: Application, user) -> bool:
    """The application's content and files. A recused voter keeps only the title of the case."""
    if user.role in (Role.MINISTRY, Role.BOARD):
        return not is_recused(application, user)
    return True


def documents_for_user(pk, user) -> Application:
    """The case, if the user may read its documents; otherwise 404 (downloads, dossier, form data)."""
    application = application_for_user(pk, user)
    if not may_see_case_documents(application, user):
        raise Http404
    return application


def advisory_calls_visible_to(user) -> QuerySet[AdvisoryCall]:
    calls = AdvisoryCall.objects.select_related("cluster", "advisor")
    if not user.is_authenticated or not user.is_active:
        return calls.none()
    if user.role == Role.STAFF:
        return calls
    if user.role == Role.CLUSTER_MANAGER:
        return calls.filter(cluster__managers=user)
    return calls.none()


def advisory_call_for_user(pk, user) -> AdvisoryCall:
    call = advisory_calls_visible_to(user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


# What a cluster manager may read once it was sent: the decision letters, never the dossier.
LETTER_KINDS = frozenset({DocumentKind.FEEDBACK_LETTER, DocumentKind.ADMISSION_LETTER,
                          DocumentKind.ADMISSION_CERTIFICATE})


def may_download(document: Document, user) -> bool:
    """Staff: all. Cluster managers: their case's letters once sent. Ministry and board: the dossier
    (not if recused). Anything else, or a case the user may not see: 404 (raised by the access function)."""
    documents_for_user(document.related_id, user)
    if user.role == Role.STAFF:
        return True
    if user.role == Role.CLUSTER_MANAGER:
        return document.kind in LETTER_KINDS and document.sent_at is not None
    if user.role in (Role.MINISTRY, Role.BOARD):
        return document.kind == DocumentKind.DOSSIER
    return False


# --- Who may act on a case ------------------------------------------------------------------


def actor_kind(application: Application, user) -> str | None:
    """In which capacity `user` acts on this case (None: not at all). `None` user is the system."""
    if user is None:
        return Actor.SYSTEM
    if not user.is_active:
        return None
    if user.role == Role.STAFF:
        return Actor.STAFF
    if manages_cluster(user, application.cluster):
        return Actor.CLUSTER_MANAGER
    return None


def allowed_transitions(application: Application, user) -> list[Transition]:
    """The transitions this user may try now (their guards may still refuse)."""
    kind = actor_kind(application, user)
    return [t for t in TRANSITIONS.values() if application.state in t.sources and kind in t.actors]
