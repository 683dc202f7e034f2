"""`manage.py seed_demo`: demo accounts, clusters and a case in every state. Idempotent.

Development only: the demo accounts (a superuser among them) share the password printed in the README.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from applications.demo import seed_cases
from members.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts, seed_clusters, seed_members


class Command(BaseCommand):
    help = "Legt Demo-Konten, Cluster und Anträge in jedem Status an (mehrfach ausführbar)."

    def handle(self, *args, **options):
        if not settings.GOCLUSTER_DEVELOPMENT:
            raise CommandError(
                "seed_demo legt Konten mit dem im README veröffentlichten Passwort an (darunter ein Superuser) und "
                "läuft deshalb nur mit GOCLUSTER_ENV=development."
            )
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
