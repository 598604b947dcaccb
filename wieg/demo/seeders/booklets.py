"""Demo booklets: families at each step of the procedure (and some still waiting), orders, stock.

Deterministic for ctx.seed; bulk inserts only. Never registers a second first child booklet, so the figures
page shows zero double distributions.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wieg.booklets import rules as booklet_rules
from wieg.booklets.models import Distribution, Order, OrderLine, Stock
from wieg.care.models import CareTeamMember, Trajectory

BATCH = 2000
# Each path goes to at least one fitting family, so every step is in the demo whatever its size.
BORN_PATHS = ["step2", "step3", "nicu", "replacement", "none"]
PRENATAL_PATHS = ["step1", "already_had", "none"]


def _between(ctx, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=ctx.rng.randint(0, (end - start).days))


def _forced_paths(trajectories) -> dict[int, str]:
    forced = {}
    for paths, born in ((BORN_PATHS, True), (PRENATAL_PATHS, False)):
        fitting = [t for t in trajectories if (t.birth_date is not None) is born and t.status == "active"]
        for path, t in zip(paths, fitting, strict=False):
            forced[t.pk] = path
    return forced


def _path_for(ctx, t: Trajectory, midwife_follows: bool) -> str:
    r = ctx.rng.random()
    if t.birth_date is None:
        return "step1" if r < 0.65 else "none"
    if r < 0.50:
        return "step1"
    if r < 0.68:
        return "step2" if midwife_follows else "step3"
    if r < 0.83:
        return "step3"
    if r < 0.88:
        return "already_had"
    if r < 0.91:
        return "nicu"
    if r < 0.93:
        return "replacement"
    return "none"


def _long_nicu_stay(t, rules, today):
    """The NICU hands out only during a long admission: make the demo's stay one (same day of birth)."""
    minimum = int(rules.step("nicu").get("min_admission_days") or 0)
    admitted, discharged = t.nicu_admission_date, t.nicu_discharge_date
    if admitted == t.birth_date and (discharged is None or (discharged - admitted).days >= minimum):
        return
    discharge = t.birth_date + dt.timedelta(days=minimum + t.pk % 21)
    Trajectory.objects.filter(pk=t.pk).update(
        nicu_admission=True,
        nicu_admission_date=t.birth_date,
        nicu_discharge_date=discharge if discharge <= today else None,
    )


def _distributions(ctx, rules, today):
    nurse = ctx.professionals.get("nurse")
    midwife = ctx.professionals.get("midwife")
    kg, midwives, nicu = (ctx.organisations.get(k) for k in ("kg", "midwives", "nicu"))
    trajectories = list(Trajectory.objects.filter(pk__in=ctx.trajectory_ids).order_by("pk"))
    followed = set(
        CareTeamMember.objects.filter(
            trajectory_id__in=ctx.trajectory_ids, organisation__kind="midwife_practice", end__isnull=True
        ).values_list("trajectory_id", flat=True)
    )
    child_edition = rules.current_edition("child")
    forced = _forced_paths(trajectories)
    rows, counts = [], {}
    for t in trajectories:
        path = forced.get(t.pk) or _path_for(ctx, t, t.pk in followed)
        if t.closed_reason == "pregnancy_loss":
            path = "none"
        born = t.birth_date
        if born is None and path not in ("step1", "none"):
            path = "step1" if path != "already_had" else "already_had"
        if born is not None and path in ("step1", "replacement") and t.start_date >= born:
            path = "step3"
        if path == "none":
            counts[path] = counts.get(path, 0) + 1
            continue
        base = {"trajectory_id": t.pk, "booklet": "child", "edition": child_edition}
        if path in ("step1", "replacement"):
            last = min(today, born - dt.timedelta(days=1)) if born else today
            day = _between(ctx, min(t.start_date + dt.timedelta(days=7), last), last)
            first = {
                **base,
                "kind": "handed_out",
                "step": "prenatal_intake",
                "handed_out_on": day,
                "professional": nurse,
                "organisation": kg,
            }
        elif path == "step2":
            day = min(today, born + dt.timedelta(days=ctx.rng.randint(1, 4)))
            first = {
                **base,
                "kind": "handed_out",
                "step": "independent_midwife",
                "handed_out_on": day,
                "professional": midwife,
                "organisation": midwives,
            }
        elif path == "step3":
            day = min(today, born + dt.timedelta(days=ctx.rng.randint(3, 18)))
            first = {
                **base,
                "kind": "handed_out",
                "step": "first_postnatal_contact",
                "handed_out_on": day,
                "professional": nurse,
                "organisation": kg,
            }
        elif path == "nicu":
            _long_nicu_stay(t, rules, today)
            day = min(today, born + dt.timedelta(days=ctx.rng.randint(5, 12)))
            first = {
                **base,
                "kind": "handed_out",
                "step": "nicu",
                "handed_out_on": day,
                "professional": None,
                "organisation": nicu,
            }
        else:  # already_had
            day = (
                min(today, (born or today) + dt.timedelta(days=2))
                if born
                else _between(ctx, t.start_date, today)
            )
            first = {
                **base,
                "kind": "already_had",
                "step": "",
                "edition": "",
                "handed_out_on": day,
                "professional": nurse,
                "organisation": kg,
                "received_from": ctx.rng.choice(["kraamkliniek", "vorige zwangerschap", ""]),
            }
        for child in range(1, t.plurality + 1):
            rows.append(Distribution(child_number=child, **first))
        if path == "replacement":
            rows.append(
                Distribution(
                    **{
                        **first,
                        "kind": "replacement",
                        "step": "",
                        "replacement_reason": "lost",
                        "handed_out_on": _between(ctx, first["handed_out_on"], today),
                    }
                )
            )
        counts[path] = counts.get(path, 0) + 1
    Distribution.objects.bulk_create(rows, batch_size=BATCH)
    return counts


