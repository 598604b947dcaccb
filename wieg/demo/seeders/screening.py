"""Demo screenings: the nurse's families screened through the services (flags, suggestions, the access log,
one urgent EPDS signal on her worklist), and the rest of the population in bulk for the figures.

About one family in five is in a vulnerable situation (domain facts §5): those answer with two or three
indicators above their threshold.

The screenings the care plans say were done (ctx.extra["plan_screenings"], from the pathways seeder) are
recorded on those days, so that the plan and the screening panel say the same.
"""

import datetime as dt

from django.utils import timezone

from wieg.care.models import CoordinatorAssignment, Trajectory
from wieg.care.policies import scope
from wieg.core.errors import DomainError
from wieg.directory.actors import actor_for
from wieg.screening import catalogue, scoring
from wieg.screening.models import Flag, Screening
from wieg.screening.services import screening_record, screening_request

SERVICE_LIMIT = 60  # families screened through the services; the rest is bulk-created
BATCH = 2000
VULNERABLE_SHARE = 0.2


def _psychosocial_answers(rng, definition, vulnerable: bool) -> dict[str, int]:
    answers = {item["key"]: 0 for item in definition["items"]}
    if not vulnerable:
        # A little noise below the thresholds: one item of a mild indicator.
        item = rng.choice([i for i in definition["items"] if i["indicator"] in {"education", "occupation"}])
        answers[item["key"]] = 1
        return answers
    indicators = rng.sample(
        ["finances", "housing", "social_support", "language", "depression", "residence_status", "anxiety"],
        k=rng.choice([2, 2, 3]),
    )
    for item in definition["items"]:
        if item["indicator"] in indicators:
            answers[item["key"]] = len(item["options"]) - 1
    return answers


def _epds_answers(rng, level: str) -> list[int]:
    """Positions in printed order: 'low' about 4 points, 'raised' 10-12, 'high' 13+; item 10 'never'."""
    forward = {0, 1, 3}
    target = {"low": 4, "raised": 11, "high": 15}[level]
    points = [0] * 10
    for _ in range(target):
        i = rng.randrange(9)
        while points[i] == 3:
            i = (i + 1) % 9
        points[i] += 1
    return [p if i in forward else 3 - p for i, p in enumerate(points)]


def _at(day: dt.date, rng) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randrange(60)), tzinfo=dt.UTC)


def _planned_days(ctx) -> dict[tuple[int, str], dt.date]:
    """(trajectory, instrument) -> the day the care plan says that screening was done."""
    wanted = set(ctx.trajectory_ids)
    days = {}
    for trajectory_id, instrument, day in ctx.extra.get("plan_screenings", []):
        if trajectory_id in wanted:
            days.setdefault((trajectory_id, instrument), day)
    return days


def _mood_screenings(ctx, planned: dict, coordinators: dict) -> None:
    """The Whooley questions and EPDS the plans say were done, in bulk: answers below every threshold
    (the signals of the demo come from the screenings recorded through the services)."""
    rng = ctx.rng
    instruments = {code: catalogue.instrument(code) for code in ("whooley", "epds")}
    rows = []
    for (trajectory_id, code), day in sorted(planned.items()):
        if code not in instruments:
            continue
        definition = instruments[code].definition
        answers = {"low_mood": 1, "little_interest": 1} if code == "whooley" else _epds_answers(rng, "low")
        result = scoring.score(definition, answers)
        rows.append(
            Screening(
                trajectory_id=trajectory_id,
                instrument=instruments[code],
                answers=result.positions,
                score=result.score,
                indicator_scores={k: str(v) for k, v in result.indicator_scores.items()},
                performed_by_id=coordinators.get(trajectory_id),
                performed_at=_at(day, rng),
            )
        )
    Screening.objects.bulk_create(rows, batch_size=BATCH)


