"""Schemathesis over the whole OpenAPI document, as the nurse, the parent and the analyst; fails on any 5xx.

    .venv/bin/python .ci/fuzz_api.py [--max-time SECONDS] [--database-url URL] [--seed S] [--keep]

Builds a fresh demo database (SQLite in a temporary folder, or the PostgreSQL database named by
--database-url, dropped and created anew: PostgreSQL refuses what SQLite stores, a NUL byte for one),
issues an API token to each persona with `manage.py create_api_token`, serves the project with gunicorn
on a free port of 127.0.0.1 and runs `schemathesis run` once per persona. Path parameters come from the
demo data (records the persona may see, and some it may not), so that the requests reach the code behind
the 404s. The run is bounded by --max-time per persona (default 60 s: three minutes in all).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PERSONAS = ("nurse", "parent", "analyst")


def run(*args, env, capture=False):
    result = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def toml_list(values) -> str:
    return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in values) + "]"


def path_values(persona: str) -> dict[str, list]:
    """Ids of records this persona may see first, then a few of others; never empty."""
    from django.db.models import Exists, OuterRef

    from wieg.booklets.models import Order
    from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment, Trajectory
    from wieg.directory.actors import actor_for
    from wieg.network.models import Activity
    from wieg.pathways.models import PlanItem
    from wieg.referrals.models import Referral
    from wieg.screening.models import Flag, Suggestion

    user = __import__("wieg.accounts.models", fromlist=["User"]).User.objects.get(username=persona)
    actor = actor_for(user, channel="api")
    coordinated = {"trajectory": OuterRef("pk"), "end__isnull": True, "professional__user": user}
    # The ones it coordinates first: they open every operation, the access log and handover included.
    mine = list(
        Trajectory.objects.visible_to(actor)
        .annotate(coordinates=Exists(CoordinatorAssignment.objects.filter(**coordinated)))
        .order_by("-coordinates", "pk")
        .values_list("pk", flat=True)[:6]
    )
    others = list(Trajectory.objects.exclude(pk__in=mine).order_by("pk").values_list("pk", flat=True)[:2])
    trajectories = mine + others

    def ids(model, **filters):
        qs = model.objects.filter(**filters).order_by("pk")
        return [str(v) for v in qs.values_list("public_id", flat=True)[:6]]

    values = {
        "trajectory_id": [
            str(v) for v in Trajectory.objects.filter(pk__in=trajectories).values_list("public_id", flat=True)
        ],
        "consent_id": ids(Consent, trajectory__in=trajectories),
        "member_id": list(
            CareTeamMember.objects.filter(trajectory__in=trajectories).values_list("pk", flat=True)[:6]
        ),
        "item_id": ids(PlanItem, trajectory__in=trajectories),
        "referral_id": ids(Referral),
        "suggestion_id": ids(Suggestion, trajectory__in=trajectories),
        "flag_id": ids(Flag, trajectory__in=trajectories),
        "order_id": ids(Order),
        "activity_id": ids(Activity),
    }
    return {name: found for name, found in values.items() if found}


def recreate_postgres(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not name.startswith("wieg_"):
        raise SystemExit(f"refusing to drop {name!r}: the fuzz database's name starts with wieg_")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


# What an attacker sends and random text rarely contains: NUL bytes, control and surrogate-free odd
# characters, very long text, numbers beyond 64 bits, dates at the ends of the calendar.
HOSTILE_STRINGS = [
    "\\u0000",
    "a\\u0000b",
    "\\u0000' OR '1'='1",
    "\\u001b[0m\\u0007",
    "../../etc/passwd",
    "%00",
    "0001-01-01",
    "9999-12-31",
    "-1",
    "1e400",
    "x" * 5000,
    "\\ufeff\\u202e",
    "null",
]
HOSTILE_INTEGERS = [-1, 0, 2**31, 2**63, 10**20, -(10**20)]


def write_config(folder: Path, persona: str, values: dict[str, list]) -> Path:
    lines = [
        "[phases.coverage]",
        "unexpected-methods = []",
        "",
        "[generation.dictionaries]",
        'string = { dictionary = "hostile_strings", probability = 0.5 }',
        'integer = { dictionary = "hostile_integers", probability = 0.5 }',
        "",
        "[dictionaries.hostile_strings]",
        "values = [" + ", ".join(f'"{v}"' for v in HOSTILE_STRINGS) + "]",
        "",
        "[dictionaries.hostile_integers]",
        f"values = {toml_list(HOSTILE_INTEGERS)}",
        "",
        "[parameters]",
    ]
    for name in values:
        # Mostly real ids, sometimes generated ones: both the found and the not-found paths get exercised.
        lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.85 }}')
    for name, found in values.items():
        lines += ["", f"[dictionaries.{name}]", f"values = {toml_list(found)}"]
    config = folder / f"schemathesis-{persona}.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def report(log: Path) -> None:
    """From the summary on (failures come before it), with lines cut short: reproductions can be long."""
    lines = log.read_text(errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if "FAILURES" in line or "ERRORS" in line), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if "SUMMARY" in line), max(0, len(lines) - 20))
    for line in lines[start:]:
        if line.strip():
            print(line if len(line) <= 300 else line[:300] + " ...")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, default=60, help="seconds per persona (default 60)")
    parser.add_argument("--families", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="the demo data's and schemathesis's seed")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to (re)create and use")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, reports)")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="wieg-fuzz-"))
    database_url = options.database_url or f"sqlite:///{folder / 'fuzz.sqlite3'}"
    if options.database_url:
        recreate_postgres(options.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WIEG_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "wieg.settings",
        "PYTHONPATH": str(ROOT),
    }
    server = None
    failed = []
    try:
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        run(PYTHON, "manage.py", "seed_demo", "--families", str(options.families), "--seed", "1", env=env)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "wieg.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "60",
                "--access-logfile",
                str(folder / "access.log"),
            ],
            cwd=ROOT,
            env=env,
            stdout=open(folder / "server.log", "w"),  # noqa: SIM115 - open for the server's lifetime
            stderr=subprocess.STDOUT,
        )
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=2)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("the server did not start: see server.log")

        for persona in options.personas.split(","):
            token = run(PYTHON, "manage.py", "create_api_token", persona, env=env, capture=True)
            token = token.strip().splitlines()[-1]
            config = write_config(folder, persona, path_values(persona))
            print(f"\n== schemathesis as {persona} ({options.max_time} s)", flush=True)
            log = folder / f"schemathesis-{persona}.log"
            result = subprocess.run(
                [
                    str(BIN / "schemathesis"),
                    "--config-file",
                    str(config),
                    "--no-color",
                    "run",
                    f"{base}/api/v1/openapi.json",
                    "--header",
                    f"Authorization: Bearer {token}",
                    "--checks",
                    "not_a_server_error",
                    "--phases",
                    "examples,coverage,fuzzing",
                    "--max-time",
                    str(options.max_time),
                    # One worker: schemathesis's threads can trip CPython 3.11's AST recursion counter.
                    "--workers",
                    "1",
                    "--seed",
                    str(options.seed),
                    "--suppress-health-check",
                    "all",
                    "--warnings",
                    "off",
                    "--output-truncate",
                    "true",
                ],
                cwd=folder,
                env=env,
                check=False,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            report(log)
            if result.returncode != 0:
                failed.append(persona)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if options.keep or failed:
            print(f"database, server log and configuration kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    personas = options.personas.split(",")
    if failed:
        print(f"schemathesis found server errors as: {', '.join(failed)}")
    # The plain closing line CI reads: one run per persona.
    print(f"schemathesis: {len(personas) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
