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


def test_demo_plans_tell_the_truth(world):
    """Nothing before enrolment is late, old misses are mostly acknowledged with a reason, and a screening
    item is done exactly when the screenings behind it are in the screening panel."""
    from wieg.demo.seeders.screening import seed as seed_screenings
    from wieg.pathways.rules import missed_before, plan_rule
    from wieg.screening.selectors import moments_done

    today = timezone.localdate()
    late_comer = make_trajectory(
        world.coordinator, world.kg, due_date=today + dt.timedelta(weeks=20), start_date=today
    )
    toddlers = [
        make_trajectory(
            world.coordinator,
            world.kg,
            due_date=today - dt.timedelta(days=400 + n),
            birth_date=today - dt.timedelta(days=400 + n),
            start_date=today - dt.timedelta(days=400 + n + 196),  # in care from 12 weeks
        )
        for n in range(30)
    ]
    ids = [late_comer.pk, *(t.pk for t in toddlers)]
    ctx = DemoContext(seed=3, families=len(ids), today=today, rng=random.Random(3), trajectory_ids=ids)
    ctx.users["nurse"] = world.coordinator.user
    seed(ctx)
    seed_screenings(ctx)

    statuses = [i.display_status for i in PlanItem.objects.filter(trajectory=late_comer).with_status(today)]
    assert statuses.count("before_enrolment") == 7 and "overdue" not in statuses and "done" not in statuses

    undone_long_ago = PlanItem.objects.filter(
        trajectory__in=toddlers, window_end__lt=missed_before(today), status__in=["planned", "missed"]
    )
    acknowledged = undone_long_ago.filter(status="missed")
    assert acknowledged.count() >= 2 * undone_long_ago.filter(status="planned").count() > 0
    for item in acknowledged:
        assert item.acknowledged_reason and item.acknowledged_by_id == world.coordinator.pk
        days = plan_rule("missed_after_days")
        assert item.window_end + dt.timedelta(days=days) < timezone.localdate(item.acknowledged_at) <= today

    checked, done = 0, 0
    for t in [late_comer, *toddlers]:
        done_moments = moments_done(t)
        for item in PlanItem.objects.filter(trajectory=t):
            keys = [k.split(":", 1)[1] for k in item.fulfilled_by if k.startswith("screening:")]
            if keys:
                checked += 1
                done += item.status == "done"
                assert (item.status == "done") is all(k in done_moments for k in keys), (t.pk, item.code)
    # A plan made after the birth holds the postnatal mood screening; the late comer's two prenatal ones.
    assert checked == len(toddlers) + 2 and done >= len(toddlers) // 2
