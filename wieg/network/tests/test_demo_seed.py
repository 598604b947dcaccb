import random

import pytest
from django.utils import timezone

from wieg.demo.seeders import DemoContext
from wieg.demo.seeders import network as seeder
from wieg.network import selectors
from wieg.network.models import Activity, Meeting, Registration

pytestmark = pytest.mark.django_db


def _ctx(**kwargs):
    return DemoContext(seed=1, families=10, today=timezone.localdate(), rng=random.Random(1), **kwargs)


def test_demo_region_fully_covered_and_known_municipalities_uncovered():
    seeder.seed(_ctx())
    cov = selectors.coverage()
    covered = {m.nis_code for p in cov.provinces for m in p.covered}
    assert set(seeder.DEFAULT_REGION) <= covered
    assert {"41002", "34022", "71072"}.isdisjoint(covered)  # Aalst, Kortrijk, Hasselt
    assert 0 < cov.covered < cov.total
    brussels = next(p for p in cov.provinces if p.key == "brussels")
    assert 0 < len(brussels.covered) < 19


def test_demo_activities_sessions_and_meetings():
    seeder.seed(_ctx(region_nis=["44021", "44013"]))
    activities = Activity.objects.all()
    assert 15 <= activities.count() <= 30
    assert Activity.objects.filter(languages__language="fr").distinct().count() >= 10
    upcoming = selectors.activity_search(selectors.ActivityFilters())
    assert upcoming.count() >= 15
    assert Meeting.objects.filter(minutes_sent_at__isnull=False).exists()
    assert Meeting.objects.filter(starts_at__gt=timezone.now()).exists()


def test_demo_registrations_fill_a_group_with_a_waiting_list(world):
    ctx = _ctx(
        users={"nurse": world.coordinator.user, "parent": world.parent_user},
        organisations={"kg": world.kg, "midwives": world.midwives},
        trajectory_ids=[world.t.pk],
    )
    seeder.seed(ctx)
    assert Registration.objects.filter(trajectory=world.t).exists()
