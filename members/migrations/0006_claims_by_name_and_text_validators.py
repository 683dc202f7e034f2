"""Claims name a cluster by its exact name and town (staff resolve it; existing claims keep their cluster and
get its name and town); text fields of clusters refuse control characters and links (docs/security.md)."""

import django.db.models.deletion
import gocluster.validators
from django.db import migrations, models


def fill_claimed_names(apps, schema_editor):
    ClusterClaim = apps.get_model("members", "ClusterClaim")
    for claim in ClusterClaim.objects.select_related("cluster").iterator():
        claim.claimed_name, claim.claimed_city = claim.cluster.name[:200], claim.cluster.city[:100]
        claim.save(update_fields=["claimed_name", "claimed_city"])


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_default_cost_share_tariffs'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='clusterclaim',
            name='one_pending_claim_per_cluster_and_user',
        ),
        migrations.AddField(
            model_name='clusterclaim',
            name='claimed_city',
            field=models.CharField(default='', max_length=100, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Ort (wie angegeben)'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='clusterclaim',
            name='claimed_name',
            field=models.CharField(default='', max_length=200, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Name des Clusters (wie angegeben)'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_claimed_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='cluster',
            name='acronym',
            field=models.CharField(blank=True, max_length=40, validators=[gocluster.validators.NoControlCharacters(), gocluster.validators.no_links], verbose_name='Kurzbezeichnung'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='city',
            field=models.CharField(max_length=100, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Ort'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='description',
            field=models.TextField(blank=True, validators=[gocluster.validators.NoControlCharacters(multiline=True)], verbose_name='Kurzbeschreibung'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='legal_form',
            field=models.CharField(help_text='z. B. e. V., GmbH', max_length=80, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Rechtsform'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='management_organisation',
            field=models.CharField(max_length=200, validators=[gocluster.validators.NoControlCharacters(), gocluster.validators.no_links], verbose_name='Trägerorganisation des Clustermanagements'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='name',
            field=models.CharField(max_length=200, validators=[gocluster.validators.NoControlCharacters(), gocluster.validators.no_links], verbose_name='Name des Clusters'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='street',
            field=models.CharField(max_length=200, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Straße und Hausnummer'),
        ),
        migrations.AlterField(
            model_name='clusterclaim',
            name='cluster',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='members.cluster', verbose_name='Cluster'),
        ),
        migrations.AddConstraint(
            model_name='clusterclaim',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'pending')), fields=('user', 'claimed_name', 'claimed_city'), name='one_pending_claim_per_name_city_and_user'),
        ),
    ]
