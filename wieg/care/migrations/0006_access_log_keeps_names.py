import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Trim


def refuse_changes(apps, schema_editor):
    from wieg.core import appendonly

    appendonly.install(schema_editor.connection, "care_accessevent")


def allow_changes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in ("care_accessevent_no_update", "care_accessevent_no_delete"):
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON care_accessevent')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def name_the_authors(apps, schema_editor):
    """The events written so far keep the names their authors and organisations have now."""
    allow_changes(apps, schema_editor)  # migrating back and forth: `migrate` re-creates the triggers
    AccessEvent = apps.get_model("care", "AccessEvent")
    Professional = apps.get_model("directory", "Professional")
    Organisation = apps.get_model("directory", "Organisation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    text = CharField()
    professional = Professional.objects.filter(pk=OuterRef("professional_id")).annotate(
        n=Concat("given_name", Value(" "), "family_name", output_field=text)
    )
    user = User.objects.filter(pk=OuterRef("user_id")).annotate(
        n=Case(
            When(first_name="", last_name="", then="username"),
            default=Trim(Concat("first_name", Value(" "), "last_name", output_field=text)),
            output_field=text,
        )
    )
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id"))
    AccessEvent.objects.update(
        author_name=Coalesce(
            Subquery(professional.values("n")[:1]), Subquery(user.values("n")[:1]), Value(""), output_field=text
        ),
        organisation_name=Coalesce(Subquery(organisation.values("name")[:1]), Value(""), output_field=text),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0005_person_contact_details'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='accessevent',
            name='author_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='accessevent',
            name='organisation_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(name_the_authors, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='accessevent',
            name='family',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='access_events', to='care.family'),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='organisation',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.organisation'),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='professional',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.professional'),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='trajectory',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='access_events', to='care.trajectory'),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='user',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(refuse_changes, allow_changes),
    ]
