"""`manage.py seed_demo`: demo accounts, clusters and a case in every state. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from applications.demo import seed_cases
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts, seed_clusters, seed_members


class Command(BaseCommand):
    help = "Legt Demo-Konten, Cluster und Anträge in jedem Status an (mehrfach ausführbar)."

    def handle(self, *args, **options):
        # The demo's mails are recorded in the outbox like any other, but not delivered.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}), \
                transaction.atomic():
            seed_accounts()
            clusters = seed_clusters()
            created = seed_cases(clusters)
            members = seed_members(clusters)
        self.stdout.write(self.style.SUCCESS(
            f"{len(DEMO_ACCOUNTS)} Demo-Konten (Passwort: {DEMO_PASSWORD}), {len(clusters)} Cluster, "
            f"{created} neue Demo-Verfahren, {members} neue Mitglieder."
        ))
