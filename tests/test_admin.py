"""Finding 8: the admin is not a side door. Workflow data is read-only there (change and delete answer 403,
the database stays as it was, also for a superuser); what stays editable is an audit entry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.models import (
    AdvisoryCall,
    Application,
    AuditEntry,
    Decision,
    Interview,
    QualityArea,
    QualityCriterion,
    Recusal,
    Vote,
    VotingRound,
)
from applications.services import letters, voting
from gocluster.documents.models import Document
from gocluster.outbox.models import OutboxMail
from gocluster.outbox.services import queue_mail
from members.enums import Role
from members.models import (
    Cluster,
    ClusterClaim,
    CostShareBudget,
    CostShareRequest,
    CostShareTariff,
    Invitation,
    LabelRecord,
    Membership,
    TechnologyField,
    User,
)
from members.services import clusters as member_clusters, memberships
from tests.applications.builders import Cast, case_in_state
from tests.factories import ClusterFactory, StaffFactory, TechnologyFieldFactory, UserFactory, make_pdf
from tests.members.builders import TODAY, budget, member, request_args, tariffs

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-06-15T10:00:00+02:00")]


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False  # the admin's login path is part A's; here the admin is logged in


@pytest.fixture
def superuser():
    return StaffFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _url(obj, view: str) -> str:
    return f"/verwaltung/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/{view}/"


def _row(obj) -> dict:
    fresh = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def _post_data(obj, **changes) -> dict:
    data = {}
    for name, value in {**model_to_dict(obj), **changes}.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None and not hasattr(value, "read"):
            data[name] = str(value)
    return data


def _world():
    """One object of every read-only kind, made through the real services."""
    cast = Cast()
    voting_case = case_in_state(S.VOTING, cast)
    voting.recusal_declare(application=voting_case, by=cast.board[2], reason="Mitglied im Cluster")
    admitted = case_in_state(S.ADMITTED, cast)
    cluster = member(ClusterFactory(name="Photonik Nord", city="Hamburg"), staff=cast.staff)
    tariffs()
    budget(TODAY.year, "10000")
    cost_share = memberships.cost_share_request_submit(
        cluster=cluster, by=cluster.managers.first(), today=TODAY,
        evidence=SimpleUploadedFile("n.pdf", make_pdf(1), "application/pdf"), **request_args())
    label = memberships.label_record_add(cluster=cluster, level="bronze", assessed_on=TODAY, by=cast.staff,
                                        certificate=SimpleUploadedFile("z.pdf", make_pdf(1), "application/pdf"))
    claim = member_clusters.cluster_claim_request(name="Photonik Nord", city="Hamburg", by=UserFactory())
    invitation = member_clusters.invitation_create(cluster=cluster, by=cluster.managers.first(),
                                                   email="kollegin@example.org")
    return {
        "application": admitted,
        "advisory_call": admitted.advisory_call,
        "interview": admitted.interview,
        "voting_round": voting_case.voting_rounds.get(),
        "vote": Vote.objects.filter(round__application=admitted).first(),
        "recusal": Recusal.objects.get(application=voting_case),
        "decision": admitted.decision,
        "audit_entry": AuditEntry.objects.filter(application=admitted).first(),
        "outbox_mail": queue_mail(recipient="a@example.org", subject="Betreff", body_text="Text"),
        "document": letters.render_dossier(voting_case),
        "membership": admitted.membership,
        "cost_share_request": cost_share,
        "label": label,
        "cluster": cluster,
        "claim": claim,
        "invitation": invitation,
    }


READ_ONLY = ["application", "advisory_call", "interview", "voting_round", "vote", "recusal", "decision",
             "audit_entry", "outbox_mail", "document", "membership", "cost_share_request", "label", "cluster",
             "claim", "invitation"]
# Votes are shown inside their round; all others have their own admin page.
OWN_PAGE = [name for name in READ_ONLY if name != "vote"]


@pytest.mark.parametrize("name", OWN_PAGE)
def test_admin_shows_workflow_records_read_only_and_refuses_change_and_delete(admin_client, name):
    obj = _world()[name]
    before = _row(obj)
    assert admin_client.get(_url(obj, "change")).status_code == 200  # viewing is fine
    assert admin_client.post(_url(obj, "change"), _post_data(obj)).status_code == 403
    assert admin_client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert _row(obj) == before
    # Nor through the list's bulk delete.
    changelist = f"/verwaltung/{obj._meta.app_label}/{obj._meta.model_name}/"
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_admin_cannot_change_a_submitted_case_its_cluster_or_strategy_document(admin_client):
    case = case_in_state(S.SUBMITTED)
    other = ClusterFactory()
    before = _row(case)
    response = admin_client.post(_url(case, "change"), {
        **_post_data(case, goals="Im Admin umgeschrieben", cluster=other.pk),
        "strategy_document": SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf"),
        "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"})
    assert response.status_code == 403
    assert _row(case) == before


def test_admin_cannot_move_a_held_advisory_call_into_the_validity_window(admin_client):
    case = case_in_state(S.DRAFT)
    call = AdvisoryCall.objects.get(cluster=case.cluster)
    old = timezone.now() - timedelta(days=800)
    AdvisoryCall.objects.filter(pk=call.pk).update(held_at=old)
    response = admin_client.post(_url(call, "change"), _post_data(call, held_at=timezone.now().isoformat()))
    assert response.status_code == 403
    assert AdvisoryCall.objects.get(pk=call.pk).held_at == old


def test_admin_cannot_edit_the_protocol_after_voting_or_a_deadline(admin_client):
    case = case_in_state(S.VOTING)
    interview, voting_round = Interview.objects.get(application=case), VotingRound.objects.get(application=case)
    assert admin_client.post(_url(interview, "change"), _post_data(interview, protocol="Neu")).status_code == 403
    later = voting_round.deadline + timedelta(days=30)
    assert admin_client.post(_url(voting_round, "change"),
                             _post_data(voting_round, deadline=later.isoformat())).status_code == 403
    assert (Interview.objects.get(pk=interview.pk).protocol, VotingRound.objects.get(pk=voting_round.pk).deadline) \
        == (interview.protocol, voting_round.deadline)


def test_admin_cannot_delete_recusals_or_outbox_mails(admin_client):
    cast = Cast()
    case = case_in_state(S.VOTING, cast)
    recusal = voting.recusal_declare(application=case, by=cast.board[0], reason="Befangen")
    mail = queue_mail(recipient="a@example.org", subject="Betreff", body_text="Text")
    for obj in (recusal, mail):
        assert admin_client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert (Recusal.objects.count(), OutboxMail.objects.filter(pk=mail.pk).count()) == (1, 1)


def test_admin_user_role_is_read_only_and_other_changes_are_audited(admin_client, superuser):
    person = UserFactory(full_name="Petra Alt")
    data = {"email": person.email, "full_name": "Petra Neu", "role": Role.BOARD, "is_active": "on"}
    response = admin_client.post(_url(person, "change"), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.role) == ("Petra Neu", Role.CLUSTER_MANAGER)
    entry = AuditEntry.objects.get(action="admin_change", object_id=str(person.pk),
                                   object_type=ContentType.objects.get_for_model(User))
    assert (entry.actor, entry.before, entry.after) == (superuser, {"full_name": "Petra Alt"},
                                                        {"full_name": "Petra Neu"})
    assert admin_client.post(_url(person, "delete"), {"post": "yes"}).status_code == 403


def test_admin_cannot_create_a_voter_account(admin_client):
    response = admin_client.post("/verwaltung/members/user/add/", {
        "email": "neu@example.org", "full_name": "Neu", "role": Role.BOARD,
        "password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"][0].startswith("Bitte eine gültige Auswahl treffen.")
    assert not User.objects.filter(email="neu@example.org").exists()
    # A staff account can be created (audited); its role is then read-only.
    response = admin_client.post("/verwaltung/members/user/add/", {
        "email": "neu@example.org", "full_name": "Neu", "role": Role.STAFF,
        "password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"})
    assert response.status_code == 302
    created = User.objects.get(email="neu@example.org")
    assert created.role == Role.STAFF
    assert AuditEntry.objects.filter(action="admin_add", object_id=str(created.pk)).count() == 1


# --- What stays editable is audited --------------------------------------------------------------------------


def test_admin_criterion_threshold_change_is_audited(admin_client, superuser):
    criterion = QualityCriterion.objects.exclude(metric="").first()
    old = criterion.threshold
    response = admin_client.post(_url(criterion, "change"), _post_data(criterion, threshold="17.00"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_change")
    assert (entry.actor, entry.object_id, entry.before, entry.after) == (
        superuser, str(criterion.pk), {"threshold": str(old)}, {"threshold": "17.00"})


def test_admin_criterion_changed_in_an_area_inline_is_audited(admin_client):
    area = QualityArea.objects.first()
    criteria = list(area.criteria.all())
    data = {**_post_data(area), "criteria-TOTAL_FORMS": str(len(criteria)),
            "criteria-INITIAL_FORMS": str(len(criteria))}
    for index, criterion in enumerate(criteria):
        row = _post_data(criterion, active=index != 0)
        data |= {f"criteria-{index}-{key}": value for key, value in row.items() if key != "area"}
        data[f"criteria-{index}-area"] = str(area.pk)
    response = admin_client.post(_url(area, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin_change")
    assert (entry.object_id, entry.before, entry.after) == (str(criteria[0].pk), {"active": True}, {"active": False})


def test_admin_tariff_add_budget_change_and_technology_field_delete_are_audited(admin_client):
    response = admin_client.post("/verwaltung/members/costsharetariff/add/",
                                 {"kind": "first", "valid_from": "2027-01-01", "amount": "4300.00"})
    assert response.status_code == 302
    tariff = CostShareTariff.objects.get(valid_from=date(2027, 1, 1))
    pool = budget(2026, "4000")
    assert admin_client.post(_url(pool, "change"), {"year": "2026", "total": "9000.00"}).status_code == 302
    field = TechnologyFieldFactory()
    assert admin_client.post(_url(field, "delete"), {"post": "yes"}).status_code == 302
    entries = [(e.action, e.object_id, e.after) for e in AuditEntry.objects.order_by("id")]
    assert entries == [
        ("admin_add", str(tariff.pk), {"id": tariff.pk, "kind": "first", "valid_from": "2027-01-01",
                                       "amount": "4300.00"}),
        ("admin_change", str(pool.pk), {"total": "9000.00"}),
        ("admin_delete", str(field.pk), {}),  # what was deleted is in `before`
    ]
    assert CostShareBudget.objects.get().total == Decimal("9000.00")
    assert not TechnologyField.objects.filter(pk=field.pk).exists()


def test_admin_registers_no_editable_workflow_model():
    from django.contrib import admin

    from gocluster.admin_audit import AuditedAdmin, ReadOnlyAdmin

    workflow = {Application, AdvisoryCall, Interview, VotingRound, Vote, Recusal, Decision, AuditEntry, OutboxMail,
                Document, Membership, CostShareRequest, LabelRecord, Cluster, ClusterClaim, Invitation}
    registered = {model: model_admin for model, model_admin in admin.site._registry.items()
                  if model._meta.app_label in ("applications", "members", "outbox", "documents")}
    for model in workflow - {Vote}:
        assert isinstance(registered[model], ReadOnlyAdmin), model
    for model, model_admin in registered.items():
        assert isinstance(model_admin, ReadOnlyAdmin | AuditedAdmin), model
