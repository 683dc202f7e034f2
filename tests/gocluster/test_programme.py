"""The ministry's name from settings, in the right case everywhere: "ein Programm des Bundesministeriums für ...".

Every mail event, every letter kind and the pages' footer are rendered with the real contexts; none may say
"des Bundesministerium " (the nominative after "des") or name the ministry of before May 2025 (BMWK)."""

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.services import letters
from gocluster.documents.models import DocumentKind
from gocluster.outbox.services import queue_templated_mail
from members.services import memberships
from members.services.notifications import decision_letter_context
from tests.applications.builders import case_in_state
from tests.members.builders import member

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
EVENTS = sorted(p.stem for p in (ROOT / "templates" / "email").glob("*.txt") if not p.name.startswith("_"))
GENITIVE = "des Bundesministeriums für Wirtschaft und Energie"


def _words(text: str) -> str:
    """Markup and line breaks out: what a reader reads."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def assert_ministry_in_the_right_case(text: str, where: str) -> None:
    words = _words(text)
    assert "des Bundesministerium " not in words, where
    assert "BMWK" not in words and "Klimaschutz" not in words, where


def test_default_ministry_is_the_bmwe_since_may_2025():
    assert (settings.MINISTRY_NAME, settings.MINISTRY_NAME_GENITIVE, settings.MINISTRY_ABBREVIATION) == (
        "Bundesministerium für Wirtschaft und Energie", "Bundesministeriums für Wirtschaft und Energie", "BMWE")


def test_every_mail_names_the_ministry_in_the_genitive():
    context = {"case_number": "GC-2026-0042", "cluster_name": "Cluster Nord", "deadline": "1. Dezember 2026",
               "reference": "KA-2026-0001", "due_on": "01.12.2026", "when": "1. Dezember 2026"}
    for event in EVENTS:
        mail = queue_templated_mail(event=event, recipient="a@example.org", context=context)
        for part in (mail.subject, mail.body_text, mail.body_html):
            assert_ministry_in_the_right_case(part, event)
        assert f"go-cluster ist ein Programm {GENITIVE} (BMWE)" in _words(mail.body_text), event
        assert f"go-cluster – ein Programm {GENITIVE} (BMWE)" in _words(mail.body_html), event


def test_every_letter_kind_names_the_ministry_in_the_genitive(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admitted = case_in_state(S.ADMITTED)
        rejected = case_in_state(S.REJECTED)
    rendered = {
        kind: render_to_string(letters.TEMPLATES[kind], letters.decision_context(case))
        for case, kinds in ((admitted, letters.DECISION_DOCUMENTS["admitted"]),
                            (rejected, letters.DECISION_DOCUMENTS["rejected"]))
        for kind in kinds
    }
    rendered[DocumentKind.DOSSIER] = render_to_string(letters.TEMPLATES[DocumentKind.DOSSIER],
                                                      letters.dossier_context(admitted))
    cluster = member(started_on=timezone.localdate() - timedelta(days=30))
    cost_share = memberships.cost_share_request_submit(
        cluster=cluster, by=cluster.managers.first(), kind="first", today=timezone.localdate(),
        planned_start=timezone.localdate() + timedelta(days=30), prerequisite="silver",
        prerequisite_on=date(2024, 1, 1), no_other_cost_share=True)
    rendered[DocumentKind.COST_SHARE_LETTER] = render_to_string("letters/cost_share_decision.html",
                                                                decision_letter_context(cost_share))
    assert sorted(rendered) == sorted(DocumentKind.values)
    for kind, html in rendered.items():
        assert_ministry_in_the_right_case(html, kind)
    letterhead = f"im Auftrag {GENITIVE} (BMWE)"
    for kind in (DocumentKind.ADMISSION_LETTER, DocumentKind.FEEDBACK_LETTER, DocumentKind.COST_SHARE_LETTER):
        assert letterhead in _words(rendered[kind]), kind
    assert f"in das Programm go-cluster {GENITIVE}" in _words(rendered[DocumentKind.FEEDBACK_LETTER])
    assert "Das Bundesministerium für Wirtschaft und Energie (BMWE) nimmt den Cluster" in _words(
        rendered[DocumentKind.ADMISSION_CERTIFICATE])


@pytest.mark.parametrize("url_name", ["home", "impressum", "datenschutz"])
def test_pages_name_the_ministry_in_the_genitive_in_german_and_by_its_name_in_english(client, url_name):
    german = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert_ministry_in_the_right_case(german, url_name)
    assert f"ein Programm {GENITIVE} (BMWE)" in _words(german)
    client.cookies["django_language"] = "en"
    english = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'a programme of the <span lang="de">Bundesministerium für Wirtschaft und Energie</span> (BMWE)' in english


def _settings_of(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINISTRY_")}
    code = "from django.conf import settings as s; print(s.MINISTRY_NAME_GENITIVE)"
    return subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT,
                          env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False)


def test_a_new_federal_ministry_needs_only_its_name_and_any_other_needs_the_genitive_too():
    derived = _settings_of({"MINISTRY_NAME": "Bundesministerium für Forschung, Technologie und Raumfahrt",
                            "MINISTRY_ABBREVIATION": "BMFTR"})
    assert derived.stdout.strip() == "Bundesministeriums für Forschung, Technologie und Raumfahrt"
    refused = _settings_of({"MINISTRY_NAME": "Auswärtiges Amt", "MINISTRY_ABBREVIATION": "AA"})
    assert refused.returncode != 0
    assert "set MINISTRY_NAME_GENITIVE too" in refused.stderr
    given = _settings_of({"MINISTRY_NAME": "Auswärtiges Amt", "MINISTRY_NAME_GENITIVE": "Auswärtigen Amts"})
    assert given.stdout.strip() == "Auswärtigen Amts"
