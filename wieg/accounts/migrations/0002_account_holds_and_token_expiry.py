import datetime
import uuid

import django.utils.timezone
from django.db import migrations, models

import wieg.accounts.models


def give_tokens_an_id_and_an_expiry(apps, schema_editor):
    """Existing tokens get their own public id and expire 90 days after they were issued."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.all():
        token.public_id = uuid.uuid4()
        token.expires_at = token.created_at + datetime.timedelta(days=90)
        token.save(update_fields=["public_id", "expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="must_choose_password",
            field=models.BooleanField(default=False, verbose_name="moet een eigen wachtwoord kiezen"),
        ),
        migrations.AddField(
            model_name="user",
            name="must_enrol_second_factor",
            field=models.BooleanField(
                default=False, verbose_name="moet opnieuw tweestapsverificatie instellen"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="vervalt"),
        ),
        migrations.RunPython(give_tokens_an_id_and_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=wieg.accounts.models._token_expiry, verbose_name="vervalt"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="aangemaakt"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="label",
            field=models.CharField(blank=True, max_length=100, verbose_name="omschrijving"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ingetrokken"),
        ),
    ]
