"""The electorate of a voting round, fixed when voting opens (docs/security.md, finding 6); actor names and
towns refuse control characters (finding 12).

Existing rounds are backfilled: an open round gets the people who would count today (active ministry and
board accounts) plus everyone who already voted in it; a closed round gets those who voted in it, so their
read access for the time after the close (VOTER_ACCESS_DAYS_AFTER_CLOSE) stays as it was.
"""

import django.db.models.deletion
import gocluster.validators
from django.conf import settings
from django.db import migrations, models

BODY_OF_ROLE = {"ministry": "ministry", "board": "board"}


def backfill_electorates(apps, schema_editor):
    VotingRound = apps.get_model("applications", "VotingRound")
    Elector = apps.get_model("applications", "Elector")
    Vote = apps.get_model("applications", "Vote")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    seat_holders = list(User.objects.filter(role__in=list(BODY_OF_ROLE), is_active=True).values_list("pk", "role"))
    for voting_round in VotingRound.objects.all().iterator():
        seats = {user_id: body for user_id, body in
                 Vote.objects.filter(round_id=voting_round.pk).values_list("voter_id", "body")}
        if voting_round.closed_at is None:
            for user_id, role in seat_holders:
                seats.setdefault(user_id, BODY_OF_ROLE[role])
        Elector.objects.bulk_create(Elector(round_id=voting_round.pk, user_id=user_id, body=body)
                                    for user_id, body in sorted(seats.items()))


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0005_application_state_updated_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Elector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(choices=[('ministry', 'Ministerium'), ('board', 'Programmbegleitkreis')], max_length=10, verbose_name='Gremium')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='electors', to='applications.votinground')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
            ],
            options={
                'verbose_name': 'Stimmberechtigte Person',
                'verbose_name_plural': 'Stimmberechtigte',
            },
        ),
        migrations.AddField(
            model_name='votinground',
            name='electorate',
            field=models.ManyToManyField(related_name='+', through='applications.Elector', to=settings.AUTH_USER_MODEL, verbose_name='Stimmberechtigte'),
        ),
        migrations.AddConstraint(
            model_name='elector',
            constraint=models.UniqueConstraint(fields=('round', 'user'), name='one_seat_per_round_and_user'),
        ),
        migrations.RunPython(backfill_electorates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='clusteractor',
            name='city',
            field=models.CharField(max_length=100, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Ort'),
        ),
        migrations.AlterField(
            model_name='clusteractor',
            name='name',
            field=models.CharField(max_length=200, validators=[gocluster.validators.NoControlCharacters()], verbose_name='Name'),
        ),
    ]
