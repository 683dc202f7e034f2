"""The bad-input catalogue (docs/security.md): uploads, imports, forms, URLs and headers that are wrong on
purpose. Each one gets a clear German message or a 4xx, and nothing is half-saved: the row counts of every
table an input could touch are the same afterwards (and the case's strategy document is unchanged).

German numbers in forms are a separate issue and not part of this catalogue.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfWriter

from applications.enums import ApplicationState as S
from applications.imports import COLUMNS
from applications.models import (
    AdvisoryCall,
    Application,
    AuditEntry,
    ClusterActor,
    InternalNote,
    Recusal,
    Vote,
    VotingRound,
)
from gocluster.documents.models import Document
from gocluster.outbox.models import OutboxMail
from members.models import Cluster, ClusterClaim, CostShareRequest, LabelRecord
from tests.applications.builders import Cast, case_in_state, draft
from tests.applications.helpers import form_datetime, local_moment
from tests.factories import ClusterFactory, make_pdf
from tests.members.builders import budget, member, request_args, tariffs
from tests.pdf import pdf_with

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-06-15T10:00:00+02:00")]

# Every table a bad input could leave a half-saved row in.
TABLES = (Application, ClusterActor, AdvisoryCall, AuditEntry, InternalNote, VotingRound, Vote, Recusal, Document,
          OutboxMail, Cluster, ClusterClaim, CostShareRequest, LabelRecord)
HUGE = "9" * 25  # beyond any database integer
PAST_START = date(2026, 6, 12)


# --- Files ---------------------------------------------------------------------------------------------------


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _xlsx(rows, header=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header or [heading for heading, _name in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(lines, encoding="utf-8") -> bytes:
    return ("\r\n".join([";".join(h for h, _n in COLUMNS), *lines]) + "\r\n").encode(encoding)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    return buffer.getvalue()


def _file(name: str, content: bytes, ctype: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, ctype)


# --- The people and objects the inputs are aimed at -------------------------------------------------------


class World:
    def __init__(self):
        self.cast = Cast()

    @cached_property
    def application(self):
        """The manager's editable draft (with its strategy document and actors)."""
        return draft()

    @property
    def manager(self):
        return self.application.cluster.managers.first()

    @cached_property
    def others_case(self):
        return draft()

    @cached_property
    def voting(self):
        return case_in_state(S.VOTING, self.cast)

    @cached_property
    def member_cluster(self):
        tariffs()
        budget(2026, "10000")
        return member(ClusterFactory(managers=[self.manager]), staff=self.cast.staff)

    @cached_property
    def others_cost_share(self):
        tariffs()
        budget(2026, "10000")
        cluster = member(staff=self.cast.staff)
        from members.services import memberships

        return memberships.cost_share_request_submit(cluster=cluster, by=cluster.managers.first(),
                                                     today=timezone.localdate(), **request_args())

    def client(self, who: str) -> Client:
        client = Client()
        user = {"manager": lambda: self.manager, "staff": lambda: self.cast.staff,
                "board": lambda: self.cast.board[0], "late_board": lambda: _late_board()}[who]()
        client.force_login(user)
        return client


def _late_board():
    from tests.factories import BoardMemberFactory

    return BoardMemberFactory()


@dataclass(frozen=True)
class Case:
    id: str
    who: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict] = field(default=lambda w: {})
    status: int = 200
    message: str = ""
    extra: dict = field(default_factory=dict)
    follow: bool = False  # the answer is a redirect to a page that shows the message


def _strategy(w):
    return f"/antrag/{w.application.pk}/strategiedokument/"


def _import(w):
    return f"/antrag/{w.application.pk}/akteure/import/"


def _cost_share(w):
    return f"/portal/mitgliedschaft/cluster/{w.member_cluster.pk}/kostenanteil/"


def _cost_share_data(evidence: bytes, **overrides):
    def data(w):
        args = {k: str(v) for k, v in request_args(**overrides).items()}
        return {**args, "no_other_cost_share": "on", "action": "send", "evidence": _file("nachweis.pdf", evidence)}
    return data


def _label(w):
    return f"/portal/mitglieder/{w.member_cluster.memberships.get().pk}/label/"


CLUSTER = {"name": "Photonik Nord", "acronym": "PN", "management_organisation": "Photonik Nord e. V.",
           "legal_form": "e. V.", "street": "Am Hafen 1", "postcode": "20457", "city": "Hamburg", "bundesland": "HH",
           "year_founded": "2012"}


def _actor_formset(name: str):
    def data(w):
        return {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
                "form-MAX_NUM_FORMS": "1000", "form-0-name": name, "form-0-category": "sme",
                "form-0-city": "Bonn", "form-0-country": "DE", "form-0-commitment": "member"}
    return data


