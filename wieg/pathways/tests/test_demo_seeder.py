import datetime as dt
import random

import pytest
from django.utils import timezone

from wieg.demo.seeders import DemoContext
from wieg.demo.seeders.pathways import seed
from wieg.pathways.models import Contact, PlanItem
from wieg.testing.factories import make_trajectory

pytestmark = pytest.mark.django_db


def test_seeder_plans_every_trajectory_and_fills_the_past(world):
    today = timezone.localdate()
    born = make_trajectory(
        world.coordinator,
        world.kg,
        due_date=today - dt.timedelta(days=200),
        birth_date=today - dt.timedelta(days=190),
        start_date=today - dt.timedelta(days=400),  # in care from about 10 weeks
    )
    ids = [world.t.pk, world.other_t.pk, born.pk]
    ctx = DemoContext(seed=1, families=3, today=today, rng=random.Random(1), trajectory_ids=ids)
    seed(ctx)
    assert set(PlanItem.objects.values_list("trajectory_id", flat=True)) == set(ids)
    assert PlanItem.objects.filter(trajectory=born, code="kg.consult_4w").exists()
    past = PlanItem.objects.filter(trajectory=born, window_end__lt=today)
    assert past.filter(status="done").exists()
    assert Contact.objects.filter(trajectory=born, plan_item__isnull=False).exists()
    before = PlanItem.objects.count(), Contact.objects.count()
    seed(DemoContext(seed=1, families=3, today=today, rng=random.Random(1), trajectory_ids=ids))
    assert (PlanItem.objects.count(), Contact.objects.count()) == before  # idempotent
