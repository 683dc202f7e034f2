from django.db import migrations


def forwards(apps, schema_editor):
    from applications.default_criteria import seed

    seed(apps.get_model("applications", "QualityArea"), apps.get_model("applications", "QualityCriterion"))


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
