from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from applications.enums import ApplicationState as S, Rating
from applications.models import Application, AuditEntry, InternalNote, QualityArea, QualityCriterion, VotingRound
from gocluster.outbox.models import MailState, OutboxMail
from tests.applications.builders import Cast, case_in_state
from tests.applications.helpers import client_for, form_datetime, local_moment

pytestmark = pytest.mark.django_db


def test_case_page_shows_application_parts_and_allowed_steps():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    response = client_for(cast.staff).get(f"/geschaeftsstelle/faelle/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert case.case_number in html
    assert "Nachforderung stellen" in html
    assert "Zur Prüfung annehmen" in html
    assert "Strategiedokument herunterladen (PDF)" in html
    assert "Formale Prüfung: annehmen oder nachfordern" in html
    assert response["Cache-Control"].count("no-store") == 1


def test_request_changes_without_message_shows_error_summary():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    response = client_for(cast.staff).post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/request_changes/",
                                           {"request_changes-comment": ""})
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    case.refresh_from_db()
    assert case.state == S.SUBMITTED


def test_accept_for_review_moves_the_case():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    response = client_for(cast.staff).post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/accept_for_review/", {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.IN_REVIEW


def test_schedule_interview_in_the_past_shows_workflow_message():
    cast = Cast()
    case = case_in_state(S.IN_REVIEW, cast)
    response = client_for(cast.staff).post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/schedule_interview/", {
        "schedule_interview-scheduled_at": form_datetime(local_moment(-1)),
        "schedule_interview-location": "Videokonferenz",
        "schedule_interview-interviewers": [cast.staff.pk],
    })
    assert response.status_code == 200
    assert "Der Termin des Aufnahmegesprächs muss in der Zukunft liegen." in response.content.decode()


def test_schedule_and_record_interview_and_open_voting():
    cast = Cast()
    case = case_in_state(S.IN_REVIEW, cast)
    client = client_for(cast.staff)
    url = f"/geschaeftsstelle/faelle/{case.pk}/schritt/"
    response = client.post(url + "schedule_interview/", {
        "schedule_interview-scheduled_at": form_datetime(local_moment(3)),
        "schedule_interview-location": "Videokonferenz",
        "schedule_interview-interviewers": [cast.staff.pk],
    })
    assert response.status_code == 302
    data = {"record_interview-protocol": "Gut.", "record_interview-recommendation": "admit"}
    for criterion in QualityCriterion.objects.filter(active=True):
        data[f"record_interview-rating_{criterion.pk}"] = Rating.PARTLY_MET
        data[f"record_interview-note_{criterion.pk}"] = "ok"
    assert client.post(url + "record_interview/", data).status_code == 302
    response = client.post(url + "open_voting/", {
        "open_voting-deadline": form_datetime(local_moment(10))})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.VOTING
    assert case.interview.assessments.filter(rating=Rating.PARTLY_MET).count() == \
        QualityCriterion.objects.filter(active=True).count()


def test_unknown_transition_is_404():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    response = client_for(cast.staff).post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/submit/", {})
    assert response.status_code == 404


def test_internal_note_is_saved_audited_and_never_on_applicant_timeline():
    from applications.selectors.timeline import timeline

    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    response = client_for(cast.staff).post(f"/geschaeftsstelle/faelle/{case.pk}/notizen/", {"text": "Vertraulich"})
    assert response.status_code == 302
    note = InternalNote.objects.get()
    assert (note.text, note.author) == ("Vertraulich", cast.staff)
    assert AuditEntry.objects.filter(action="internal_note_add", application=case).count() == 1
    assert [item.label for item in timeline(case, for_applicant=True)] == ["Antrag angelegt", "Antrag eingereicht"]


def test_failed_mail_can_be_resent(django_capture_on_commit_callbacks):
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    mail = OutboxMail.objects.create(recipient="a@example.org", subject="Test", body_text="x", state=MailState.FAILED,
                                     last_error="SMTP down", related_id=str(case.pk),
                                     related_type=ContentType.objects.get_for_model(Application))
    client = client_for(cast.staff)
    assert f'hx-get="/geschaeftsstelle/antraege/{case.pk}/mails/"' in client.get(
        f"/geschaeftsstelle/faelle/{case.pk}/").content.decode()
    assert "Erneut senden" in client.get(f"/geschaeftsstelle/antraege/{case.pk}/mails/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/geschaeftsstelle/antraege/{case.pk}/mails/{mail.pk}/erneut-senden/")
    assert response.status_code in (200, 302)
    mail.refresh_from_db()
    assert mail.state == MailState.SENT


