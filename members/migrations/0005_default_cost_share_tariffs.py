"""The Gold-label cost share tariffs from 2024 (programme rule 8); staff edit them in the admin."""

from datetime import date
from decimal import Decimal

from django.db import migrations

TARIFFS = [("first", Decimal("4160.00")), ("recertification", Decimal("3725.00"))]


def seed(apps, schema_editor):
    Tariff = apps.get_model("members", "CostShareTariff")
    for kind, amount in TARIFFS:
        Tariff.objects.get_or_create(kind=kind, valid_from=date(2024, 1, 1), defaults={"amount": amount})


def unseed(apps, schema_editor):
    apps.get_model("members", "CostShareTariff").objects.filter(valid_from=date(2024, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0004_memberships_labels_cost_shares")]
    operations = [migrations.RunPython(seed, unseed)]
