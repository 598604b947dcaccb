"""Demo care plans: a plan for every demo trajectory, contacts for what is past, some overdue items.

Most families (about 85 %) are on track: every item whose window has closed is done, appointments with a
contact by someone of the care team. The others missed a few items: those closed recently show as late on
the worklists; those closed long ago were mostly acknowledged as missed by the coordinator, a few still wait
for it. Items whose window closed before the trajectory started are before enrolment, never late.
A screening item done here is done because a screening was: the screening seeder records those screenings
(ctx.extra["plan_screenings"]), so that the plan and the screening panel agree.
Everything is bulk-inserted per batch of trajectories; deterministic for a given ctx.seed.
"""

import datetime as dt
import time
from collections import defaultdict

from wieg.care.models import CareTeamMember, CoordinatorAssignment, Trajectory
from wieg.pathways.models import Contact, ContactNote, PlanItem
from wieg.pathways.rules import missed_before, plan_rule
from wieg.pathways.services import build_plan_items, template_items
from wieg.screening import catalogue

from . import DemoContext

BATCH = 2000
BEHIND_SHARE = 0.15  # families that missed something
MISSED_SHARE = 0.35  # of their past items
ACKNOWLEDGED_SHARE = 0.8  # of the items missed long ago: the coordinator acknowledged them
ACKNOWLEDGE_REASONS = (
    "Elders gedaan",
    "Het gezin wenste het niet",
    "Niet meer zinvol: het moment is voorbij",
    "Gezin was in het buitenland",
)
CONTACT_KINDS = {"contact": "consultation", "home_visit": "home_visit", "screening": "consultation"}
MEDICAL_NOTES = (
    "Bloeddruk en gewicht normaal.",
    "Groei volgens de curve.",
    "Voeding loopt goed.",
    "Lichte geelzucht, opvolgen.",
    "Geen klachten.",
)
PSYCHOSOCIAL_NOTES = (
    "Moeder voelt zich vaak alleen; steun van de buurt besproken.",
    "Zorgen over huisvesting.",
)

# (category, share of contacts with such a note, texts)
NOTE_SHARES = (("medical", 0.3, MEDICAL_NOTES), ("psychosocial", 0.05, PSYCHOSOCIAL_NOTES))


