"""Real concurrency on PostgreSQL for the applicant's writes."""

import pytest

from applications.enums import ApplicationState as S
from applications.models import ClusterActor
from applications.services import editing
from applications.services.workflow import apply_transition
from tests.applications.builders import draft
from tests.race import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_double_confirmed_import_imports_once():
    application = draft()
    manager = application.cluster.managers.first()
    before = application.actors.count()

    def confirm():
        return editing.actors_import(application=application, by=manager, replace=False, import_id="same-file",
                                     actors=[ClusterActor(name=f"Neu {i}", category="sme", city="Kiel")
                                             for i in range(3)])

    results = run_concurrently(confirm, confirm)
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert application.actors.count() == before + 3


def test_edit_racing_a_submission_never_changes_the_submitted_form():
    application = draft()
    manager = application.cluster.managers.first()
    results = run_concurrently(
        lambda: apply_transition(application=application, name="submit", by=manager),
        lambda: editing.application_save_section(application=application, by=manager, values={"goals": "Neu"}),
    )
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    edit_kind = results[1][0]
    # Either the edit came first (and was submitted with the form) or it was refused after the submission.
    assert (edit_kind, application.goals) in {("ok", "Neu"), ("error", "Wachstum der Region")}
