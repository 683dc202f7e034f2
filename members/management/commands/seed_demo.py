"""`manage.py seed_demo`: demo accounts (and, through the apps' seeders, a living portal). Idempotent."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from members.enums import Role
from members.models import User

DEMO_PASSWORD = "go-cluster-demo"  # noqa: S105 - documented demo password, local only

DEMO_ACCOUNTS = [
    ("manager@example.org", "Maria Manager", Role.CLUSTER_MANAGER, False),
    ("staff@example.org", "Stefan Sachbearbeiter", Role.STAFF, False),
    ("ministry@example.org", "Dr. Miriam Ministerium", Role.MINISTRY, False),
    ("board1@example.org", "Prof. Bernd Beirat", Role.BOARD, False),
    ("board2@example.org", "Dr. Beate Brandt", Role.BOARD, False),
    ("board3@example.org", "Björn Bauer", Role.BOARD, False),
    ("board4@example.org", "Dr. Barbara Berg", Role.BOARD, False),
    ("board5@example.org", "Benedikt Busch", Role.BOARD, False),
    ("admin@example.org", "Anna Admin", Role.STAFF, True),
]


def ensure_demo_user(email: str, full_name: str, role: str, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name, "role": role})
    if created:
        user.set_password(DEMO_PASSWORD)
    user.full_name, user.role = full_name, role
    user.is_staff = user.is_superuser = superuser
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


class Command(BaseCommand):
    help = "Legt Demo-Konten und Demo-Daten an (mehrfach ausführbar)."

    @transaction.atomic
    def handle(self, *args, **options):
        for email, name, role, superuser in DEMO_ACCOUNTS:
            ensure_demo_user(email, name, role, superuser)
        self.stdout.write(self.style.SUCCESS(f"{len(DEMO_ACCOUNTS)} Demo-Konten bereit (Passwort: {DEMO_PASSWORD})."))
