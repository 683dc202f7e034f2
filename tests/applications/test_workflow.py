from datetime import timedelta

import pytest
from django.utils import timezone

from applications.enums import OPEN_STATES, ApplicationState as S, Recommendation
from applications.models import Application, AuditEntry
from applications.rules import TRANSITIONS
from applications.services import voting
from applications.services.workflow import apply_transition
from gocluster.errors import Refusal
from tests.applications.builders import Cast, assessments, case_in_state, draft, feedback
from tests.factories import BoardMemberFactory, MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["manager", "other_manager", "staff", "ministry", "board", "system"]
ACTOR_OF_ROLE = {"manager": "cluster_manager", "staff": "staff", "system": "system"}


def test_transition_table_is_the_one_of_the_design():
    table = {name: (set(t.sources), t.targets, set(t.actors)) for name, t in TRANSITIONS.items()}
    assert table == {
        "submit": ({S.DRAFT}, (S.SUBMITTED,), {"cluster_manager"}),
        "request_changes": ({S.SUBMITTED}, (S.CHANGES_REQUESTED,), {"staff"}),
        "resubmit": ({S.CHANGES_REQUESTED}, (S.SUBMITTED,), {"cluster_manager"}),
        "accept_for_review": ({S.SUBMITTED}, (S.IN_REVIEW,), {"staff"}),
        "schedule_interview": ({S.IN_REVIEW}, (S.INTERVIEW_SCHEDULED,), {"staff"}),
        "reschedule_interview": ({S.INTERVIEW_SCHEDULED}, (S.INTERVIEW_SCHEDULED,), {"staff"}),
        "cancel_interview": ({S.INTERVIEW_SCHEDULED}, (S.IN_REVIEW,), {"staff"}),
        "record_interview": ({S.INTERVIEW_SCHEDULED}, (S.INTERVIEW_HELD,), {"staff"}),
        "open_voting": ({S.INTERVIEW_HELD}, (S.VOTING,), {"staff"}),
        "close_voting": ({S.VOTING}, (S.DECISION_PENDING,), {"staff", "system"}),
        "release_decision": ({S.DECISION_PENDING}, (S.ADMITTED, S.REJECTED), {"staff"}),
        "withdraw": (set(OPEN_STATES), (S.WITHDRAWN,), {"cluster_manager"}),
    }


def _valid_data(name):
    soon = timezone.now() + timedelta(days=3)
    return {
        "request_changes": {"comment": "Bitte ergänzen."},
        "schedule_interview": {"scheduled_at": soon, "location": "Berlin", "interviewers": []},
        "reschedule_interview": {"scheduled_at": soon, "location": "Video", "interviewers": []},
        "cancel_interview": {"comment": "Die Gesprächsführung ist erkrankt."},
        "record_interview": {"protocol": "Protokoll", "recommendation": Recommendation.ADMIT,
                             "assessments": assessments()},
        "open_voting": {"deadline": timezone.now() + timedelta(days=10)},
        "release_decision": {"feedback": feedback()},
        "withdraw": {"comment": "Anderer Zeitpunkt"},
    }.get(name, {})


def _person(role, application, cast):
    return {
        "manager": lambda: application.cluster.managers.first(),
        "other_manager": lambda: UserFactory(),
        "staff": lambda: cast.staff,
        "ministry": lambda: cast.ministry,
        "board": lambda: cast.board[0],
        "system": lambda: None,
    }[role]()


def _source_state(name):
    return {"withdraw": S.IN_REVIEW}.get(name) or sorted(TRANSITIONS[name].sources)[0]


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_allowed_for_its_role_in_its_state(name):
    cast = Cast()
    application = case_in_state(_source_state(name), cast)
    role = "staff" if "staff" in TRANSITIONS[name].actors else "manager"
    data = _valid_data(name)
    if "interviewers" in data:
        data["interviewers"] = [cast.staff]
    if name == "close_voting":
        for voter in [cast.ministry, *cast.board]:
            voting.vote_cast(application=application, voter=voter, choice="approve")
    result = apply_transition(application=application, name=name, by=_person(role, application, cast), **data)
    assert result.state in TRANSITIONS[name].targets
    assert Application.objects.get(pk=application.pk).state == result.state


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_refused_for_every_other_role(name):
    cast = Cast()
    application = case_in_state(_source_state(name), cast)
    allowed = TRANSITIONS[name].actors
    for role in ROLES:
        if ACTOR_OF_ROLE.get(role) in allowed:
            continue
        with pytest.raises(Refusal) as refused:
            apply_transition(application=application, name=name, by=_person(role, application, cast),
                             **_valid_data(name))
        assert refused.value.messages == [
            f"Sie dürfen den Schritt „{TRANSITIONS[name].label}“ bei diesem Antrag nicht ausführen."
        ]
    assert Application.objects.get(pk=application.pk).state == application.state


