# ruff: noqa: E501 - long SQL lines read better unbroken
"""Benchmark: the monitoring dashboard over 200,000 trajectories on PostgreSQL.

Target: the dashboard page (the selected indicator split by province, with its chart and table) answers in
about a second. The overview tiles (the total of every indicator) load right after it from their own URL.

Run (creates the database content once, with set-based INSERT ... SELECT generate_series):

    createdb -h 127.0.0.1 -U postgres wieg_mon_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_mon_bench .venv/bin/python bench/monitoring_dashboard.py

Options: --trajectories N (default 200000), --repeat N (default 7).
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
    nurse = Professional.objects.create(
        given_name="Bench",
        family_name="Nurse",
        discipline="nurse",
        user=User.objects.create(username=f"{MARK}-nurse", kind="professional"),
    )
    gp_doc = Professional.objects.create(
        given_name="Bench",
        family_name="GP",
        discipline="gp",
        user=User.objects.create(username=f"{MARK}-gp", kind="professional"),
    )
    Membership.objects.create(professional=nurse, organisation=kg, role="member")
    Membership.objects.create(professional=gp_doc, organisation=gp, role="member")
    todo = n - existing
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE bench_municipalities AS SELECT row_number() OVER (ORDER BY id) AS i, id "
            "FROM core_municipality WHERE region IN ('flanders', 'brussels') AND valid_to IS NULL"
        )
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


def insert_select(cursor, model, values: dict, source: str, params=()) -> int:
    """INSERT INTO <model's table> SELECT ... FROM <source>: `values` gives SQL per field; every other
    field gets its default (a new UUID, now(), the constant) or NULL. Returns the rows inserted."""
    import json
    import uuid

    from django.db.models import JSONField, UUIDField
    from django.utils import timezone

    columns, selects, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in values:
            selects.append(values[field.name])
        elif isinstance(field, UUIDField) and field.default is uuid.uuid4:
            selects.append("gen_random_uuid()")
        elif getattr(field, "auto_now", False) or field.default in (timezone.now,):
            selects.append("now()")
        elif field.has_default():
            default = field.get_default()
            selects.append("%s::jsonb" if isinstance(field, JSONField) else "%s")
            args.append(json.dumps(default) if isinstance(field, JSONField) else default)
        elif field.null:
            selects.append("NULL")
        elif field.empty_strings_allowed and field.get_internal_type() in {
            "CharField",
            "TextField",
            "SlugField",
        }:
            selects.append("''")
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selects)} FROM {source}"
    )
    cursor.execute(sql, [*args, *params])
    return cursor.rowcount


def generate_apps() -> None:
    """Contacts, screenings and flags, referrals and child booklets for the trajectories, once, in SQL,
    for the apps that are installed (their figures are part of the dashboard's overview)."""
    from django.apps import apps

    def model(label):
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    from wieg.directory.models import Organisation, Professional

    kg = Organisation.objects.get(name=f"{MARK} K&G")
    nurse = Professional.objects.get(family_name="Nurse", given_name="Bench")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        rows = (
            "(SELECT id, family_id, start_date, due_date, birth_date, hashint8(id) & 2147483647 AS h "
            "FROM care_trajectory) t"
        )
        contact = model("pathways.Contact")
        if contact is not None and not contact.objects.exists():
            n = insert_select(
                cur,
                contact,
                {
                    "trajectory": "t.id",
                    "date": "t.due_date - 280 + 70 + (t.h %% 60)",
                    "kind": "'consultation'",
                    "professional": str(nurse.pk),
                    "organisation": str(kg.pk),
                },
                rows + " WHERE t.h %% 10 < 8",
            )
            print(f"  {n} contacts")
        screening, instrument, flag = (
            model("screening.Screening"),
            model("screening.Instrument"),
            model("screening.Flag"),
        )
        if screening is not None and not screening.objects.exists():
            for code, share, offset in (
                ("psychosocial", 7, "t.due_date - 200"),
                ("whooley", 6, "t.due_date - 190"),
                ("epds", 5, "t.birth_date + 42"),
            ):
                inst = instrument.objects.filter(code=code).order_by("-version").first()
                n = insert_select(
                    cur,
                    screening,
                    {
                        "trajectory": "t.id",
                        "instrument": str(inst.pk),
                        "answers": "'{}'::jsonb",
                        "score": "0",
                        "performed_at": f"({offset})::timestamptz",
                    },
                    rows
                    + f" WHERE t.h %% 10 < {share}"
                    + (" AND t.birth_date IS NOT NULL" if code == "epds" else ""),
                )
                print(f"  {n} {code} screenings")
            n = insert_select(
                cur,
                flag,
                {
                    "screening": "s.id",
                    "trajectory": "s.trajectory_id",
                    "code": "'attention'",
                    "level": "'attention'",
                    "action_taken": "''",
                    "action_at": "CASE WHEN s.id %% 3 = 0 THEN NULL ELSE s.performed_at END",
                },
                "screening_screening s WHERE s.id %% 5 = 0",
            )
            print(f"  {n} flags")
        referral = model("referrals.Referral")
        if referral is not None and not referral.objects.exists():
            care = Organisation.objects.create(name=f"{MARK} kraamzorg", kind="maternity_home_care")
            n = insert_select(
                cur,
                referral,
                {
                    "trajectory": "t.id",
                    "service": "CASE WHEN t.h %% 3 = 0 THEN 'ocmw' ELSE 'maternity_home_care' END",
                    "from_professional": str(nurse.pk),
                    "from_organisation": str(kg.pk),
                    "to_organisation": str(care.pk),
                    "reason": "'bench'",
                    "urgency": "'routine'",
                    "status": "CASE WHEN t.h %% 7 = 0 THEN 'declined' WHEN t.h %% 7 < 4 THEN 'in_progress' ELSE 'accepted' END",
                    "decline_reason": "CASE WHEN t.h %% 7 = 0 THEN 'vol' ELSE '' END",
                    "sent_at": "(t.due_date - 60)::timestamptz",
                    "answered_at": "(t.due_date - 60)::timestamptz + (t.h %% 5) * interval '1 day'",
                    "started_at": "CASE WHEN t.h %% 7 BETWEEN 1 AND 3 THEN t.due_date::timestamptz END",
                },
                rows + " WHERE t.h %% 10 < 3",
            )
            print(f"  {n} referrals")
        distribution = model("booklets.Distribution")
        if distribution is not None and not distribution.objects.exists():
            n = insert_select(
                cur,
                distribution,
                {
                    "trajectory": "t.id",
                    "booklet": "'child'",
                    "child_number": "1",
                    "kind": "'handed_out'",
                    "step": "CASE WHEN t.h %% 3 = 0 THEN 'prenatal_intake' ELSE 'first_postnatal_contact' END",
                    "handed_out_on": "CASE WHEN t.h %% 3 = 0 THEN t.due_date - 100 ELSE t.birth_date + (t.h %% 20) END",
                },
                rows + " WHERE t.birth_date IS NOT NULL AND t.h %% 10 < 9",
            )
            print(f"  {n} child booklets")
        cur.execute("ANALYZE")
    print(f"generated the other apps' data in {time.perf_counter() - t0:.1f} s")


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
    generate_apps()

    from wieg.accounts.models import User
    from wieg.care.models import Trajectory

    analyst, _ = User.objects.get_or_create(username=f"{MARK}-analyst", defaults={"kind": "analyst"})
    client = Client()
    client.force_login(analyst)
    total = Trajectory.objects.count()
    views = [
        ("definitions page (trivial reference)", "/monitoring/indicators/"),
        ("dashboard: default (coordinator by province)", "/monitoring/"),
        ("overview tiles: every indicator, this year", "/monitoring/tiles/"),
        (
            "dashboard: reach by phase by primary care zone",
            "/monitoring/?indicator=reach_by_phase&group_by=zone",
        ),
        (
            "dashboard: consent for the whole team by month",
            "/monitoring/?indicator=consent_team&group_by=month",
        ),
        (
            "dashboard: coordinator by vulnerability, one province",
            "/monitoring/?indicator=coordinator&group_by=vulnerability&province=40000",
        ),
        (
            "API: coordinator by province",
            "/api/v1/monitoring/indicators?indicator=coordinator&group_by=province",
        ),
        (
            "CSV: consent (psychosocial) by zone",
            "/monitoring/export.csv?indicator=consent_psychosocial&group_by=zone",
        ),
    ]
    print(f"PostgreSQL {connection.pg_version}, {total} trajectories, {args.repeat} runs each (warm)")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    from wieg.monitoring import selectors

    print("-- computed on every request (WIEG_MONITORING_CACHE_SECONDS=0)")
    selectors.CACHE_SECONDS = 0
    run(views, client, analyst, args.repeat)
    print("-- with the aggregates kept for 300 s (the default): every run after the first")
    selectors.CACHE_SECONDS = 300
    run(views, client, analyst, args.repeat)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def run(views, client, analyst, repeat):
    for label, url in views:
        if url.startswith("/api/"):
            from wieg.accounts.models import ApiToken

            _token, raw = ApiToken.issue(analyst)
            api = Client(headers={"Authorization": f"Bearer {raw}"})
            median, best, queries = timed(api, url, repeat)
        else:
            median, best, queries = timed(client, url, repeat)
        print(
            f"{label:62s} median {median * 1000:7.0f} ms   best {best * 1000:7.0f} ms   {queries:3d} queries"
        )


if __name__ == "__main__":
    main()