def seed(ctx) -> None:
    nurse = ctx.users.get("nurse")
    if nurse is None or not ctx.trajectory_ids:
        ctx.say("screening: no nurse or trajectories, skipped")
        return
    rng = ctx.rng
    catalogue.load_all()
    psychosocial = catalogue.instrument("psychosocial")
    planned = _planned_days(ctx)
    coordinators = dict(
        CoordinatorAssignment.objects.filter(
            trajectory_id__in=ctx.trajectory_ids, end__isnull=True
        ).values_list("trajectory_id", "professional_id")
    )
    _mood_screenings(ctx, planned, coordinators)
    actor = actor_for(nurse)
    mine = list(
        scope(
            actor,
            "psychosocial.change",
            Trajectory.objects.filter(pk__in=ctx.trajectory_ids, status="active"),
        )
        .filter(
            coordinator_assignments__professional_id=actor.professional_id,
            coordinator_assignments__end__isnull=True,
        )
        .order_by("pk")[:SERVICE_LIMIT]
    )
    flagged_ids: list[int] = []
    urgent_done = False
    for t in mine:
        vulnerable = rng.random() < 0.45  # the nurse's caseload leans towards families who need more
        intake = planned.get((t.pk, "psychosocial"))
        screening = screening_record(
            actor=actor,
            trajectory=t,
            instrument_code="psychosocial",
            answers=_psychosocial_answers(rng, psychosocial.definition, vulnerable),
            performed_at=_at(intake, rng) if intake else None,
        )
        if screening.flags.exists():
            flagged_ids.append(t.pk)
        if t.birth_date and (ctx.today - t.birth_date).days >= 35:
            level = rng.choice(["low", "low", "raised", "high"])
            answers = _epds_answers(rng, level)
            if not urgent_done:
                answers[9] = 2  # "hardly ever": the urgent same-day signal for the demo worklist
                urgent_done = True
            screening_record(actor=actor, trajectory=t, instrument_code="epds", answers=answers)
    ctx.extra["screening_flagged_trajectory_ids"] = flagged_ids
    _ask_the_parent(ctx)

    # Everyone else: one psychosocial screening per trajectory at intake, bulk-created.
    done = {t.pk for t in mine}
    rest = [pk for pk in ctx.trajectory_ids if pk not in done]
    now = timezone.now()
    for start in range(0, len(rest), BATCH):
        chunk = rest[start : start + BATCH]
        screenings, results = [], []
        for pk in chunk:
            result = scoring.score(
                psychosocial.definition,
                _psychosocial_answers(rng, psychosocial.definition, rng.random() < VULNERABLE_SHARE),
            )
            intake = planned.get((pk, "psychosocial"))
            at = _at(intake, rng) if intake else now - dt.timedelta(days=rng.randint(7, 120))
            screenings.append(
                Screening(
                    trajectory_id=pk,
                    instrument=psychosocial,
                    answers=result.positions,
                    score=result.score,
                    indicator_scores={k: str(v) for k, v in result.indicator_scores.items()},
                    performed_by_id=coordinators.get(pk),
                    performed_at=at,
                )
            )
            results.append(result)
        created = Screening.objects.bulk_create(screenings)
        Flag.objects.bulk_create(
            Flag(
                screening=s,
                trajectory_id=s.trajectory_id,
                code=code,
                level=scoring.flag_level(psychosocial.definition, code),
                raised_at=s.performed_at,
            )
            for s, r in zip(created, results, strict=True)
            for code in r.flags
        )
    total = Screening.objects.filter(trajectory_id__in=ctx.trajectory_ids).count()
    flagged = (
        Flag.objects.filter(trajectory_id__in=ctx.trajectory_ids).values("trajectory_id").distinct().count()
    )
    ctx.say(f"screening: {total} screenings, {flagged} families with a flag")


def _ask_the_parent(ctx) -> None:
    """The demo parent finds an EPDS to fill in on her phone: her coordinator asked for it."""
    trajectory = ctx.extra.get("parent_trajectory")
    if trajectory is None:
        return
    assignment = (
        CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True)
        .select_related("professional__user")
        .first()
    )
    if assignment is None or assignment.professional.user is None:
        return
    coordinator = actor_for(assignment.professional.user, organisation_id=assignment.organisation_id)
    try:
        screening_request(actor=coordinator, trajectory=trajectory, instrument_code="epds")
    except DomainError as exc:
        ctx.say(f"screening: the parent was not asked for an EPDS ({exc.message})")
    else:
        ctx.say("screening: the parent has an EPDS to fill in in the portal")