def _chunks(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _doers(batch):
    """Per trajectory: the coordinator, and team members by discipline (to sign the contacts)."""
    coordinators = dict(
        CoordinatorAssignment.objects.filter(trajectory_id__in=batch, end__isnull=True).values_list(
            "trajectory_id", "professional_id"
        )
    )
    team = defaultdict(dict)
    for trajectory_id, professional_id, organisation_id, discipline in CareTeamMember.objects.filter(
        trajectory_id__in=batch, end__isnull=True
    ).values_list("trajectory_id", "professional_id", "organisation_id", "professional__discipline"):
        team[trajectory_id].setdefault(discipline, (professional_id, organisation_id))
    return coordinators, team


def _not_done(ctx, item, coordinator_id, totals) -> None:
    """An item the family did not get: late if its window closed recently, else missed and (mostly)
    acknowledged by the coordinator some days after it became missed."""
    rng = ctx.rng
    if item.window_end >= missed_before(ctx.today):
        totals["overdue"] += 1
        return
    if coordinator_id is None or rng.random() >= ACKNOWLEDGED_SHARE:
        totals["to_acknowledge"] += 1
        return
    day = item.window_end + dt.timedelta(days=plan_rule("missed_after_days") + rng.randint(1, 21))
    day = min(day, ctx.today)
    item.status = "missed"
    item.acknowledged_reason = rng.choice(ACKNOWLEDGE_REASONS)
    item.acknowledged_at = dt.datetime.combine(day, dt.time(10, rng.randrange(60)), tzinfo=dt.UTC)
    item.acknowledged_by_id = coordinator_id
    totals["missed"] += 1


def _fill_the_past(ctx, past, coordinators, team, totals) -> list[Contact]:
    """Mark what each family did of its past items (most families all, some not), and the contacts that
    fulfilled them. `past` maps a trajectory to its planned items whose window closed, in plan order."""
    rng = ctx.rng
    contacts = []
    instruments = {m["key"]: m["instrument"] for m in catalogue.schedule()}
    screenings = ctx.extra.setdefault("plan_screenings", [])
    for trajectory_id in sorted(past):
        behind = rng.random() < BEHIND_SHARE
        members = team.get(trajectory_id, {})
        for item in past[trajectory_id]:
            if behind and rng.random() < MISSED_SHARE:
                _not_done(ctx, item, coordinators.get(trajectory_id), totals)
                continue
            span = (min(item.window_end, ctx.today - dt.timedelta(days=1)) - item.window_start).days
            item.status = "done"
            item.done_on = item.window_start + dt.timedelta(days=rng.randint(0, max(span, 0)))
            for key in item.fulfilled_by:
                source, _sep, moment = key.partition(":")
                if source == "screening" and moment in instruments:
                    screenings.append((trajectory_id, instruments[moment], item.done_on))
            if item.kind not in CONTACT_KINDS:
                continue
            doer = next((members[d] for d in item.discipline_list if d in members), None)
            if doer is None and trajectory_id in coordinators:
                doer = (coordinators[trajectory_id], None)
            if doer is None:
                continue
            contacts.append(
                Contact(
                    trajectory_id=trajectory_id,
                    plan_item=item,
                    date=item.done_on,
                    kind=CONTACT_KINDS[item.kind],
                    professional_id=doer[0],
                    organisation_id=doer[1],
                    checklist=[c["code"] for c in item.checklist] if item.template_item_id else [],
                )
            )
    return contacts


def _notes(rng, contacts) -> list[ContactNote]:
    """Notes on some contacts: medical on about a third, psychosocial on one in twenty."""
    notes = []
    for contact in contacts:
        for category, share, texts in NOTE_SHARES:
            if rng.random() < share:
                notes.append(
                    ContactNote(
                        contact=contact,
                        trajectory_id=contact.trajectory_id,
                        category=category,
                        text=rng.choice(texts),
                    )
                )
    return notes


def seed(ctx: DemoContext) -> None:
    started = time.monotonic()
    items = template_items()
    ids = sorted(ctx.trajectory_ids) or list(Trajectory.objects.order_by("pk").values_list("pk", flat=True))
    totals = {"items": 0, "contacts": 0, "overdue": 0, "missed": 0, "to_acknowledge": 0}
    for batch in _chunks(ids, BATCH):
        have_plan = set(
            PlanItem.objects.filter(trajectory_id__in=batch).values_list("trajectory_id", flat=True)
        )
        have_contacts = set(
            Contact.objects.filter(trajectory_id__in=batch).values_list("trajectory_id", flat=True)
        )
        coordinators, team = _doers(batch)
        # New plans: the past is filled in before the items are inserted, so that each item is written
        # once (an UPDATE per item afterwards cost more than everything else together).
        past = defaultdict(list)
        new = []
        for trajectory in Trajectory.objects.filter(pk__in=batch).exclude(pk__in=have_plan).order_by("pk"):
            planned = build_plan_items(trajectory, items)
            new.extend(planned)
            closed = [i for i in planned if i.status == "planned" and i.window_end < ctx.today]
            if closed and trajectory.pk not in have_contacts:
                past[trajectory.pk] = sorted(closed, key=lambda i: i.window_start)  # stable: plan order
        contacts = _fill_the_past(ctx, past, coordinators, team, totals)
        PlanItem.objects.bulk_create(new, batch_size=5000)
        totals["items"] += len(new)
        # Plans that exist without contacts (an interrupted earlier run): fill their past in place.
        old = defaultdict(list)
        for item in (
            PlanItem.objects.filter(trajectory_id__in=have_plan, status="planned", window_end__lt=ctx.today)
            .exclude(trajectory_id__in=have_contacts)
            .select_related("template_item")
            .order_by("trajectory_id", "window_start", "pk")
        ):
            old[item.trajectory_id].append(item)
        if old:
            contacts += _fill_the_past(ctx, old, coordinators, team, totals)
            PlanItem.objects.bulk_update(
                [i for items_ in old.values() for i in items_ if i.status != "planned"],
                ["status", "done_on", "acknowledged_reason", "acknowledged_at", "acknowledged_by"],
                batch_size=1000,
            )
        Contact.objects.bulk_create(contacts, batch_size=5000)
        ContactNote.objects.bulk_create(_notes(ctx.rng, contacts), batch_size=5000)
        totals["contacts"] += len(contacts)
    ctx.say(
        f"pathways: {totals['items']} plan items, {totals['contacts']} contacts, "
        f"{totals['overdue']} overdue, {totals['missed']} missed and acknowledged, "
        f"{totals['to_acknowledge']} missed to acknowledge "
        f"({time.monotonic() - started:.1f} s)"
    )
