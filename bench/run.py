"""Wieg benchmarks. `python bench/run.py [NAME ...] [options]`; `make bench BENCH="caseload --requests 200"`.

Each benchmark measures our pages next to a trivial view (GET /api/v1/health) in the same run, requests
interleaved, so that the ratio holds on a noisy machine. Targets and recorded figures: bench/README.md.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wieg.settings")


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(times):
    ms = [t * 1000 for t in times]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


def measure(requests: dict, rounds: int, warmup: int):
    """Calls every request once per round, in turn, and returns the timings per name."""
    times = {name: [] for name in requests}
    for i in range(warmup + rounds):
        for name, call in requests.items():
            started = time.perf_counter()
            response = call()
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
            if i >= warmup:
                times[name].append(elapsed)
    return times


def explain(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def bench_caseload(args):
    """The nurse's caseload page and GET /api/v1/trajectories at Flemish scale (200,000 trajectories)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wieg.accounts.models import ApiToken, User
    from wieg.care import selectors
    from wieg.care.models import Trajectory
    from wieg.directory.actors import actor_for

    total = Trajectory.objects.count()
    if total < args.min_trajectories:
        raise SystemExit(
            f"caseload needs at least {args.min_trajectories:,} trajectories, this database has {total:,}. "
            "Build them with: python manage.py seed_demo --families 200000 --seed 1"
        )
    user = User.objects.get(username=args.user)
    actor = actor_for(user)
    caseload = selectors.caseload(actor).count()
    web = Client()
    web.force_login(user)
    _, token = ApiToken.issue(user, label="bench")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    anonymous = Client()
    requests = {
        "health (GET /api/v1/health)": lambda: anonymous.get("/api/v1/health"),
        "caseload page (GET /caseload/)": lambda: web.get("/caseload/"),
        "caseload API (GET /api/v1/trajectories)": lambda: web.get("/api/v1/trajectories", **auth),
    }
    queries = {}
    for name, call in requests.items():
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured)
    load_before = os.getloadavg()[0]
    times = measure(requests, args.requests, args.warmup)
    base = percentile(times["health (GET /api/v1/health)"], 50)
    result = {
        "benchmark": "caseload",
        "database": connection.vendor,
        "trajectories": total,
        "user": args.user,
        "caseload": caseload,
        "requests": args.requests,
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "cpus": os.cpu_count(),
        "results": {
            name: {**summary(t), "queries": queries[name], "x_health_p50": round(percentile(t, 50) / base, 1)}
            for name, t in times.items()
        },
    }
    print(
        f"caseload: {total:,} trajectories on {connection.vendor}; {args.user} has {caseload} active ones; "
        f"{args.requests} requests each; load average {load_before:.1f} -> {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"{'request':<42} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8} {'queries':>8} {'x health':>9}")
    for name, r in result["results"].items():
        print(
            f"{name:<42} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['mean_ms']:>8.1f} {r['queries']:>8} "
            f"{r['x_health_p50']:>9.1f}"
        )
    if args.explain and connection.vendor == "postgresql":
        qs = selectors.caseload(actor)
        print("\nEXPLAIN ANALYZE, caseload count:")
        print(explain(qs.order_by()))
        print("\nEXPLAIN ANALYZE, caseload first page:")
        print(explain(qs[:50]))
    ApiToken.objects.filter(label="bench", user=user).delete()
    return result


BENCHMARKS = {"caseload": bench_caseload}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", default=list(BENCHMARKS), help=f"any of {', '.join(BENCHMARKS)}")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per view (default 200)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--user", default="nurse", help="whose caseload (default: the demo nurse)")
    parser.add_argument("--min-trajectories", type=int, default=200_000)
    parser.add_argument("--explain", action="store_true", help="print the PostgreSQL query plans")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite (figures not comparable)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql" and not args.allow_sqlite:
        raise SystemExit(
            "Benchmarks run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/wieg_bench"
        )
    results = [BENCHMARKS[name](args) for name in args.names]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
