"""Bulk FHIR export throughput at 200,000 trajectories on PostgreSQL.

Target: the nightly analysis export of all of Flanders and Brussels (about 65,000 births a year, so
200,000 trajectories over three years) finishes within 15 minutes on these 2-core machines, i.e. at
least ~1,500 resources per second with every resource validated against the R4B models.

Run (creates and fills the database on the first run, with bulk inserts, then reuses it):
    createdb -h 127.0.0.1 -U postgres wieg_fhir_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_fhir_bench .venv/bin/python bench/fhir_export.py
Options: --trajectories N (default 200000), --no-validate (the whole-scope run skips R4B validation),
         --validated-sample N (then a validated run over the first N trajectories of the scope),
         --types Patient,EpisodeOfCare (export only these).
Used for bench/fhir.md: --no-validate --validated-sample 20000
The figure is written next to a trivial baseline measured in the same run (reading the Person table and
serialising each row to JSON), so that the ratio holds when the machine is noisy.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wieg.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wieg.accounts.models import User  # noqa: E402
from wieg.care.models import (  # noqa: E402
    Person,
    Trajectory,
)
from wieg.core.models import Municipality, Province  # noqa: E402
from wieg.directory.models import Membership, Organisation, Professional  # noqa: E402
from wieg.fhir import export  # noqa: E402
from wieg.fhir.context import Context, pseudonym_key  # noqa: E402
from wieg.fhir.models import BulkExportFile, BulkExportJob, SystemScope  # noqa: E402

BATCH = 5000
GIVEN = [
    "Hanne",
    "Lotte",
    "Sofie",
    "Fatima",
    "Emma",
    "Julie",
    "Amira",
    "Sarah",
    "Lina",
    "Nora",
    "Tom",
    "Yusuf",
]
FAMILY = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "El Amrani",
    "Wouters",
]


def _bulk(model, rows):
    for i in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[i : i + BATCH], batch_size=BATCH)


def seed(n: int, rng: random.Random):
    """Bulk inserts: directory first, then families, people, trajectories, consent, team, coordinator."""
    municipalities = list(Municipality.objects.in_scope().valid_on().filter(province__isnull=False))
    kinds = [
        "kg_team",
        "midwife_practice",
        "gp_practice",
        "gynaecology",
        "maternity_home_care",
        "ocmw",
        "cgg",
    ]
    organisations = [
        Organisation(name=f"{kind} {i}", kind=kind, municipality=rng.choice(municipalities))
        for i in range(60)
        for kind in kinds
    ]
    _bulk(Organisation, organisations)
    organisations = list(Organisation.objects.all())
    professionals = [
        Professional(given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY), discipline="nurse")
        for _ in range(len(organisations) * 4)
    ]
    _bulk(Professional, professionals)
    professionals = list(Professional.objects.all())
    start = timezone.now() - dt.timedelta(days=900)
    org_of = {}
    memberships = []
    for index, professional in enumerate(professionals):
        organisation = organisations[index % len(organisations)]
        org_of[professional.pk] = organisation
        memberships.append(Membership(professional=professional, organisation=organisation, start=start))
    _bulk(Membership, memberships)


def seed_care(n: int):

    with connection.cursor() as cursor:
        for _ in range(Trajectory.objects.count(), n, SQL_BATCH):
            size = min(SQL_BATCH, n - Trajectory.objects.count())
            for statement in SEED_SQL:
                cursor.execute(statement, {"n": size})
            print(f"  seeded {Trajectory.objects.count()}/{n}", flush=True)


# Care data in set-based SQL (PostgreSQL): a few seconds per 50,000 trajectories instead of minutes of ORM
# objects. Each statement works on the families created by the first one (those without a trajectory).
SQL_BATCH = 50_000
SEED_SQL = [
    # Families left over by an interrupted run have no trajectory: start clean.
    """DELETE FROM care_person p
       WHERE NOT EXISTS (SELECT 1 FROM care_trajectory t WHERE t.family_id = p.family_id)""",
    """DELETE FROM care_family f
       WHERE NOT EXISTS (SELECT 1 FROM care_trajectory t WHERE t.family_id = f.id)""",
    """INSERT INTO care_family (public_id, created_at, updated_at, preferred_language, interpreter_needed,
                                municipality_id)
       SELECT gen_random_uuid(), now(), now(), (ARRAY['nl','nl','nl','fr','en'])[1 + (g %% 5)], g %% 17 = 0,
              (SELECT id FROM core_municipality WHERE province_id IS NOT NULL ORDER BY id
      OFFSET (g * 7919) %% (SELECT count(*) FROM core_municipality WHERE province_id IS NOT NULL) LIMIT 1)
       FROM generate_series(1, %(n)s) g""",
    """CREATE TEMP TABLE new_families AS
      SELECT f.id FROM care_family f
      WHERE NOT EXISTS (SELECT 1 FROM care_trajectory t WHERE t.family_id = f.id)""",
    """INSERT INTO care_person (public_id, created_at, updated_at, role, given_name, family_name,
                                birth_date, sex, family_id)
       SELECT gen_random_uuid(), now(), now(), 'pregnant_parent',
      (ARRAY['Hanne','Lotte','Sofie','Fatima','Emma','Julie','Amira','Sarah','Lina','Nora'])[1 + id %% 10],
              (ARRAY['Peeters','Janssens','Maes','Jacobs','Mertens','Willems','Claes','Goossens','El Amrani',
                     'Wouters'])[1 + (id / 10) %% 10],
              DATE '1980-01-01' + ((id * 37) %% 8760)::int, 'female', id
       FROM new_families""",
    """INSERT INTO care_person (public_id, created_at, updated_at, role, given_name, family_name, sex,
                                family_id)
      SELECT gen_random_uuid(), now(), now(), 'co_parent',
             (ARRAY['Tom','Yusuf','Pieter','Karim'])[1 + id %% 4],
              (ARRAY['Peeters','Janssens','Maes','Jacobs'])[1 + (id / 4) %% 4], 'male', id
       FROM new_families WHERE id %% 10 < 7""",
    """INSERT INTO care_trajectory (public_id, created_at, updated_at, due_date, parity, plurality, status,
      closed_reason, risk_level, start_date, end_date, nicu_admission, family_id,
                                    pregnant_person_id)
       SELECT gen_random_uuid(), now(), now(), d.due, (ARRAY['nulliparous','multiparous'])[1 + p.id %% 2], 1,
              'active', '', (ARRAY['low','low','raised','high'])[1 + p.id %% 4], d.due - 200,
              d.due + interval '2 years', false, p.family_id, p.id
       FROM care_person p JOIN new_families nf ON nf.id = p.family_id
       CROSS JOIN LATERAL (SELECT CURRENT_DATE - 700 + ((p.id * 13) %% 950)::int AS due) d
       WHERE p.role = 'pregnant_parent'""",
    """CREATE TEMP TABLE numbered_members AS
      SELECT row_number() OVER (ORDER BY id) - 1 AS n, professional_id, organisation_id
      FROM directory_membership""",
    """CREATE TEMP TABLE new_trajectories AS
       SELECT t.id, t.id %% (SELECT count(*) FROM numbered_members) AS coord,
              (t.id * 31 + 7) %% (SELECT count(*) FROM numbered_members) AS other
       FROM care_trajectory t JOIN new_families nf ON nf.id = t.family_id""",
    """INSERT INTO care_consent (public_id, contact, care_plan, medical, psychosocial, given_at, recorded_via,
                                 withdrawn_via, organisation_id, trajectory_id)
       SELECT gen_random_uuid(), true, true, true, t.id %% 5 > 0, now() - interval '200 days', 'verbal', '',
              m.organisation_id, t.id
       FROM new_trajectories t JOIN numbered_members m ON m.n = t.coord""",
    """INSERT INTO care_careteammember (role, start, organisation_id, professional_id, trajectory_id)
       SELECT 'coordinator', now() - interval '200 days', m.organisation_id, m.professional_id, t.id
       FROM new_trajectories t JOIN numbered_members m ON m.n = t.coord""",
    """INSERT INTO care_coordinatorassignment (start, organisation_id, professional_id, trajectory_id)
       SELECT now() - interval '200 days', m.organisation_id, m.professional_id, t.id
       FROM new_trajectories t JOIN numbered_members m ON m.n = t.coord""",
    """INSERT INTO care_consent (public_id, contact, care_plan, medical, psychosocial, given_at, recorded_via,
                                 withdrawn_via, organisation_id, trajectory_id)
       SELECT gen_random_uuid(), true, true, false, false, now() - interval '150 days', 'signed_form', '',
              m.organisation_id, t.id
       FROM new_trajectories t JOIN numbered_members m ON m.n = t.other
       WHERE t.id %% 10 < 6 AND t.other <> t.coord""",
    """INSERT INTO care_careteammember (role, start, organisation_id, professional_id, trajectory_id)
       SELECT 'prenatal_care', now() - interval '150 days', m.organisation_id, m.professional_id, t.id
       FROM new_trajectories t JOIN numbered_members m ON m.n = t.other
       WHERE t.id %% 10 < 6 AND t.other <> t.coord""",
    "DROP TABLE new_families, numbered_members, new_trajectories",
]


def baseline(limit: int) -> float:
    """Rows per second for the simplest possible export: Person rows straight to JSON."""
    started = time.perf_counter()
    rows = 0
    for row in Person.objects.values("public_id", "given_name", "family_name", "birth_date", "sex").iterator(
        chunk_size=2000
    ):
        json.dumps(row, default=str)
        rows += 1
        if rows >= limit:
            break
    return rows / (time.perf_counter() - started)


def run_export(user, types, validate: bool, sample: int = 0) -> tuple[int, float]:
    job = BulkExportJob.objects.create(user=user, request_url="bench", types=types, pseudonymised=True)
    scope = user.fhir_scope
    ctx = Context(actor=None, pseudonymise=True, key=pseudonym_key(user.pk))
    trajectories = scope.trajectories()
    if sample:
        # A part of the scope, still queried against the full tables.
        trajectories = trajectories.filter(pk__in=trajectories.order_by("pk").values("pk")[:sample])
    started = time.perf_counter()
    with override_settings(FHIR_VALIDATE_EXPORT=validate), transaction.atomic():
        total = export.write(
            job,
            trajectories,
            ctx,
            on_progress=lambda kind, n: print(
                f"  {kind:<22} {n:>9,} resources at {time.perf_counter() - started:7.1f} s", flush=True
            ),
        )
    elapsed = time.perf_counter() - started
    BulkExportFile.objects.filter(job=job).delete()
    job.delete()
    return total, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trajectories", type=int, default=200_000)
    parser.add_argument("--no-validate", action="store_true", help="measure without R4B validation")
    parser.add_argument(
        "--validated-sample",
        type=int,
        default=0,
        help="also measure with validation on the first N trajectories of the scope",
    )
    parser.add_argument("--types", default="")
    parser.add_argument("--seed-only", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        call_command("load_reference_data", verbosity=0)
    have = Trajectory.objects.count()
    if have < args.trajectories:
        print(f"seeding {args.trajectories - have} trajectories with bulk inserts...", flush=True)
        if not Organisation.objects.exists():
            seed(args.trajectories, random.Random(7))
        seed_care(args.trajectories)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if args.seed_only:
        return
    user, _ = User.objects.get_or_create(username="bench-export", defaults={"kind": "system"})
    scope, _ = SystemScope.objects.get_or_create(user=user, defaults={"label": "bench: Flanders"})
    scope.provinces.set(Province.objects.all())
    trajectories = scope.trajectories().count()
    types = [t for t in args.types.split(",") if t]

    print(
        f"PostgreSQL, {Trajectory.objects.count()} trajectories, {trajectories} in the account's scope",
        flush=True,
    )
    runs = [(not args.no_validate, 0)]
    if args.validated_sample:
        runs.append((True, args.validated_sample))
    for validate, sample in runs:
        # The baseline is measured right before and after each run: the machine is shared and noisy.
        before = baseline(200_000)
        what = f"the first {sample:,} trajectories" if sample else "the whole scope"
        print(f"export of {what}, {'validated' if validate else 'not validated'}:", flush=True)
        total, elapsed = run_export(user, types, validate, sample)
        base = (before + baseline(200_000)) / 2
        print(f"  baseline (Person rows to JSON, around the run): {base:,.0f} rows/s", flush=True)
        print(
            f"  {total / elapsed:,.0f} resources/s ({total:,} resources in {elapsed:,.1f} s; "
            f"{total / elapsed / base:.3f}x baseline)",
            flush=True,
        )


if __name__ == "__main__":
    main()