@pytest.mark.parametrize("state", list(S))
def test_transition_refused_in_every_other_state(state):
    cast = Cast()
    application = case_in_state(state, cast)
    for name, transition in TRANSITIONS.items():
        if state in transition.sources:
            continue
        role = "staff" if "staff" in transition.actors else "manager"
        with pytest.raises(Refusal) as refused:
            apply_transition(application=application, name=name, by=_person(role, application, cast),
                             **_valid_data(name))
        assert refused.value.messages[0].startswith(f"Der Schritt „{transition.label}“ ist im Status „")
    assert Application.objects.get(pk=application.pk).state == state


def test_state_cannot_be_assigned_directly():
    application = draft(complete=False)
    with pytest.raises(AttributeError):
        application.state = S.ADMITTED


def test_every_transition_writes_one_audit_entry():
    cast = Cast()
    application = case_in_state(S.ADMITTED, cast)
    actions = list(AuditEntry.objects.filter(application=application).values_list("action", "from_state", "to_state"))
    assert actions == [
        ("start", "", "draft"),
        ("submit", "draft", "submitted"),
        ("accept_for_review", "submitted", "in_review"),
        ("schedule_interview", "in_review", "interview_scheduled"),
        ("record_interview", "interview_scheduled", "interview_held"),
        ("open_voting", "interview_held", "voting"),
        ("vote_cast", "", ""), ("vote_cast", "", ""), ("vote_cast", "", ""), ("vote_cast", "", ""),
        ("close_voting", "voting", "decision_pending"),
        ("release_decision", "decision_pending", "admitted"),
    ]
    entry = AuditEntry.objects.filter(application=application, action="submit").get()
    assert entry.actor == application.cluster.managers.first()


def test_audit_entries_cannot_be_changed_or_deleted():
    application = draft(complete=False)
    entry = AuditEntry.objects.get(application=application)
    entry.comment = "verändert"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(comment="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).comment == ""


# --- Guards -------------------------------------------------------------------------------------


def test_submit_without_held_advisory_call_is_refused():
    application = draft(with_call=False)
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="submit", by=application.cluster.managers.first())
    assert refused.value.messages == [
        "Vor der Einreichung muss ein Beratungsgespräch mit der Geschäftsstelle geführt worden sein "
        "(höchstens 12 Monate zurückliegend)."
    ]


def test_submit_with_advisory_call_older_than_window_is_refused():
    application = draft()
    call = application.cluster.advisory_calls.get()
    type(call).objects.filter(pk=call.pk).update(held_at=timezone.now() - timedelta(days=366))
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="submit", by=application.cluster.managers.first())
    assert refused.value.messages[0].startswith("Vor der Einreichung muss ein Beratungsgespräch")


def test_submit_incomplete_application_lists_everything_missing():
    application = draft(complete=False)
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="submit", by=application.cluster.managers.first())
    assert refused.value.messages == [
        "Bitte füllen Sie „Personal des Clustermanagements (Vollzeitäquivalente)“ aus.",
        "Bitte füllen Sie „Jahresbudget des Clustermanagements (EUR)“ aus.",
        "Bitte füllen Sie „Gremien und Steuerung“ aus.",
        "Bitte füllen Sie „Öffentliche Grundfinanzierung (%)“ aus.",
        "Bitte füllen Sie „Mitgliedsbeiträge (%)“ aus.",
        "Bitte füllen Sie „Projektmittel (%)“ aus.",
        "Bitte füllen Sie „Erlöse aus Dienstleistungen (%)“ aus.",
        "Bitte füllen Sie „Angebotene Dienstleistungen“ aus.",
        "Bitte füllen Sie „Kooperationen“ aus.",
        "Bitte füllen Sie „Internationale Aktivitäten“ aus.",
        "Bitte füllen Sie „Ziele und Strategie“ aus.",
        "Bitte laden Sie das Strategiedokument als PDF hoch.",
        "Bitte tragen Sie die Clusterakteure ein.",
        "Bitte geben Sie beide Erklärungen ab.",
    ]
    assert Application.objects.get(pk=application.pk).state == S.DRAFT


