"""Benchmark: the monitoring dashboard over 200,000 trajectories on PostgreSQL.

Target: the dashboard page (the selected indicator split by province, plus the overview tile of every
available indicator) answers in about a second.

Run (creates the database content once, with set-based INSERT ... SELECT generate_series):

    createdb -h 127.0.0.1 -U postgres wieg_mon_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_mon_bench .venv/bin/python bench/monitoring_dashboard.py

Options: --trajectories N (default 200000), --repeat N (default 7), --rebuild (drop the generated data).
It prints the median and best time per view, next to a trivial view measured in the same run (the
indicator definitions page, no database work beyond the session) so that the ratio holds on a noisy
machine. Results are recorded in bench/monitoring.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wieg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

MARK = "bench-monitoring"


def generate(n: int) -> None:
    """Families, pregnant persons, trajectories, coordinators, team members and consents, in SQL."""
    from wieg.accounts.models import User
    from wieg.care.models import Trajectory
    from wieg.directory.models import Membership, Organisation, Professional

    existing = Trajectory.objects.count()
    if existing >= n:
        print(f"{existing} trajectories present, no data generated")
        return
    kg = Organisation.objects.create(name=f"{MARK} K&G", kind="kg_team")
    gp = Organisation.objects.create(name=f"{MARK} huisartsen", kind="gp_practice")
    nurse = Professional.objects.create(given_name="Bench", family_name="Nurse", discipline="nurse",
                                        user=User.objects.create(username=f"{MARK}-nurse", kind="professional"))
    gp_doc = Professional.objects.create(given_name="Bench", family_name="GP", discipline="gp",
                                         user=User.objects.create(username=f"{MARK}-gp", kind="professional"))
    Membership.objects.create(professional=nurse, organisation=kg, role="member")
    Membership.objects.create(professional=gp_doc, organisation=gp, role="member")
    todo = n - existing
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_municipalities AS SELECT row_number() OVER (ORDER BY id) AS i, id "
                    "FROM core_municipality WHERE region IN ('flanders', 'brussels') AND valid_to IS NULL")
        cur.execute("SELECT count(*) FROM bench_municipalities")
        n_municipalities = cur.fetchone()[0]
        cur.execute(
            """
            CREATE TEMP TABLE bench_rows AS
            SELECT g AS i,
                   (SELECT id FROM bench_municipalities WHERE i = 1 + (hashint4(g) & 2147483647) %% %s) AS municipality_id,
                   (current_date - ((hashint4(g * 7) & 2147483647) %% 730))::date AS start_date,
                   (hashint4(g * 13) & 2147483647) %% 100 AS r
            FROM generate_series(1, %s) AS g
            """,
            [n_municipalities, todo],
        )
        cur.execute(
            """
            WITH f AS (
              INSERT INTO care_family (public_id, created_at, updated_at, municipality_id, preferred_language,
                                       interpreter_needed)
              SELECT gen_random_uuid(), now(), now(), municipality_id, 'nl', false FROM bench_rows ORDER BY i
              RETURNING id
            )
            SELECT count(*) FROM f
            """
        )
        cur.execute(
            """
            CREATE TEMP TABLE bench_families AS
            SELECT b.*, f.id AS family_id FROM bench_rows b
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM care_family
                  WHERE id > (SELECT coalesce(max(family_id), 0) FROM care_trajectory)) f ON f.rn = b.i
            """
        )
        cur.execute(
            """
            INSERT INTO care_person (public_id, created_at, updated_at, family_id, role, given_name, family_name,
                                     sex)
            SELECT gen_random_uuid(), now(), now(), family_id, 'pregnant_parent', 'Bench', 'Gezin ' || i, 'female'
            FROM bench_families
            """
        )
        cur.execute(
            """
            INSERT INTO care_trajectory (public_id, created_at, updated_at, family_id, pregnant_person_id,
                due_date, parity, plurality, status, closed_reason, risk_level, start_date, end_date,
                birth_date, nicu_admission)
            SELECT gen_random_uuid(), now(), now(), b.family_id, p.id,
                   b.start_date + 200, CASE WHEN r %% 2 = 0 THEN 'nulliparous' ELSE 'multiparous' END, 1,
                   'active', '',
                   CASE WHEN r < 70 THEN 'low' WHEN r < 90 THEN 'raised' ELSE 'high' END,
                   b.start_date, b.start_date + 200 + 730,
                   CASE WHEN b.start_date + 200 < current_date THEN b.start_date + 200 - (r %% 10)
                        WHEN r < 8 THEN b.start_date - (r * 5) END,
                   false
            FROM bench_families b JOIN care_person p ON p.family_id = b.family_id
            """,
            [],
        )
        cur.execute(
            """
            CREATE TEMP TABLE bench_traj AS
            SELECT t.id, b.r FROM care_trajectory t JOIN bench_families b ON b.family_id = t.family_id
            """
        )
        cur.execute(
            "INSERT INTO care_coordinatorassignment (trajectory_id, professional_id, organisation_id, start) "
            "SELECT id, %s, %s, now() FROM bench_traj WHERE r < 95",
            [nurse.pk, kg.pk],
        )
        cur.execute(
            "INSERT INTO care_careteammember (trajectory_id, professional_id, organisation_id, role, start) "
            "SELECT id, %s, %s, 'coordinator', now() FROM bench_traj WHERE r < 95 "
            "UNION ALL SELECT id, %s, %s, 'medical_follow_up', now() FROM bench_traj WHERE r %% 3 = 0",
            [nurse.pk, kg.pk, gp_doc.pk, gp.pk],
        )
        cur.execute(
            "INSERT INTO care_consent (public_id, trajectory_id, organisation_id, contact, care_plan, medical, "
            "psychosocial, given_at, recorded_via, withdrawn_via) "
            "SELECT gen_random_uuid(), id, %s, true, true, true, r < 60, now(), 'verbal', '' FROM bench_traj "
            "WHERE r < 95 "
            "UNION ALL SELECT gen_random_uuid(), id, %s, true, false, true, false, now(), 'verbal', '' "
            "FROM bench_traj WHERE r %% 3 = 0 AND r < 80",
            [kg.pk, gp.pk],
        )
        cur.execute("ANALYZE")
    print(f"generated {todo} trajectories in {time.perf_counter() - t0:.1f} s")


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm up: connection, templates, caches
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), min(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    generate(args.trajectories)

    from wieg.accounts.models import User
    from wieg.care.models import Trajectory

    analyst, _ = User.objects.get_or_create(username=f"{MARK}-analyst", defaults={"kind": "analyst"})
    client = Client()
    client.force_login(analyst)
    total = Trajectory.objects.count()
    views = [
        ("definitions page (trivial reference)", "/monitoring/indicators/"),
        ("dashboard: default (coordinator by province, all tiles)", "/monitoring/"),
        ("dashboard: reach by phase by primary care zone", "/monitoring/?indicator=reach_by_phase&group_by=zone"),
        ("dashboard: consent for the whole team by month",
         "/monitoring/?indicator=consent_team&group_by=month"),
        ("dashboard: coordinator by vulnerability, one province",
         "/monitoring/?indicator=coordinator&group_by=vulnerability&province=40000"),
        ("API: coordinator by province", "/api/v1/monitoring/indicators?indicator=coordinator&group_by=province"),
        ("CSV: consent (psychosocial) by zone", "/monitoring/export.csv?indicator=consent_psychosocial&group_by=zone"),
    ]
    print(f"PostgreSQL {connection.pg_version}, {total} trajectories, {args.repeat} runs each (warm)")
    for label, url in views:
        if url.startswith("/api/"):
            from wieg.accounts.models import ApiToken

            _token, raw = ApiToken.issue(analyst)
            api = Client(headers={"Authorization": f"Bearer {raw}"})
            median, best, queries = timed(api, url, args.repeat)
        else:
            median, best, queries = timed(client, url, args.repeat)
        print(f"{label:62s} median {median * 1000:7.0f} ms   best {best * 1000:7.0f} ms   {queries:3d} queries")


if __name__ == "__main__":
    main()
