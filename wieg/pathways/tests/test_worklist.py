"""The worklist's sections on a constructed caseload with real dates: what each section holds, in which
order, how many rows it shows and which families the access log records."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from wieg.care.models import CoordinatorAssignment, Trajectory
from wieg.pathways.models import PlanItem
from wieg.pathways.rules import worklist_rule
from wieg.pathways.selectors import ItemRow, WorklistFilter, worklist
from wieg.pathways.services import contact_record, plan_generate
from wieg.testing.factories import make_trajectory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _family(world, *, weeks_pregnant: int, started_weeks_ago: int, seen_days_ago: int | None = None, **kw):
    today = TODAY()
    t = make_trajectory(
        world.coordinator,
        world.kg,
        due_date=today + dt.timedelta(days=280 - 7 * weeks_pregnant),
        start_date=today - dt.timedelta(weeks=started_weeks_ago),
        **kw,
    )
    if seen_days_ago is not None:
        contact_record(
            actor=world.actor("coordinator"),
            trajectory=t,
            date=today - dt.timedelta(days=seen_days_ago),
            kind="phone",
            match=False,
        )
    return t


def _sections(world, **filters):
    with transaction.atomic():
        result = worklist(world.actor("coordinator"), WorklistFilter(**filters))
    ids = {
        name: [(r.trajectory if isinstance(r, ItemRow) else r).pk for r in s["rows"]]
        for name, s in result.sections.items()
    }
    return result, ids


@pytest.fixture
def seen_world(world):
    """The world's own family was seen yesterday, so that only the families made here are out of view."""
    contact_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        date=TODAY() - dt.timedelta(days=1),
        kind="phone",
    )
    return world


def test_no_contact_lists_the_longest_unseen_first(seen_world):
    weeks = worklist_rule("no_contact_weeks")  # 6
    never = _family(seen_world, weeks_pregnant=30, started_weeks_ago=10)
    long_ago = _family(seen_world, weeks_pregnant=30, started_weeks_ago=20, seen_days_ago=7 * weeks + 30)
    just_over = _family(seen_world, weeks_pregnant=30, started_weeks_ago=20, seen_days_ago=7 * weeks + 1)
    on_the_day = _family(seen_world, weeks_pregnant=30, started_weeks_ago=20, seen_days_ago=7 * weeks)
    recent = _family(seen_world, weeks_pregnant=30, started_weeks_ago=20, seen_days_ago=7 * weeks - 1)
    too_new = _family(seen_world, weeks_pregnant=30, started_weeks_ago=weeks - 1)
    result, ids = _sections(seen_world)
    # Ordered by the last contact, or by the start for a family never seen (10 weeks ago); a contact
    # exactly 6 weeks ago is no contact *since* 6 weeks.
    assert ids["no_contact"] == [long_ago.pk, never.pk, just_over.pk, on_the_day.pk]
    assert recent.pk not in ids["no_contact"] and too_new.pk not in ids["no_contact"]
    assert result.sections["no_contact"]["count"] == 4
    _, wider = _sections(seen_world, weeks=10)
    assert wider["no_contact"] == [long_ago.pk, never.pk]


def test_first_contact_missing_from_16_weeks_on(seen_world):
    by = worklist_rule("first_contact_by_weeks")  # 16
    at_16 = _family(seen_world, weeks_pregnant=by, started_weeks_ago=1)
    at_30 = _family(seen_world, weeks_pregnant=30, started_weeks_ago=1)
    at_15 = _family(seen_world, weeks_pregnant=by - 1, started_weeks_ago=1)
    seen = _family(seen_world, weeks_pregnant=30, started_weeks_ago=1, seen_days_ago=20)
    born = _family(
        seen_world, weeks_pregnant=42, started_weeks_ago=1, birth_date=TODAY() - dt.timedelta(days=3)
    )
    result, ids = _sections(seen_world)
    assert ids["first_contact_missing"] == [at_30.pk, at_16.pk]  # the furthest pregnancy first
    for t in (at_15, seen, born):
        assert t.pk not in ids["first_contact_missing"]
    assert result.sections["first_contact_missing"]["count"] == 2


def test_no_coordinator_when_the_assignment_ended(seen_world):
    t = _family(seen_world, weeks_pregnant=20, started_weeks_ago=1, seen_days_ago=2)
    _, ids = _sections(seen_world)
    assert ids["no_coordinator"] == []
    CoordinatorAssignment.objects.filter(trajectory=t).update(end=timezone.now())
    _, ids = _sections(seen_world)
    assert ids["no_coordinator"] == [t.pk]


def test_sections_show_the_first_rows_and_say_there_are_more(seen_world):
    limit = worklist_rule("rows_per_section")  # 10
    families = [_family(seen_world, weeks_pregnant=20, started_weeks_ago=12) for _ in range(limit + 2)]
    result, ids = _sections(seen_world)
    section = result.sections["no_contact"]
    assert len(section["rows"]) == limit and section["more"] and section["count"] == limit + 2
    # Families started on the same day come in creation order.
    assert ids["no_contact"] == [t.pk for t in families[:limit]]
    result, ids = _sections(seen_world, section="no_contact")
    assert set(result.sections) == {"no_contact"}
    assert ids["no_contact"] == [t.pk for t in families] and not result.sections["no_contact"]["more"]


def test_item_sections_and_the_families_the_log_records(seen_world):
    today = TODAY()
    t = _family(seen_world, weeks_pregnant=20, started_weeks_ago=1, seen_days_ago=2)
    plan_generate(actor=seen_world.actor("coordinator"), trajectory=t)
    items = PlanItem.objects.filter(trajectory=t, counts_toward_minimum=True, status="planned").order_by(
        "window_start"
    )
    late, due = items[0], items[1]
    PlanItem.objects.filter(trajectory=t).exclude(pk__in=[late.pk, due.pk]).update(status="done")
    PlanItem.objects.filter(pk=late.pk).update(
        window_start=today - dt.timedelta(days=20), window_end=today - dt.timedelta(days=1)
    )
    PlanItem.objects.filter(pk=due.pk).update(window_start=today, window_end=today + dt.timedelta(days=5))
    result, ids = _sections(seen_world)
    overdue = [r.item.pk for r in result.sections["overdue"]["rows"]]
    due_now = [r.item.pk for r in result.sections["due_this_week"]["rows"]]
    assert late.pk in overdue and due.pk in due_now
    assert all(r.trajectory.pk == t.pk for r in result.sections["overdue"]["rows"] if r.item.pk == late.pk)
    # Item sections do not count their rows (that would read every open item of the caseload).
    assert "count" not in result.sections["overdue"]
    # The access log records each family shown once, whatever the number of sections it is in.
    shown = [x.pk for x in result.trajectories]
    assert len(shown) == len(set(shown)) and t.pk in shown
    assert Trajectory.objects.filter(pk__in=shown).count() == len(shown)
