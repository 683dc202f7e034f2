"""The one door for state changes of a case.

`apply_transition` checks the table in `rules.py` and the role, runs the guard, applies the
effect, saves, writes the audit entry and queues the notifications after the commit. Every
refusal is a `Refusal` with a German message that a view shows as it is.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _, ngettext

from applications.enums import (
    AdvisoryCallState,
    ApplicationState,
    Outcome,
    Rating,
    Recommendation,
)
from applications.models import (
    AdvisoryCall,
    Application,
    Decision,
    DecisionFeedback,
    Elector,
    Interview,
    InterviewAssessment,
    QualityArea,
    QualityCriterion,
    VotingRound,
)
from applications.rules import TRANSITIONS, Transition
from applications.selectors.access import actor_kind
from applications.selectors.completeness import missing_items
from applications.selectors.tally import BODY_OF_ROLE, seat_holders, tally
from applications.services import audit, notifications, voting
from gocluster.errors import Refusal
from members.enums import Role
from members.services.memberships import membership_start

# --- Guards and effects ------------------------------------------------------------------------
# Each takes (application, by, data, now), raises Refusal when the step may not happen,
# writes what the step brings with it and returns the fields of the application it changed.


def held_advisory_call(application: Application, now) -> AdvisoryCall | None:
    window_start = now - timedelta(days=settings.ADVISORY_CALL_VALIDITY_DAYS)
    return (
        AdvisoryCall.objects.filter(cluster=application.cluster, state=AdvisoryCallState.HELD,
                                    held_at__gte=window_start, held_at__lte=now)
        .order_by("-held_at")
        .first()
    )


def _submit(application, by, data, now):
    problems = []
    call = held_advisory_call(application, now)
    if call is None:
        problems.append(_(
            "Vor der Einreichung muss ein Beratungsgespräch mit der Geschäftsstelle geführt worden sein "
            "(höchstens %(months)s Monate zurückliegend)."
        ) % {"months": round(settings.ADVISORY_CALL_VALIDITY_DAYS / 30.4)})
    problems += [m.message for m in missing_items(application)]
    if problems:
        raise Refusal(*problems)
    application.advisory_call = call
    application.submitted_at = now
    return ["advisory_call", "submitted_at"]


def _request_changes(application, by, data, now):
    if not data.get("comment", "").strip():
        raise Refusal(_("Bitte beschreiben Sie, was am Antrag fehlt oder zu ändern ist."))
    return []


def _accept_for_review(application, by, data, now):
    application.accepted_at = now
    return ["accepted_at"]


def _schedule_interview(application, by, data, now):
    scheduled_at, location = data.get("scheduled_at"), (data.get("location") or "").strip()
    interviewers = list(data.get("interviewers") or [])
    problems = []
    if scheduled_at is None or scheduled_at <= now:
        problems.append(_("Der Termin des Aufnahmegesprächs muss in der Zukunft liegen."))
    if not location:
        problems.append(_("Bitte geben Sie den Ort oder den Video-Link des Gesprächs an."))
    if not interviewers:
        problems.append(_("Bitte benennen Sie mindestens eine Person für die Gesprächsführung."))
    if problems:
        raise Refusal(*problems)
    interview = Interview.objects.select_for_update().filter(application=application).first()
    if interview is None:
        interview = Interview.objects.create(application=application, scheduled_at=scheduled_at, location=location)
    else:
        # A move, or a new date after a cancellation: the same calendar entry, one version further.
        interview.scheduled_at, interview.location, interview.cancelled_at = scheduled_at, location, None
        interview.sequence += 1
        interview.save(update_fields=["scheduled_at", "location", "cancelled_at", "sequence"])
    interview.interviewers.set(interviewers)
    return []


def _cancel_interview(application, by, data, now):
    if not data.get("comment", "").strip():
        raise Refusal(_("Bitte geben Sie einen Grund für die Absage an; das Clustermanagement erhält ihn."))
    interview = Interview.objects.select_for_update().get(application=application)
    interview.cancelled_at = now
    interview.sequence += 1  # the cancellation replaces the invitation in every calendar
    interview.save(update_fields=["cancelled_at", "sequence"])
    return []


def _record_interview(application, by, data, now):
    protocol = (data.get("protocol") or "").strip()
    recommendation = data.get("recommendation") or ""
    assessments = data.get("assessments") or {}
    criteria = list(QualityCriterion.objects.filter(active=True))
    problems = []
    if not protocol:
        problems.append(_("Bitte halten Sie das Protokoll des Gesprächs fest."))
    if recommendation not in Recommendation.values:
        problems.append(_("Bitte wählen Sie eine Empfehlung."))
    unrated = [c.title for c in criteria if (assessments.get(c.pk) or ("",))[0] not in Rating.values]
    if unrated:
        problems.append(_("Bitte bewerten Sie jedes Kriterium; es fehlen: %(list)s.") % {"list": ", ".join(unrated)})
    if problems:
        raise Refusal(*problems)
    interview = application.interview
    interview.protocol, interview.recommendation, interview.held_at = protocol, recommendation, now
    interview.save(update_fields=["protocol", "recommendation", "held_at"])
    InterviewAssessment.objects.filter(interview=interview).delete()
    InterviewAssessment.objects.bulk_create(
        InterviewAssessment(interview=interview, criterion=c, rating=assessments[c.pk][0],
                            note=(assessments[c.pk][1] if len(assessments[c.pk]) > 1 else "") or "")
        for c in criteria
    )
    return []


def _open_voting(application, by, data, now):
    """Open a round and fix its electorate: the active ministry and board accounts of this moment.

    A seat given later does not count in this round. Seat holders who manage the case's cluster are
    recused automatically (audited), so they neither vote nor read the dossier."""
    deadline = data.get("deadline")
    problems = []
    if deadline is None or deadline <= now:
        problems.append(_("Die Abstimmungsfrist muss in der Zukunft liegen."))
    seats = list(seat_holders().order_by("pk"))
    voting.recuse_cluster_managers(application=application, people=seats)
    recused = set(application.recusals.values_list("user_id", flat=True))
    eligible_roles = {person.role for person in seats if person.pk not in recused}
    if Role.MINISTRY not in eligible_roles:
        problems.append(_("Es ist keine stimmberechtigte Vertretung des Ministeriums eingetragen."))
    if Role.BOARD not in eligible_roles:
        problems.append(_("Es sind keine stimmberechtigten Mitglieder des Programmbegleitkreises eingetragen."))
    if problems:
        raise Refusal(*problems)
    voting_round = VotingRound.objects.create(application=application, opened_at=now, opened_by=by,
                                              deadline=deadline)
    Elector.objects.bulk_create(Elector(round=voting_round, user=person, body=BODY_OF_ROLE[person.role])
                                for person in seats)
    return []


def _close_voting(application, by, data, now):
    voting_round = VotingRound.objects.select_for_update().get(application=application, closed_at__isnull=True)
    result = tally(voting_round)
    if not result.quorum_reached:
        raise Refusal(_(
            "Das Quorum ist nicht erreicht: %(voted)s von mindestens %(needed)s Stimmen des Programmbegleitkreises"
            "%(ministry)s. Die Abstimmung bleibt offen; die Frist kann verlängert werden."
        ) % {
            "voted": result.board_approve + result.board_reject + result.board_abstain,
            "needed": result.quorum_needed,
            "ministry": "" if result.ministry_votes else _(" und das Votum des Ministeriums fehlt"),
        })
    if now < voting_round.deadline and result.missing:
        # Closing early while someone may still vote would let the count be taken at a chosen moment.
        raise Refusal(_(
            "Vor Ablauf der Frist (%(deadline)s) kann die Abstimmung nur geschlossen werden, wenn alle "
            "Stimmberechtigten abgestimmt haben; es fehlen noch %(missing)s von %(eligible)s Stimmen."
        ) % {"deadline": formats.date_format(timezone.localtime(voting_round.deadline), "DATETIME_FORMAT"),
             "missing": result.missing, "eligible": result.eligible})
    # After the deadline staff may close as it stands, but must say so when votes are missing; the deadline
    # sweep (by None) closes as it stands.
    if by is not None and result.missing and not data.get("close_despite_missing"):
        raise Refusal(ngettext(
            "Es fehlt noch %(count)s Stimme. Wenn Sie die Abstimmung trotzdem schließen möchten, bestätigen Sie "
            "„Trotz fehlender Stimmen schließen“.",
            "Es fehlen noch %(count)s Stimmen. Wenn Sie die Abstimmung trotzdem schließen möchten, bestätigen Sie "
            "„Trotz fehlender Stimmen schließen“.",
            result.missing,
        ) % {"count": result.missing})
    voting_round.closed_at, voting_round.result, voting_round.tally = now, result.outcome, result.as_dict()
    voting_round.save(update_fields=["closed_at", "result", "tally"])
    Decision.objects.create(application=application, round=voting_round, outcome=result.outcome, decided_at=now)
    application.decided_at = now
    return ["decided_at"]


def _release_decision(application, by, data, now):
    decision = application.decision
    if decision.outcome == Outcome.REJECTED:
        feedback = {int(k): (v or "").strip() for k, v in (data.get("feedback") or {}).items()}
        areas = list(QualityArea.objects.all())
        empty = [a.name for a in areas if not feedback.get(a.pk)]
        if empty:
            raise Refusal(_(
                "Eine Ablehnung braucht eine konstruktive Rückmeldung zu jedem Bereich; es fehlt: %(list)s."
            ) % {"list": ", ".join(empty)})
        DecisionFeedback.objects.bulk_create(DecisionFeedback(decision=decision, area=a, text=feedback[a.pk])
                                             for a in areas)
    decision.released_at, decision.released_by = now, by
    decision.save(update_fields=["released_at", "released_by"])
    application.closed_at = now
    if decision.outcome == Outcome.ADMITTED:
        # The admission starts the membership (the link to this case is kept here, on the case).
        application.membership = membership_start(cluster=application.cluster, started_on=timezone.localdate(now),
                                                  by=by)
        return ["closed_at", "membership"]
    return ["closed_at"]


def _withdraw(application, by, data, now):
    # A vote on a withdrawn case has nothing left to decide: its round closes (without a result), so the
    # reminder sweep stops asking voters and never tries to close it at the deadline.
    open_round = VotingRound.objects.select_for_update().filter(application=application,
                                                                closed_at__isnull=True).first()
    if open_round is not None:
        open_round.closed_at = now
        open_round.save(update_fields=["closed_at"])
        audit.record(actor=by, obj=open_round, application=application, action="voting_round_withdrawn",
                     comment=_("Die Abstimmung entfällt: Der Antrag wurde zurückgezogen."))
    application.closed_at = now
    return ["closed_at"]


GUARDS_AND_EFFECTS: dict[str, Callable] = {
    "submit": _submit,
    "resubmit": _submit,
    "request_changes": _request_changes,
    "accept_for_review": _accept_for_review,
    "schedule_interview": _schedule_interview,
    "reschedule_interview": _schedule_interview,
    "cancel_interview": _cancel_interview,
    "record_interview": _record_interview,
    "open_voting": _open_voting,
    "close_voting": _close_voting,
    "release_decision": _release_decision,
    "withdraw": _withdraw,
}

# Comments the applicant sees on their timeline (a change request, their own withdrawal reason).
_PUBLIC_COMMENTS = frozenset({"request_changes", "withdraw", "submit", "resubmit", "schedule_interview",
                              "reschedule_interview", "cancel_interview", "release_decision"})


def _target(transition: Transition, application: Application) -> str:
    if len(transition.targets) == 1:
        return transition.targets[0]
    # release_decision: the vote decides, staff cannot flip it.
    outcome = application.decision.outcome
    return ApplicationState.ADMITTED if outcome == Outcome.ADMITTED else ApplicationState.REJECTED


def apply_transition(*, application: Application, name: str, by, comment: str = "", **data) -> Application:
    """Take transition `name` on `application` as user `by` (None: the system). Returns the fresh case."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Refusal(_("Unbekannter Verfahrensschritt."))
    with transaction.atomic():
        # Lock the case: of two simultaneous clicks, the second sees the first one's result.
        case = Application.objects.select_for_update().select_related("cluster").get(pk=application.pk)
        if actor_kind(case, by) not in transition.actors:
            raise Refusal(_("Sie dürfen den Schritt „%(step)s“ bei diesem Antrag nicht ausführen.")
                                % {"step": transition.label})
        if case.state not in transition.sources:
            raise Refusal(_(
                "Der Schritt „%(step)s“ ist im Status „%(state)s“ nicht möglich. "
                "Womöglich hat ihn gerade jemand anderes ausgeführt; bitte laden Sie die Seite neu."
            ) % {"step": transition.label, "state": case.get_state_display()})
        now = timezone.now()
        from_state = case.state
        data = {**data, "comment": comment}
        changed = GUARDS_AND_EFFECTS[name](case, by, data, now)
        target = _target(transition, case)
        case._move_to(target)
        case.state_changed_at = now
        case.save(update_fields=["state", "state_changed_at", "updated_at", *changed])
        entry = audit.record(
            actor=by, obj=case, action=name, from_state=from_state, to_state=target, comment=comment,
            visible_to_applicant=name in _PUBLIC_COMMENTS,
        )
        transaction.on_commit(lambda: notifications.notify_transition(case.pk, name, entry.pk))
    return case