def test_close_voting_without_quorum_keeps_voting_and_extend_deadline_works():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    client = client_for(cast.staff)
    response = client.post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/close_voting/", {})
    assert response.status_code == 200
    assert "Das Quorum ist nicht erreicht" in response.content.decode()
    new_deadline = local_moment(30)
    response = client.post(f"/geschaeftsstelle/faelle/{case.pk}/frist/",
                           {"extend-deadline": form_datetime(new_deadline)})
    assert response.status_code == 302
    round_ = case.voting_rounds.get()
    assert form_datetime(round_.deadline) == form_datetime(new_deadline)


def test_release_rejection_requires_feedback_preview_and_reauthentication():
    cast = Cast()
    from applications.enums import VoteChoice
    from applications.services import voting
    from applications.services.workflow import apply_transition

    case = case_in_state(S.VOTING, cast)
    for voter in [cast.ministry, *cast.board]:
        voting.vote_cast(application=case, voter=voter, choice=VoteChoice.REJECT, reason="Zu klein")
    apply_transition(application=case, name="close_voting", by=cast.staff)
    client = client_for(cast.staff)
    url = f"/geschaeftsstelle/faelle/{case.pk}/entscheidung/"
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert "data-error-summary" in response.content.decode()
    feedback = {f"feedback_{area.pk}": f"Mehr zu {area.name}" for area in QualityArea.objects.all()}
    response = client.post(url, feedback)
    assert 'data-testid="letter-preview"' in response.content.decode()
    # Without a fresh password the release is suspended for re-authentication.
    response = client.post(url + "freigeben/", feedback)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")
    case.refresh_from_db()
    assert case.state == S.DECISION_PENDING
    client = client_for(cast.staff, reauthenticated=True)
    response = client.post(url + "freigeben/", feedback)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.REJECTED
    assert case.decision.feedback.count() == QualityArea.objects.count()


def test_reschedule_interview_prefills_and_moves_the_date(django_capture_on_commit_callbacks):
    cast = Cast()
    case = case_in_state(S.INTERVIEW_SCHEDULED, cast)
    client = client_for(cast.staff)
    response = client.get(f"/geschaeftsstelle/faelle/{case.pk}/")
    assert "Aufnahmegespräch verlegen" in response.content.decode()
    new_date = local_moment(20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/geschaeftsstelle/faelle/{case.pk}/schritt/reschedule_interview/", {
            "reschedule_interview-scheduled_at": form_datetime(new_date),
            "reschedule_interview-location": "Berlin, Steinplatz 1",
            "reschedule_interview-interviewers": [cast.staff.pk],
        })
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.interview.location) == (S.INTERVIEW_SCHEDULED, "Berlin, Steinplatz 1")
    mail = OutboxMail.objects.filter(event="interview_moved").latest("id")
    assert [a.filename for a in mail.attachments.all()] == ["aufnahmegespraech.ics"]


def test_staff_timeline_names_staff_only_events():
    cast = Cast()
    case = case_in_state(S.SUBMITTED, cast)
    client = client_for(cast.staff)
    client.post(f"/geschaeftsstelle/faelle/{case.pk}/notizen/", {"text": "intern"})
    response = client.get(f"/geschaeftsstelle/faelle/{case.pk}/")
    assert [item.label for item in response.context["timeline"]][-1] == "Interne Notiz geschrieben"


@pytest.mark.parametrize("state", list(S))
def test_case_page_renders_in_every_state(state):
    cast = Cast()
    case = case_in_state(state, cast)
    response = client_for(cast.staff).get(f"/geschaeftsstelle/faelle/{case.pk}/")
    assert response.status_code == 200
    assert response.context["application"].state == state


@pytest.mark.parametrize("state", [S.VOTING, S.DECISION_PENDING, S.ADMITTED, S.REJECTED])
def test_voter_case_page_renders_after_voting_opened(state):
    cast = Cast()
    case = case_in_state(state, cast)
    response = client_for(cast.board[0]).get(f"/abstimmung/antraege/{case.pk}/")
    assert response.status_code == 200


