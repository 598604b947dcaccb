from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The table of the "shared" database cache (settings.CACHES): `migrate` creates it, like every table."""
    call_command("createcachetable", "wieg_shared_cache", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('wieg_shared_cache')}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
