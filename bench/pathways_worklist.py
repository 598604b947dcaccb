# ruff: noqa: E501 - SQL reads better unwrapped
"""Benchmark: one professional's worklist at 200,000 trajectories on PostgreSQL.

Target: p95 under 100 ms for GET /plans/worklist/ (the professional's home page), measured in-process
with Django's test client (session, actor, policy, SQL, template, access log), next to the trivial
/health view measured in the same run.

Run (uses its own database, created if missing; the data set is built once, then reused):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_bench_pathways .venv/bin/python bench/pathways_worklist.py
Options: --trajectories 200000 --runs 200 --rebuild
         --profile: run the nurse's page under cProfile instead and print where the time goes
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wieg.settings")
os.environ.setdefault("WIEG_CONN_MAX_AGE", "600")

TARGET_P95_MS = 100.0
NURSES_PER_TEAM = 10
CASELOAD = 200  # trajectories a nurse coordinates
MIDWIFE_LOAD = 400


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


BULK_TABLES = (
    "care_family",
    "care_person",
    "care_trajectory",
    "care_consent",
    "care_careteammember",
    "care_coordinatorassignment",
    "pathways_planitem",
    "pathways_contact",
)


@contextmanager
def without_constraints(tables):
    """Drop the foreign keys, unique constraints and indexes of the bulk tables and recreate them after:
    millions of deferred foreign key checks and index updates row by row cost far more than one build."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u', 'c')""",
            [list(tables)],
        )
        constraints = c.fetchall()
        c.execute(
            """SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)
               AND indexname NOT LIKE '%%_pkey'""",
            [list(tables)],
        )
        constraint_names = {name for _t, name, _d in constraints}
        indexes = [row for row in c.fetchall() if row[1] not in constraint_names]
        for table, name, _definition in constraints:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _table, name, _definition in indexes:
            c.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as c:
        for _table, _name, definition in indexes:
            c.execute(definition)
        for table, name, definition in constraints:
            c.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def build(n: int) -> None:
    """Organisations, nurses and midwives with the ORM; families, trajectories, plans and contacts in SQL."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from wieg.accounts.models import User
    from wieg.core.models import Municipality
    from wieg.directory.models import Membership, Organisation, Professional

    nurses = n // CASELOAD
    teams = max(nurses // NURSES_PER_TEAM, 1)
    midwives = max(n // MIDWIFE_LOAD, 1)
    municipalities = list(Municipality.objects.order_by("nis_code").values_list("pk", flat=True))
    password = make_password("wieg-bench")
    started = time.monotonic()
    with transaction.atomic(), without_constraints(BULK_TABLES):
        kg = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Kind en Gezin team {i}",
                    kind="kg_team",
                    municipality_id=municipalities[i % len(municipalities)],
                )
                for i in range(teams)
            ]
        )
        practice = Organisation.objects.create(name="Vroedvrouwen bench", kind="midwife_practice")
        users = User.objects.bulk_create(
            [User(username=f"bench-nurse-{i}", password=password, kind="professional") for i in range(nurses)]
            + [
                User(username=f"bench-midwife-{i}", password=password, kind="professional")
                for i in range(midwives)
            ]
        )
        pros = Professional.objects.bulk_create(
            [
                Professional(
                    user=u,
                    given_name="Bench",
                    family_name=u.username,
                    discipline="nurse" if "nurse" in u.username else "midwife",
                )
                for u in users
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    professional=p, organisation=kg[i // NURSES_PER_TEAM % teams] if i < nurses else practice
                )
                for i, p in enumerate(pros)
            ]
        )
        nurse0, midwife0 = pros[0].pk, pros[nurses].pk
        with connection.cursor() as c:
            c.execute("SET LOCAL synchronous_commit = off")
            c.execute("CREATE TEMP TABLE bench_ids AS SELECT g AS i FROM generate_series(0, %s) g", [n - 1])
            c.execute(
                """INSERT INTO care_family (public_id, created_at, updated_at, municipality_id, preferred_language,
                       interpreter_needed)
                   SELECT gen_random_uuid(), now(), now(), %s, 'nl', false FROM bench_ids ORDER BY i""",
                [municipalities[0]],
            )
            c.execute("SELECT min(id) FROM care_family")
            family0 = c.fetchone()[0]
            c.execute(
                """INSERT INTO care_person (public_id, created_at, updated_at, family_id, role, given_name, family_name,
                       birth_date, sex)
                   SELECT gen_random_uuid(), now(), now(), %s + i, 'pregnant_parent', 'Ouder', 'Bench ' || i,
                          DATE '1992-01-01' + (i %% 3000), 'female' FROM bench_ids ORDER BY i""",
                [family0],
            )
            c.execute("SELECT min(id) FROM care_person")
            person0 = c.fetchone()[0]
            # Due dates spread from 700 days ago to 270 days ahead; the born have a birth date.
            c.execute(
                """INSERT INTO care_trajectory (public_id, created_at, updated_at, family_id, pregnant_person_id,
                       due_date, parity, plurality, status, closed_reason, risk_level, start_date, end_date,
                       birth_date, nicu_admission)
                   SELECT gen_random_uuid(), now(), now(), %s + i, %s + i, d, CASE WHEN i %% 2 = 0 THEN 'nulliparous'
                          ELSE 'multiparous' END, 1, 'active', '', CASE WHEN i %% 10 = 0 THEN 'raised' ELSE 'low' END,
                          LEAST(d - 240, CURRENT_DATE), d + 730,
                          CASE WHEN d + (i %% 15) - 10 < CURRENT_DATE THEN d + (i %% 15) - 10 END, false
                   FROM (SELECT i, CURRENT_DATE - 700 + (i * 7919 %% 970) AS d FROM bench_ids) s ORDER BY i""",
                [family0, person0],
            )
            c.execute("SELECT min(id) FROM care_trajectory")
            t0 = c.fetchone()[0]
            # Nurse k coordinates trajectories k*CASELOAD .. (k+1)*CASELOAD-1; midwives share the rest.
            c.execute(
                """INSERT INTO care_consent (public_id, trajectory_id, organisation_id, contact, care_plan, medical,
                       psychosocial, given_at, recorded_via, withdrawn_via)
                   SELECT gen_random_uuid(), t.id, m.organisation_id, true, true, true, true, now() - interval '1 day',
                          'verbal', ''
                   FROM care_trajectory t JOIN directory_membership m ON m.professional_id = %s + (t.id - %s) / %s""",
                [nurse0, t0, CASELOAD],
            )
            c.execute(
                """INSERT INTO care_consent (public_id, trajectory_id, organisation_id, contact, care_plan, medical,
                       psychosocial, given_at, recorded_via, withdrawn_via)
                   SELECT gen_random_uuid(), t.id, %s, true, true, true, false, now() - interval '1 day', 'verbal', ''
                   FROM care_trajectory t""",
                [practice.pk],
            )
            for table, extra_cols, extra_vals in (
                ("care_careteammember", ", role", ", 'coordinator'"),
                ("care_coordinatorassignment", "", ""),
            ):
                c.execute(
                    f"""INSERT INTO {table} (trajectory_id, professional_id, organisation_id, start{extra_cols})
                        SELECT t.id, m.professional_id, m.organisation_id, now() - interval '1 day'{extra_vals}
                        FROM care_trajectory t JOIN directory_membership m
                          ON m.professional_id = %s + (t.id - %s) / %s""",
                    [nurse0, t0, CASELOAD],
                )
            c.execute(
                """INSERT INTO care_careteammember (trajectory_id, professional_id, organisation_id, start, role)
                   SELECT t.id, %s + (t.id - %s) %% %s, %s, now() - interval '1 day', 'prenatal_care'
                   FROM care_trajectory t""",
                [midwife0, t0, midwives, practice.pk],
            )
            # Plans: every applicable template item; 9 in 10 past items done, the rest overdue (or missed,
            # when closed long ago); items that closed before the trajectory started are before enrolment.
            c.execute(
                """INSERT INTO pathways_planitem (public_id, created_at, updated_at, trajectory_id, template_item_id,
                       code, kind, phase, labels, window_start, window_end, status, counts_toward_minimum,
                       disciplines, fulfilled_by, done_on, cancelled_reason, acknowledged_reason,
                       cancelled_automatically, window_locked)
                   SELECT gen_random_uuid(), now(), now(), t.id, ti.id, ti.code, ti.kind,
                          CASE WHEN ti.anchor = 'due_date' THEN 'prenatal'
                               WHEN w.ws - t.birth_date < 42 THEN 'postnatal' ELSE 'infancy' END,
                          ti.labels, w.ws, w.we,
                          CASE WHEN w.we < t.start_date THEN 'before_enrolment'
                               WHEN w.we < CURRENT_DATE AND (t.id * 7 + ti.id) % 10 <> 0 THEN 'done' ELSE 'planned' END,
                          ti.counts_toward_minimum, ti.disciplines, ti.fulfilled_by,
                          CASE WHEN w.we >= t.start_date AND w.we < CURRENT_DATE AND (t.id * 7 + ti.id) % 10 <> 0
                               THEN w.ws END, '', '', false, false
                   FROM care_trajectory t
                   JOIN pathways_templateitem ti ON ti.template_id IN (SELECT id FROM pathways_pathwaytemplate
                                                                       WHERE active)
                   CROSS JOIN LATERAL (
                       SELECT CASE WHEN ti.anchor = 'due_date' THEN t.due_date ELSE t.birth_date END AS a
                   ) an
                   CROSS JOIN LATERAL (
                       SELECT CASE ti.unit WHEN 'ga_weeks' THEN t.due_date - (280 - 7 * ti.start)
                                           WHEN 'hours' THEN an.a + ti.start / 24
                                           WHEN 'days' THEN an.a + ti.start
                                           WHEN 'weeks' THEN an.a + 7 * ti.start
                                           ELSE (an.a + make_interval(months => ti.start))::date END AS ws,
                              CASE ti.unit WHEN 'ga_weeks' THEN t.due_date - (280 - 7 * ti."end")
                                           WHEN 'hours' THEN an.a + ti."end" / 24
                                           WHEN 'days' THEN an.a + ti."end"
                                           WHEN 'weeks' THEN an.a + 7 * ti."end"
                                           ELSE (an.a + make_interval(months => ti."end"))::date END AS we
                   ) w
                   WHERE (ti.anchor = 'due_date' OR t.birth_date IS NOT NULL)
                     AND (NOT jsonb_exists(ti.conditions, 'parity') OR jsonb_exists(ti.conditions -> 'parity', t.parity))
                     AND (NOT jsonb_exists(ti.conditions, 'risk_level')
                          OR jsonb_exists(ti.conditions -> 'risk_level', t.risk_level))
                     AND NOT jsonb_exists(ti.conditions, 'plurality_min') AND NOT jsonb_exists(ti.conditions, 'nicu')"""
            )
            c.execute(
                """INSERT INTO pathways_contact (public_id, created_at, updated_at, trajectory_id, plan_item_id, date,
                       kind, professional_id, organisation_id, location, checklist)
                   SELECT gen_random_uuid(), now(), now(), p.trajectory_id, p.id, p.done_on, 'consultation',
                          ca.professional_id, ca.organisation_id, '', '[]'
                   FROM pathways_planitem p JOIN care_coordinatorassignment ca ON ca.trajectory_id = p.trajectory_id
                   WHERE p.status = 'done' AND p.kind IN ('contact', 'home_visit')"""
            )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")  # as autovacuum would: visibility map for index-only scans
    print(f"built {n} trajectories in {time.monotonic() - started:.0f} s", flush=True)


def measure(client, url, runs, params=None, **headers):
    for _ in range(max(runs // 10, 5)):
        assert client.get(url, params, **headers).status_code == 200
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params, **headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "mean": statistics.fmean(times),
    }


def profile(client, user, runs: int) -> int:
    """Where the nurse's page spends its time (cumulative and own time per function)."""
    import cProfile
    import pstats

    client.force_login(user)
    measure(client, "/plans/worklist/", 10)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get("/plans/worklist/")
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trajectories", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("This benchmark needs PostgreSQL: DATABASE_URL=postgres://.../wieg_bench_pathways")
        return 2
    if args.rebuild:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wieg.accounts.models import ApiToken, User
    from wieg.care.models import Trajectory
    from wieg.directory.actors import actor_for
    from wieg.pathways.models import Contact, PlanItem
    from wieg.pathways.selectors import WorklistFilter, worklist

    call_command("migrate", verbosity=0)
    if Trajectory.objects.count() < args.trajectories:
        build(args.trajectories)
    counts = {
        "trajectories": Trajectory.objects.count(),
        "plan_items": PlanItem.objects.count(),
        "contacts": Contact.objects.count(),
    }
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}: {counts}", flush=True)

    client = Client()
    if args.profile:
        return profile(client, User.objects.get(username="bench-nurse-0"), args.runs)
    results = {}
    results["/health (trivial view)"] = measure(client, "/health", args.runs)
    for username, label in (("bench-nurse-0", "nurse"), ("bench-midwife-0", "midwife")):
        user = User.objects.get(username=username)
        client.force_login(user)
        for scope in ("me", "organisation"):
            results[f"/plans/worklist/ {label}, scope={scope}"] = measure(
                client, "/plans/worklist/", args.runs, {"scope": scope}
            )
        # One whole section (up to 200 rows) and the API's worklist.
        results[f"/plans/worklist/?section=overdue {label}"] = measure(
            client, "/plans/worklist/", args.runs, {"section": "overdue"}
        )
        _, token = ApiToken.issue(user)
        results[f"/api/v1/worklist {label}, scope=me"] = measure(
            client, "/api/v1/worklist", args.runs, {"scope": "me"}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        actor = actor_for(user)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            with transaction.atomic():  # as in the view: one transaction
                result = worklist(actor, WorklistFilter(scope="me"))
            times.append((time.perf_counter() - start) * 1000)
        # Database time alone (server-side execution of each query), less sensitive to a busy machine.
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            worklist(actor, WorklistFilter(scope="me"))
        server_ms = 0.0
        with transaction.atomic(), connection.cursor() as cursor:
            for query in captured.captured_queries:
                if query["sql"].startswith("SELECT"):
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                    plan = cursor.fetchone()[0][0]
                    server_ms += plan["Planning Time"] + plan["Execution Time"]
        print(
            f"{label}: {len(captured.captured_queries)} queries, {server_ms:.1f} ms planning + execution "
            "in PostgreSQL",
            flush=True,
        )
        times.sort()
        results[f"worklist selector {label}, scope=me"] = {
            "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
            "mean": statistics.fmean(times),
        }
        print(
            f"{label}: "
            + ", ".join(f"{k} {len(v['rows'])}" for k, v in result.sections.items())
            + f"; {len(result.trajectories)} families shown",
            flush=True,
        )
    print(f"\n{'what':58} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for name, r in results.items():
        print(f"{name:58} {r['p50']:8.1f} {r['p95']:8.1f} {r['mean']:8.1f}")
    worst = max(
        r["p95"] for name, r in results.items() if name.startswith("/plans/worklist/ nurse, scope=me")
    )
    print(
        f"\ntarget p95 < {TARGET_P95_MS:.0f} ms for one professional's worklist: {worst:.1f} ms "
        f"{'OK' if worst < TARGET_P95_MS else 'MISSED'}"
    )
    return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