def test_interview_form_escapes_a_criterion_requirement():
    # Finding 13: crispy renders help texts with |safe; a criterion's requirement text is data.
    criterion = QualityCriterion.objects.filter(active=True).first()
    QualityCriterion.objects.filter(pk=criterion.pk).update(
        requirement='Mindestens <script>alert("x")</script> <b>15</b> Akteure')
    cast = Cast()
    case = case_in_state(S.INTERVIEW_SCHEDULED, cast)
    html = client_for(cast.staff).get(f"/geschaeftsstelle/faelle/{case.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "<b>15</b>" not in html
    assert "Mindestens &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;15&lt;/b&gt; Akteure" in html


def test_rejection_feedback_survives_going_back_from_the_preview_and_leaving_the_page():
    from django.contrib.sessions.models import Session

    from applications.enums import VoteChoice
    from applications.services import voting
    from applications.services.workflow import apply_transition

    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    for voter in [cast.ministry, *cast.board]:
        voting.vote_cast(application=case, voter=voter, choice=VoteChoice.REJECT, reason="Zu klein")
    apply_transition(application=case, name="close_voting", by=cast.staff)
    client = client_for(cast.staff, reauthenticated=True)
    url = f"/geschaeftsstelle/faelle/{case.pk}/entscheidung/"
    feedback = {f"feedback_{area.pk}": f"Zu {area.name}:\nmehr Akteure & <b>Wirkung</b>"
                for area in QualityArea.objects.all()}
    assert len(feedback) == 4
    preview = client.post(url, feedback).content.decode()
    assert 'data-testid="letter-preview"' in preview
    # The preview's "back" button posts the texts to the form page: all four are there to edit.
    back = client.post(url, {**feedback, "edit": "1"})
    assert back.context["preview"] is False
    assert {name: back.context["form"][name].value() for name in feedback} == feedback
    assert "mehr Akteure &amp; &lt;b&gt;Wirkung&lt;/b&gt;</textarea>" in back.content.decode()
    # Leaving the page and coming back (or the browser's back button) finds them as well.
    again = client.get(url)
    assert {name: again.context["form"][name].value() for name in feedback} == feedback
    # Released: the draft is gone from the session.
    assert client.post(url + "freigeben/", feedback).status_code == 302
    case.refresh_from_db()
    assert case.state == S.REJECTED
    session = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert f"decision-feedback-{case.pk}" not in session


def test_next_step_says_close_once_every_eligible_voter_voted():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    client = client_for(cast.staff)
    from applications.services import voting

    voting.vote_cast(application=case, voter=cast.ministry, choice="approve")
    for member in cast.board[:2]:
        voting.vote_cast(application=case, voter=member, choice="approve")
    html = client.get(f"/geschaeftsstelle/faelle/{case.pk}/").content.decode()
    assert "<strong>Stimmen abgeben; danach Abstimmung schließen</strong> – am Zug: Ministerium und " \
           "Programmbegleitkreis" in html
    voting.vote_cast(application=case, voter=cast.board[2], choice="approve")
    html = client.get(f"/geschaeftsstelle/faelle/{case.pk}/").content.decode()
    assert "<strong>Alle Stimmen liegen vor: Abstimmung schließen</strong> – am Zug: Geschäftsstelle" in html
    assert "Trotz fehlender Stimmen schließen" not in html


def test_close_voting_with_votes_missing_needs_the_confirmation_box():
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    client = client_for(cast.staff)
    from applications.services import voting

    voting.vote_cast(application=case, voter=cast.ministry, choice="approve")
    for member in cast.board[:2]:
        voting.vote_cast(application=case, voter=member, choice="approve")  # quorum 2 of 3 reached, one missing
    html = client.get(f"/geschaeftsstelle/faelle/{case.pk}/").content.decode()
    assert "Trotz fehlender Stimmen schließen" in html
    assert "Es fehlt noch 1 Stimme." in html
    url = f"/geschaeftsstelle/faelle/{case.pk}/schritt/close_voting/"
    # Before the deadline an early close with votes missing is refused (security finding 6); after it, staff
    # may close as it stands once they confirm.
    VotingRound.objects.filter(application=case).update(deadline=timezone.now() - timedelta(minutes=1))
    response = client.post(url, {"close_voting-comment": ""})
    assert response.status_code == 200
    assert ("Es fehlt noch 1 Stimme. Wenn Sie die Abstimmung trotzdem schließen möchten, bestätigen Sie "
            "„Trotz fehlender Stimmen schließen“." in response.content.decode())
    assert Application.objects.get(pk=case.pk).state == S.VOTING
    response = client.post(url, {"close_voting-comment": "", "close_voting-close_despite_missing": "on"})
    assert response.status_code == 302
    assert Application.objects.get(pk=case.pk).state == S.DECISION_PENDING


def test_close_voting_service_refuses_staff_without_confirmation_but_not_the_deadline_sweep():
    from applications.services import voting
    from applications.services.workflow import apply_transition
    from gocluster.errors import Refusal

    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    voting.vote_cast(application=case, voter=cast.ministry, choice="approve")
    for member in cast.board[:2]:
        voting.vote_cast(application=case, voter=member, choice="approve")
    VotingRound.objects.filter(application=case).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Refusal) as refused:
        apply_transition(application=case, name="close_voting", by=cast.staff)
    assert refused.value.messages == [
        "Es fehlt noch 1 Stimme. Wenn Sie die Abstimmung trotzdem schließen möchten, bestätigen Sie "
        "„Trotz fehlender Stimmen schließen“."
    ]
    closed = apply_transition(application=case, name="close_voting", by=None)
    assert closed.state == S.DECISION_PENDING