def test_submit_refuses_financing_mix_not_adding_up():
    application = draft()
    application.share_service_revenue = 5
    application.save()
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="submit", by=application.cluster.managers.first())
    assert refused.value.messages == ["Die Anteile des Finanzierungsmixes ergeben 95 % statt 100 %."]


def test_request_changes_needs_a_message():
    cast = Cast()
    application = case_in_state(S.SUBMITTED, cast)
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="request_changes", by=cast.staff, comment="  ")
    assert refused.value.messages == ["Bitte beschreiben Sie, was am Antrag fehlt oder zu ändern ist."]


def test_schedule_interview_in_the_past_is_refused():
    cast = Cast()
    application = case_in_state(S.IN_REVIEW, cast)
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="schedule_interview", by=cast.staff,
                         scheduled_at=timezone.now() - timedelta(minutes=1), location="", interviewers=[])
    assert refused.value.messages == [
        "Der Termin des Aufnahmegesprächs muss in der Zukunft liegen.",
        "Bitte geben Sie den Ort oder den Video-Link des Gesprächs an.",
        "Bitte benennen Sie mindestens eine Person für die Gesprächsführung.",
    ]


def test_record_interview_needs_protocol_and_every_assessment():
    cast = Cast()
    application = case_in_state(S.INTERVIEW_SCHEDULED, cast)
    partial = dict(list(assessments().items())[1:])
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="record_interview", by=cast.staff, protocol="",
                         recommendation="", assessments=partial)
    assert refused.value.messages == [
        "Bitte halten Sie das Protokoll des Gesprächs fest.",
        "Bitte wählen Sie eine Empfehlung.",
        "Bitte bewerten Sie jedes Kriterium; es fehlen: Kritische Masse.",
    ]


def test_open_voting_needs_deadline_and_voters():
    cast = Cast()
    application = case_in_state(S.INTERVIEW_HELD, cast)
    for person in [cast.ministry, *cast.board]:
        person.is_active = False
        person.save()
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="open_voting", by=cast.staff, deadline=None)
    assert refused.value.messages == [
        "Die Abstimmungsfrist muss in der Zukunft liegen.",
        "Es ist keine stimmberechtigte Vertretung des Ministeriums eingetragen.",
        "Es sind keine stimmberechtigten Mitglieder des Programmbegleitkreises eingetragen.",
    ]


def test_close_voting_without_quorum_keeps_voting_open():
    cast = Cast()
    application = case_in_state(S.VOTING, cast)
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="close_voting", by=cast.staff)
    assert refused.value.messages == [
        "Das Quorum ist nicht erreicht: 0 von mindestens 2 Stimmen des Programmbegleitkreises und das Votum des "
        "Ministeriums fehlt. Die Abstimmung bleibt offen; die Frist kann verlängert werden."
    ]
    assert Application.objects.get(pk=application.pk).state == S.VOTING


def test_rejection_release_needs_feedback_for_every_area():
    cast = Cast()
    application = case_in_state(S.DECISION_PENDING, cast, outcome="reject")
    partial = dict(list(feedback().items())[:2])
    with pytest.raises(Refusal) as refused:
        apply_transition(application=application, name="release_decision", by=cast.staff, feedback=partial)
    assert refused.value.messages == [
        "Eine Ablehnung braucht eine konstruktive Rückmeldung zu jedem Bereich; es fehlt: "
        "Aktivitäten und Kooperationen, Sichtbarkeit und Wirkung."
    ]
    released = apply_transition(application=application, name="release_decision", by=cast.staff,
                                feedback=feedback())
    assert released.state == S.REJECTED
    assert released.decision.feedback.count() == 4


def test_release_follows_the_vote_and_staff_cannot_flip_it():
    cast = Cast()
    application = case_in_state(S.DECISION_PENDING, cast)
    released = apply_transition(application=application, name="release_decision", by=cast.staff,
                                feedback=feedback())
    assert (released.state, released.decision.outcome) == (S.ADMITTED, "admitted")
    assert released.decision.released_by == cast.staff


def test_voters_are_not_needed_beyond_active_ones():
    # Inactive board members are not eligible and do not count towards the quorum.
    cast = Cast()
    BoardMemberFactory(is_active=False)
    MinistryFactory(is_active=False)
    application = case_in_state(S.ADMITTED, cast)
    assert application.decision.round.tally["board_eligible"] == 3
