"""Demo data, one seeder module per app, run in ORDER by `manage.py seed_demo`.

A seeder is a module `wieg.demo.seeders.<name>` with `seed(ctx: DemoContext) -> None`. It must be
deterministic for a given ctx.seed (use ctx.rng, never `random` directly, and ctx.today for dates)
and fast at Flemish scale (bulk_create in batches, no per-row service calls above a few thousand rows).
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

ORDER = ["care", "pathways", "booklets", "screening", "referrals", "network", "monitoring"]

DEMO_PASSWORD = "wieg-demo"


@dataclass
class DemoContext:
    seed: int
    families: int
    today: dt.date
    rng: random.Random
    stdout: Any = None
    # Filled by the care seeder, read by the others:
    users: dict[str, Any] = field(default_factory=dict)  # "nurse", "midwife", ... -> User
    professionals: dict[str, Any] = field(default_factory=dict)  # same keys -> Professional
    organisations: dict[str, Any] = field(default_factory=dict)  # "kg", "midwives", "gp", ... -> Organisation
    region_nis: list[str] = field(default_factory=list)  # municipalities of the demo region
    trajectory_ids: list[int] = field(default_factory=list)  # all demo trajectories (primary keys)
    # The demo region's trajectories, the demo accounts' families, first in trajectory_ids. The same as
    # trajectory_ids up to 300 families; at Flemish scale decorate these richly and the rest in bulk.
    region_trajectory_ids: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # anything a seeder wants to pass on

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def run(ctx: DemoContext) -> None:
    for name in ORDER:
        try:
            module = import_module(f"wieg.demo.seeders.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"wieg.demo.seeders.{name}":
                raise
            continue
        module.seed(ctx)
