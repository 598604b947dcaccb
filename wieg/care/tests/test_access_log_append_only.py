"""The access log is append-only in the database, not only in the ORM: raw SQL, the base QuerySet's update and
_raw_delete all fail, on SQLite and PostgreSQL alike; deleting a user leaves a readable history."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from wieg.care import audit
from wieg.care.models import AccessEvent
from wieg.core import appendonly
from wieg.portal.selectors import plain_line

TABLE = AccessEvent._meta.db_table


@pytest.fixture
def event(world):
    return audit.record(world.actor("coordinator"), "read", world.t, category="medical")


def test_the_triggers_are_there_after_migrate(db):
    assert appendonly.installed(connection, TABLE) == set(appendonly.trigger_names(TABLE))


def test_an_event_keeps_its_authors_name_and_organisation_as_text(world, event):
    assert event.author_name == world.coordinator.display_name
    assert event.organisation_name == "Kind en Gezin Gent-Centrum"


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET detail = 'changed' WHERE id = %s",
        f"UPDATE {TABLE} SET user_id = NULL WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_remove_an_event(event, sql):
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk, detail="").exists()


def test_the_orm_back_doors_are_closed_too(event):
    with pytest.raises(PermissionError):
        AccessEvent.objects.filter(pk=event.pk).update(detail="changed")
    # The base QuerySet skips the model's own guards: the database refuses.
    base = models.QuerySet(AccessEvent).filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        base.update(detail="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        base._raw_delete(using="default")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        models.QuerySet.delete(base)
    assert AccessEvent.objects.filter(pk=event.pk, detail="").count() == 1


def test_deleting_a_user_leaves_a_readable_history(world, event, client):
    """The author's account, and with it the link to the professional, goes: the log still names them."""
    author = world.coordinator.display_name
    world.coordinator.user.delete()
    kept = AccessEvent.objects.get(pk=event.pk)
    assert kept.user_id is not None  # the id stays, pointing at no one: nothing was updated
    assert (kept.author_name, kept.organisation_name) == (author, "Kind en Gezin Gent-Centrum")
    line = plain_line(kept, world.actor("parent"))
    assert (line.who, line.organisation) == (author, "Kind en Gezin Gent-Centrum")


def test_a_family_or_trajectory_can_still_go_without_touching_the_log(world, event):
    """A trajectory erased later (retention) leaves its events, with the ids they had."""
    from wieg.care.models import Trajectory

    trajectory_id = world.t.pk
    Trajectory.objects.filter(pk=trajectory_id).delete()
    assert AccessEvent.objects.get(pk=event.pk).trajectory_id == trajectory_id


def test_events_written_in_bulk_elsewhere_are_named_in_one_query_per_kind(world, django_assert_num_queries):
    events = [
        AccessEvent(
            user_id=world.member.user.pk,
            professional_id=world.member.pk,
            organisation_id=world.midwives.pk,
            actor_kind="professional",
            action="read",
            object_type="Trajectory",
            trajectory_id=world.t.pk,
        ),
        AccessEvent(
            user_id=world.parent_user.pk, actor_kind="parent", action="read", object_type="Trajectory"
        ),
    ]
    with django_assert_num_queries(4):  # professionals, users, organisations, the INSERT
        AccessEvent.objects.bulk_create(events)
    assert [(e.author_name, e.organisation_name) for e in events] == [
        (world.member.display_name, world.midwives.name),
        (world.parent_user.get_full_name() or world.parent_user.username, ""),
    ]


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_every_table():
    """Between transactional tests the suite empties the database with `flush`: the access log included."""
    from wieg.testing.personas import build_world

    world = build_world()
    audit.record(world.actor("coordinator"), "read", world.t, category="contact")
    assert AccessEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEvent.objects.exists()
    assert appendonly.installed(connection, TABLE) == set(appendonly.trigger_names(TABLE))


@pytest.mark.postgres
def test_the_application_role_may_insert_but_not_change_or_empty_the_log(world, event):
    if connection.vendor != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wieg_app_test') "
            "THEN CREATE ROLE wieg_app_test NOLOGIN; END IF; END $$"
        )
    call_command("app_role_sql", "wieg_app_test", "--apply", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE wieg_app_test")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        assert cursor.fetchone()[0] >= 1
        for sql in (f"DELETE FROM {TABLE}", f"TRUNCATE {TABLE}", f"UPDATE {TABLE} SET detail = 'x'"):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute(sql)
        with transaction.atomic():
            audit.record(world.actor("member"), "read", world.t, category="contact")
        cursor.execute("RESET ROLE")