def _orders(ctx, rules, today):
    midwife_user, midwife = ctx.users.get("midwife"), ctx.professionals.get("midwife")
    practice, nurse = ctx.organisations.get("midwives"), ctx.professionals.get("nurse")
    if midwife_user is None or practice is None:
        return {}
    plan = [  # (months ago, booklet, quantity, status)
        (5, "child", 12, "shipped"),
        (4, "pregnancy", 15, "shipped"),
        (3, "child", 8, "rejected"),
        (2, "child", 6, "shipped"),
        (1, "pregnancy", 10, "approved"),
        (0, "child", 4, "submitted"),
    ]
    shipped = {}
    for months, booklet, quantity, status in plan:
        created = timezone.make_aware(
            dt.datetime.combine(booklet_rules.months_ago(today, months), dt.time(10, ctx.rng.randint(0, 59)))
        )
        order = Order.objects.create(
            booklet=booklet,
            quantity=quantity,
            orderer_kind="midwife",
            ordered_by=midwife_user,
            professional=midwife,
            organisation=practice,
            practice_name=practice.name,
            declares_independent_midwife=True,
            include_follow_up=booklet == "pregnancy",
            status=status,
            remarks="" if status != "approved" else "Graag samen met de volgende levering.",
            created_at=created,
            decided_by=nurse if status != "submitted" else None,
            decided_at=created + dt.timedelta(days=1) if status != "submitted" else None,
            rejection_reason="Er loopt al een bestelling voor deze periode." if status == "rejected" else "",
            shipped_by=nurse if status == "shipped" else None,
            shipped_at=created + dt.timedelta(days=3) if status == "shipped" else None,
        )
        lines = [(booklet, quantity)]
        follow_up = rules.follow_up_for(booklet)
        if follow_up:
            lines.append((follow_up, quantity))
        for line_booklet, line_quantity in lines:
            edition = rules.current_edition(line_booklet)
            OrderLine.objects.create(
                order=order, booklet=line_booklet, edition=edition, quantity=line_quantity
            )
            if status == "shipped":
                key = (line_booklet, edition)
                shipped[key] = shipped.get(key, 0) + line_quantity
    return shipped


@transaction.atomic
def seed(ctx) -> None:
    today = ctx.today
    rules = booklet_rules.current(today)
    counts = _distributions(ctx, rules, today)
    shipped = _orders(ctx, rules, today)
    delivered = {
        ("child", "2023-06"): 800,
        ("child", "2019-01"): 25,
        ("pregnancy", "2024-01"): 400,
        ("pregnancy_follow_up", "2024-01"): 400,
    }
    Stock.objects.bulk_create(
        [Stock(booklet=b, edition=e, quantity=q - shipped.get((b, e), 0)) for (b, e), q in delivered.items()],
        ignore_conflicts=True,
    )
    ctx.say(
        f"booklets: {sum(counts.values())} families "
        f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})"
    )
