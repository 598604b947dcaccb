"""The demo seeder: families at each step, orders, stock, and zero double distributions."""

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from wieg.booklets import selectors
from wieg.booklets.models import Distribution, Order, Stock
from wieg.demo.seeders import DemoContext
from wieg.demo.seeders import booklets as seeder
from wieg.testing.factories import OrganisationFactory, make_trajectory

pytestmark = pytest.mark.django_db


def test_demo_booklets(world, client):
    today = timezone.localdate()
    trajectories = [world.t]
    for i in range(30):
        t = make_trajectory(world.coordinator, world.kg)
        if i % 3:
            t.birth_date = today - dt.timedelta(days=10 + i * 3)
            t.start_date = t.birth_date - dt.timedelta(days=200)
            t.save()
        trajectories.append(t)
    ctx = DemoContext(seed=1, families=31, today=today, rng=random.Random(1))
    ctx.users = {"midwife": world.member.user, "nurse": world.coordinator.user}
    ctx.professionals = {"midwife": world.member, "nurse": world.coordinator}
    ctx.organisations = {
        "kg": world.kg,
        "midwives": world.midwives,
        "nicu": OrganisationFactory(kind="nicu", name="NICU UZ Gent"),
    }
    ctx.trajectory_ids = [t.pk for t in trajectories]
    seeder.seed(ctx)

    steps = set(Distribution.objects.values_list("step", flat=True))
    assert {"prenatal_intake", "independent_midwife", "first_postnatal_contact", "nicu"} <= steps
    assert Distribution.objects.filter(kind="already_had").exists()
    assert Distribution.objects.filter(kind="replacement").exists()
    assert selectors.figures().double_distributions == 0
    assert (
        Order.objects.filter(status="shipped").exists() and Order.objects.filter(status="submitted").exists()
    )
    assert Stock.objects.get(booklet="child", edition="2023-06").quantity == 800 - 12 - 6
    # Some families are still waiting: they are on the worklist.
    assert selectors.worklist(world.actor("coordinator"), mine_only=False).exists()
    client.force_login(world.coordinator.user)
    html = client.get(reverse("booklets:figures")).content.decode()
    assert 'id="double-distributions" class="badge ok">0<' in html
