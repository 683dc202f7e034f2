from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from applications.diagram import markdown_table, svg


class Command(BaseCommand):
    help = "Schreibt docs/state-machine.md und docs/state-machine.svg aus der Übergangstabelle."

    def handle(self, *args, **options):
        docs = Path(settings.BASE_DIR) / "docs"
        (docs / "state-machine.md").write_text(markdown_table())
        (docs / "state-machine.svg").write_text(svg())
        self.stdout.write("docs/state-machine.md, docs/state-machine.svg")
