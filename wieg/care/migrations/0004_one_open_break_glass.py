"""One open break-the-glass access per professional and trajectory, in the database.

"Open" is a period (opened_at to expires_at), so no unique index can say it. An access ended before it
began (expires_at earlier than opened_at) is an empty period. PostgreSQL: an exclusion
constraint refuses two overlapping periods for the same professional and trajectory (btree_gist, a trusted
extension since PostgreSQL 13). SQLite: triggers refuse the same; SQLite runs one writer at a time, so a
check inside the write is as good as a constraint there.

Also sets the review due date of openings made before it existed.
"""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE care_breakglassaccess ADD CONSTRAINT one_open_break_glass
       EXCLUDE USING gist (trajectory_id WITH =, professional_id WITH =,
                           tstzrange(opened_at, GREATEST(opened_at, expires_at), '[)') WITH &&)""",
]
PG_BACKWARD = ["ALTER TABLE care_breakglassaccess DROP CONSTRAINT IF EXISTS one_open_break_glass"]

SQLITE_CHECK = """
    SELECT RAISE(ABORT, 'one_open_break_glass: this professional already has an open access')
    WHERE EXISTS (
        SELECT 1 FROM care_breakglassaccess o
        WHERE o.trajectory_id = NEW.trajectory_id AND o.professional_id = NEW.professional_id
          AND o.id IS NOT NEW.id AND o.opened_at < NEW.expires_at AND NEW.opened_at < o.expires_at
    );
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER one_open_break_glass_insert BEFORE INSERT ON care_breakglassaccess
        BEGIN {SQLITE_CHECK} END""",
    f"""CREATE TRIGGER one_open_break_glass_update BEFORE UPDATE OF opened_at, expires_at, trajectory_id,
        professional_id ON care_breakglassaccess BEGIN {SQLITE_CHECK} END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS one_open_break_glass_insert",
    "DROP TRIGGER IF EXISTS one_open_break_glass_update",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    from wieg.core.workdays import add_working_days

    BreakGlassAccess = apps.get_model("care", "BreakGlassAccess")
    days = getattr(settings, "WIEG_BREAK_GLASS_REVIEW_DAYS", 3)
    for access in BreakGlassAccess.objects.filter(review_due_on__isnull=True):
        opened_on = timezone.localtime(access.opened_at).date() if access.opened_at else dt.date.today()
        BreakGlassAccess.objects.filter(pk=access.pk).update(review_due_on=add_working_days(opened_on, days))
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_consent_amendments_and_review_queue"),
    ]

    operations = [migrations.RunPython(forward, backward)]
