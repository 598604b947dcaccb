"""Benchmark: the booklet figures (SQL aggregates over all families) and a nurse's booklet worklist.

Target at 20,000 trajectories: figures under 300 ms; the worklist of one nurse (~100 families) under 100 ms
(the care policy alone scans the active trajectories); both next to a trivial one-row query of the same run.
Run (PostgreSQL; a throw-away test database is created and dropped):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_bench .venv/bin/python bench/booklets_figures.py 20000
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wieg.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(fn, runs=7):
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def build(families: int):
    from wieg.accounts.models import User
    from wieg.booklets.models import Distribution
    from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment, Family, Person, Trajectory
    from wieg.core.models import Municipality
    from wieg.directory.models import Membership, Organisation, Professional

    municipality = Municipality.objects.first()
    kg = Organisation.objects.create(name="Kind en Gezin", kind="kg_team", municipality=municipality)
    midwives = Organisation.objects.create(
        name="Vroedvrouwen", kind="midwife_practice", municipality=municipality
    )
    nurses = []
    for i in range(max(1, families // 100)):
        user = User.objects.create(username=f"nurse{i}", kind="professional")
        p = Professional.objects.create(user=user, given_name="N", family_name=str(i), discipline="nurse")
        Membership.objects.create(
            professional=p, organisation=kg, start=timezone.now() - dt.timedelta(days=900)
        )
        nurses.append(p)
    today = timezone.localdate()
    fams = Family.objects.bulk_create(
        [Family(municipality=municipality) for _ in range(families)], batch_size=5000
    )
    people = Person.objects.bulk_create(
        [
            Person(family=f, role="pregnant_parent", given_name="A", family_name=f"F{i}")
            for i, f in enumerate(fams)
        ],
        batch_size=5000,
    )
    trajectories = []
    for i, (f, p) in enumerate(zip(fams, people, strict=True)):
        born = today - dt.timedelta(days=i % 600) if i % 4 else None
        due = born or today + dt.timedelta(days=i % 200)
        trajectories.append(
            Trajectory(
                family=f,
                pregnant_person=p,
                due_date=due,
                parity="nulliparous",
                birth_date=born,
                start_date=due - dt.timedelta(days=200),
                end_date=Trajectory.day_1000(due),
            )
        )
    trajectories = Trajectory.objects.bulk_create(trajectories, batch_size=5000)
    start = timezone.now() - dt.timedelta(days=700)
    Consent.objects.bulk_create(
        [Consent(trajectory=t, organisation=kg, contact=True, recorded_via="verbal") for t in trajectories],
        batch_size=5000,
    )
    CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(
                trajectory=t,
                professional=nurses[i % len(nurses)],
                organisation=kg,
                role="coordinator",
                start=start,
            )
            for i, t in enumerate(trajectories)
        ],
        batch_size=5000,
    )
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(
                trajectory=t, professional=nurses[i % len(nurses)], organisation=kg, start=start
            )
            for i, t in enumerate(trajectories)
        ],
        batch_size=5000,
    )
    rows = []
    for i, t in enumerate(trajectories):
        if i % 10 < 7:
            day = (t.birth_date + dt.timedelta(days=i % 20)) if t.birth_date else t.start_date
            day = min(day, today)
            step = "first_postnatal_contact" if t.birth_date and day >= t.birth_date else "prenatal_intake"
            rows.append(
                Distribution(
                    trajectory=t,
                    booklet="child",
                    step=step,
                    handed_out_on=day,
                    edition="2023-06",
                    professional=nurses[i % len(nurses)],
                    organisation=kg,
                )
            )
    Distribution.objects.bulk_create(rows, batch_size=5000)
    return nurses[0], midwives


def main():
    families = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from wieg.booklets import selectors
        from wieg.care.models import Trajectory
        from wieg.directory.actors import actor_for

        nurse, _ = build(families)
        actor = actor_for(nurse.user)
        trivial = timed(lambda: Trajectory.objects.filter(pk=1).first())
        figures = timed(selectors.figures)
        worklist = timed(lambda: list(selectors.worklist(actor, mine_only=False)[:100]))
        f = selectors.figures()
        print(
            f"families={families} double_distributions={f.double_distributions} "
            f"coverage={f.coverage_percent}%"
        )
        print(f"trivial one-row query  {trivial:8.2f} ms")
        print(
            f"figures (all SQL)      {figures:8.2f} ms  ({figures / trivial:.0f}x trivial)  target < 300 ms"
        )
        print(
            f"nurse worklist (<=100) {worklist:8.2f} ms  ({worklist / trivial:.0f}x trivial)  target < 100 ms"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
