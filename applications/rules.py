"""The transition table of the case (docs/product.md, "The case: states and transitions").

Data only: which transition leads from which states to which state, and who may take it. The
guards and effects that give each transition its meaning live in `workflow.py`; the one function
that applies a transition is `workflow.apply_transition`.
"""

from dataclasses import dataclass

from applications.enums import OPEN_STATES, Actor, ApplicationState as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    targets: tuple[str, ...]  # more than one where the outcome decides (release_decision)
    actors: frozenset[str]


def _t(name, label, sources, targets, *actors):
    sources = frozenset({sources} if isinstance(sources, str) else sources)
    targets = (targets,) if isinstance(targets, str) else tuple(targets)
    return Transition(name, label, sources, targets, frozenset(actors))


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    _t("submit", "Antrag einreichen", S.DRAFT, S.SUBMITTED, Actor.CLUSTER_MANAGER),
    _t("request_changes", "Nachforderung stellen", S.SUBMITTED, S.CHANGES_REQUESTED, Actor.STAFF),
    _t("resubmit", "Antrag erneut einreichen", S.CHANGES_REQUESTED, S.SUBMITTED, Actor.CLUSTER_MANAGER),
    _t("accept_for_review", "Zur Prüfung annehmen", S.SUBMITTED, S.IN_REVIEW, Actor.STAFF),
    _t("schedule_interview", "Aufnahmegespräch terminieren", S.IN_REVIEW, S.INTERVIEW_SCHEDULED, Actor.STAFF),
    _t("reschedule_interview", "Aufnahmegespräch verlegen", S.INTERVIEW_SCHEDULED, S.INTERVIEW_SCHEDULED,
       Actor.STAFF),
    _t("cancel_interview", "Aufnahmegespräch absagen", S.INTERVIEW_SCHEDULED, S.IN_REVIEW, Actor.STAFF),
    _t("record_interview", "Aufnahmegespräch dokumentieren", S.INTERVIEW_SCHEDULED, S.INTERVIEW_HELD, Actor.STAFF),
    _t("open_voting", "Abstimmung eröffnen", S.INTERVIEW_HELD, S.VOTING, Actor.STAFF),
    _t("close_voting", "Abstimmung schließen", S.VOTING, S.DECISION_PENDING, Actor.STAFF, Actor.SYSTEM),
    _t("release_decision", "Entscheidung freigeben", S.DECISION_PENDING, (S.ADMITTED, S.REJECTED), Actor.STAFF),
    _t("withdraw", "Antrag zurückziehen", OPEN_STATES, S.WITHDRAWN, Actor.CLUSTER_MANAGER),
]}
