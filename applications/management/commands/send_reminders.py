"""Run the reminder sweep by hand: the embedded default and cron-only deployments use this."""

from django.core.management.base import BaseCommand

from applications.services.reminders import REMINDERS, sweep
from gocluster.outbox.services import requeue_stuck


class Command(BaseCommand):
    help = "Sendet fällige Erinnerungen (jede höchstens einmal) und stößt liegengebliebene Mails erneut an."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Die Erinnerungstabelle ausgeben, nichts senden.")

    def handle(self, *args, list=False, **options):
        if list:
            for rule in REMINDERS:
                state = "aktiv" if rule.find else "TODO"
                self.stdout.write(f"{rule.kind:24} {state:6} an {', '.join(rule.whom)}; bezogen auf {rule.anchor}")
            return
        sent = sweep()
        requeued = requeue_stuck()
        self.stdout.write(f"{len(sent)} Erinnerungen versandt, {len(requeued)} Mails erneut angestoßen.")
