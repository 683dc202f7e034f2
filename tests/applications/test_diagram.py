from pathlib import Path

from django.conf import settings

from applications.diagram import markdown_table, svg

DOCS = Path(settings.BASE_DIR) / "docs"


def test_state_machine_docs_are_generated_from_the_current_table():
    assert (DOCS / "state-machine.md").read_text() == markdown_table()
    assert (DOCS / "state-machine.svg").read_text() == svg()


def test_table_lists_every_transition():
    rows = [line for line in markdown_table().splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == 12
    assert rows[-1] == "| any open state | `withdraw` (Antrag zurückziehen) | `withdrawn` | Clustermanagement |"