CASES = [
    # --- Uploads -------------------------------------------------------------------------------------------
    Case("upload-not-a-pdf", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", b"PK\x03\x04 ein ZIP mit PDF-Endung")},
         message="Die Datei ist kein PDF. Bitte laden Sie eine PDF-Datei hoch."),
    Case("upload-truncated-pdf", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", make_pdf(3)[:300])},
         message="Das PDF ist beschädigt und kann nicht gelesen werden."),
    Case("upload-encrypted-pdf", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", _encrypted_pdf())},
         message="Das PDF ist verschlüsselt oder passwortgeschützt."),
    Case("upload-javascript-pdf", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", pdf_with("open_action_javascript"))},
         message="Das PDF enthält aktive Inhalte (JavaScript, Aktion beim Öffnen)."),
    Case("upload-launch-action-pdf", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", pdf_with("launch_link"))},
         message="Das PDF enthält aktive Inhalte (Programmstart)."),
    Case("upload-empty-file", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", b"")},
         message="Die übertragene Datei ist leer."),
    Case("upload-oversize-strategy", "manager", "post", _strategy,
         lambda w: {"strategy_document": _file("s.pdf", b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024))},
         message="Die Datei ist größer als 20 MB."),
    Case("upload-evidence-with-embedded-file", "manager", "post", _cost_share,
         _cost_share_data(pdf_with("embedded_file")),
         message="Das PDF enthält aktive Inhalte (eingebettete Dateien)."),
    Case("upload-oversize-evidence", "manager", "post", _cost_share,
         _cost_share_data(b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)), status=413,
         message="Die Datei ist größer als 10 MB."),
    Case("upload-certificate-not-a-pdf", "staff", "post", _label,
         lambda w: {"level": "bronze", "assessed_on": "2026-05-01", "certificate": _file("z.pdf", b"GIF89a")},
         status=400, message="Die Datei ist kein PDF."),
    # --- Imports -------------------------------------------------------------------------------------------
    Case("import-xlsx-zip-bomb", "manager", "post", _import, lambda w: {"file": _file("a.xlsx", _zip_bomb())},
         message="Die Excel-Datei entpackt sich zu einer ungewöhnlich großen Datenmenge"),
    Case("import-formula-cell", "manager", "post", _import,
         lambda w: {"file": _file("a.xlsx", _xlsx([["=HYPERLINK(\"http://x\")", "KMU", "", "", "Kiel", "", "", "",
                                                     ""]]))},
         message="Spalte „Name“ enthält eine Formel; Formeln sind nicht erlaubt."),
    Case("import-wrong-encoding", "manager", "post", _import,
         lambda w: {"file": _file("a.csv", _csv(["Kaputt\x81 GmbH;KMU;nein;10115;Berlin;DE;Mitglied;;"], "latin-1"))},
         message="Die Zeichenkodierung der CSV-Datei ist unbekannt."),
    Case("import-missing-columns", "manager", "post", _import, lambda w: {"file": _file("a.csv", b"Foo;Bar\n1;2\n")},
         message="Die Kopfzeile passt nicht zur Vorlage; es fehlt: Name, Kategorie, Ort."),
    Case("import-huge-row-count", "manager", "post", _import,
         lambda w: {"file": _file("a.csv", _csv([f"A{i};KMU;;;Berlin;;;;" for i in range(2001)]))},
         message="Die Datei hat mehr als 2000 Zeilen. Bitte teilen Sie sie auf."),
    Case("import-pdf-named-xlsx", "manager", "post", _import, lambda w: {"file": _file("a.xlsx", make_pdf(1))},
         message="Die Datei ist keine gültige Excel-Datei (XLSX)."),
    Case("import-control-character-in-a-row", "manager", "post", _import,
         lambda w: {"file": _file("a.csv", _csv(["Böse\x1b GmbH;KMU;nein;10115;Berlin;DE;Mitglied;;"]))},
         message="Der Text enthält unsichtbare Steuerzeichen."),
    # --- Forms ---------------------------------------------------------------------------------------------
    Case("form-cluster-empty-required", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "", "city": ""}, message="Dieses Feld ist zwingend erforderlich."),
    Case("form-cluster-name-overlong", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "N" * 201},
         message="Bitte sicherstellen, dass der Wert aus höchstens 200 Zeichen besteht."),
    Case("form-cluster-name-control-character", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "Photonik\x07Nord"}, message="Der Text enthält unsichtbare Steuerzeichen."),
    Case("form-cluster-name-bidi-override", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "Photonik \u202eNord"}, message="Der Text enthält unsichtbare Steuerzeichen."),
    Case("form-cluster-name-null-byte", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "Photonik\x00Nord"}, message="Nullzeichen sind nicht erlaubt."),
    Case("form-url-in-cluster-name", "manager", "post", lambda w: "/portal/cluster/neu/",
         lambda w: {**CLUSTER, "name": "Gewinn unter www.phish.example"},
         message="Bitte geben Sie hier keine Internetadressen an"),
    Case("form-claim-control-character", "manager", "post", lambda w: "/portal/cluster/beanspruchen/",
         lambda w: {"name": "Photonik\x1bNord", "city": "Hamburg"},
         message="Der Text enthält unsichtbare Steuerzeichen."),
    Case("form-actor-control-character", "manager", "post", lambda w: f"/antrag/{w.application.pk}/akteure/",
         _actor_formset("Neu\x08 GmbH"), message="Der Text enthält unsichtbare Steuerzeichen."),
    Case("form-advisory-call-past-dates", "manager", "post",
         lambda w: f"/antrag/cluster/{w.application.cluster.pk}/beratung/",
         lambda w: {"mode": "video", "slot_1": form_datetime(local_moment(-2)),
                    "slot_2": form_datetime(local_moment(-1))},
         message="Bitte wählen Sie einen Termin in der Zukunft."),
    Case("form-cost-share-past-start", "manager", "post", _cost_share,
         lambda w: {**{k: str(v) for k, v in request_args(planned_start=PAST_START).items()},
                    "no_other_cost_share": "on", "action": "send"},
         message="der geplante Beginn (12.06.2026) muss nach dem heutigen Tag (15.06.2026) liegen."),
    Case("form-interview-in-the-past", "staff", "post",
         lambda w: f"/geschaeftsstelle/faelle/{case_in_state(S.IN_REVIEW, w.cast).pk}/schritt/schedule_interview/",
         lambda w: {"schedule_interview-scheduled_at": form_datetime(local_moment(-1)),
                    "schedule_interview-location": "Videokonferenz",
                    "schedule_interview-interviewers": [w.cast.staff.pk]},
         message="Der Termin des Aufnahmegesprächs muss in der Zukunft liegen."),
    Case("form-internal-note-empty", "staff", "post",
         lambda w: f"/geschaeftsstelle/faelle/{w.application.pk}/notizen/", lambda w: {"text": "   "},
         message="Bitte geben Sie den Text der Notiz ein.", follow=True),
    # --- URLs ----------------------------------------------------------------------------------------------
    Case("url-nonexistent-case", "manager", "get", lambda w: f"/antrag/{w.application.pk + 1000}/", status=404),
    Case("url-other-managers-case", "manager", "get", lambda w: f"/antrag/{w.others_case.pk}/", status=404),
    Case("url-other-managers-strategy-upload", "manager", "post",
         lambda w: f"/antrag/{w.others_case.pk}/strategiedokument/",
         lambda w: {"strategy_document": _file("s.pdf", make_pdf(1))}, status=404),
    Case("url-other-members-cost-share", "manager", "get",
         lambda w: f"/portal/mitgliedschaft/kostenanteil/{w.others_cost_share.pk}/", status=404),
    Case("url-huge-case-id", "manager", "get", lambda w: f"/antrag/{HUGE}/", status=404),
    Case("url-huge-id-staff", "staff", "get", lambda w: f"/geschaeftsstelle/faelle/{HUGE}/", status=404),
    Case("url-huge-claim-id", "staff", "post", lambda w: f"/portal/cluster-ansprueche/{HUGE}/",
         lambda w: {"decision": "confirm", "cluster": HUGE}, status=404),
    Case("url-negative-id", "manager", "get", lambda w: "/antrag/-1/", status=404),
    Case("url-voter-outside-the-electorate", "late_board", "get", lambda w: f"/abstimmung/antraege/{w.voting.pk}/",
         status=404),
    Case("url-document-of-another-case", "manager", "get",
         lambda w: f"/dokumente/{_dossier(w).pk}/", status=404),
    # --- Headers -------------------------------------------------------------------------------------------
    Case("header-bad-host", "manager", "get", lambda w: "/antrag/", status=400,
         extra={"HTTP_HOST": "evil.example"}),
    Case("header-oversize-body", "manager", "post", lambda w: f"/geschaeftsstelle/faelle/{w.application.pk}/notizen/",
         lambda w: {"text": "x" * (3 * 1024 * 1024)}, status=413),
    Case("header-unreadable-content-length", "staff", "post",
         lambda w: f"/geschaeftsstelle/faelle/{w.application.pk}/notizen/", lambda w: {"text": "Notiz"},
         status=413, extra={"CONTENT_LENGTH": "viel"}),
]


def _dossier(w):
    from applications.services import letters

    return letters.render_dossier(w.voting)


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.GOCLUSTER_REQUIRE_MFA = False


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_clear_answer_and_nothing_is_half_saved(case):
    world = World()
    world.application  # noqa: B018 - the objects exist before the counts are taken
    url = case.url(world)
    data = case.data(world)
    client = world.client(case.who)
    strategy = Application.objects.values_list("strategy_document", "strategy_document_pages").get(
        pk=world.application.pk)
    before = _counts()
    response = getattr(client, case.method)(url, data, follow=case.follow, **case.extra)
    assert response.status_code == case.status, response.content.decode()[:3000]
    if case.message:
        assert case.message in response.content.decode()
    assert _counts() == before
    assert Application.objects.values_list("strategy_document", "strategy_document_pages").get(
        pk=world.application.pk) == strategy


def test_bad_input_catalogue_has_at_least_thirty_cases_in_every_area():
    areas = {case.id.split("-")[0] for case in CASES}
    assert (len(CASES) >= 30, areas) == (True, {"upload", "import", "form", "url", "header"})
