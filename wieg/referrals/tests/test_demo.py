"""The demo seeders for screening and referrals on a small world: flagged families, open referrals and a
maternity home care inbox."""

import datetime as dt
import random

import pytest

from wieg.demo.seeders import DemoContext
from wieg.demo.seeders import referrals as referrals_seeder
from wieg.demo.seeders import screening as screening_seeder
from wieg.referrals.models import Referral
from wieg.screening.models import Flag, Screening
from wieg.testing.factories import make_trajectory

pytestmark = pytest.mark.django_db


def test_seeders_fill_flags_referrals_and_the_kraamzorg_inbox(world, kraamzorg):
    organisation, carer = kraamzorg
    trajectories = [world.t, world.other_t] + [make_trajectory(world.coordinator, world.kg) for _ in range(6)]
    ctx = DemoContext(
        seed=7,
        families=len(trajectories),
        today=dt.date.today(),
        rng=random.Random(7),
        users={"nurse": world.user("coordinator"), "kraamzorg": carer.user, "social": world.user("outsider")},
        organisations={"kraamzorg": organisation, "ocmw": world.ocmw, "kg": world.kg},
        trajectory_ids=[t.pk for t in trajectories],
    )
    screening_seeder.seed(ctx)
    assert Screening.objects.count() == len(trajectories)
    assert Flag.objects.values("trajectory").distinct().count() >= 3
    referrals_seeder.seed(ctx)
    inbox = Referral.objects.filter(to_organisation=organisation)
    assert inbox.exists()
    statuses = set(inbox.values_list("status", flat=True))
    assert "accepted" in statuses or "in_progress" in statuses
    assert Referral.objects.filter(
        status__in=["sent", "waiting_for_consent", "accepted", "in_progress"]
    ).exists()
