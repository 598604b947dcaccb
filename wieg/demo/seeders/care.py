"""Demo data for the care heart: organisations, the demo accounts, families and their trajectories.

The first families (up to CORE_FAMILIES) live in the demo region, Ghent and its surroundings, and are
cared for by the demo accounts: `nurse` coordinates most of them. Above that, the remaining families
are spread over every municipality of Flanders and Brussels, each with a local Kind en Gezin team whose
nurses carry about BACKGROUND_CASELOAD trajectories each, so that a Flemish-scale set (200,000 families)
keeps the demo accounts' caseloads realistic. Everything is inserted with bulk_create in batches.
"""

import datetime as dt
import math
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password

from wieg.accounts.models import User
from wieg.care.models import (
    AccessEvent,
    BreakGlassAccess,
    Consent,
    Exclusion,
    Person,
    ReviewMandate,
    Trajectory,
)
from wieg.core.models import Municipality
from wieg.core.workdays import add_working_days
from wieg.directory.models import Membership, Organisation, Professional

from ..personas import HOME_NIS, ORGANISATIONS, PERSONA_BY_USERNAME, PERSONAS, REGION
from . import DEMO_PASSWORD, DemoContext
from .contact import ContactMaker
from .families import Batch, FamilyFactory, NationalNumbers, Place, at, pick, public_id
from .names import BRUSSELS_MIX, FLANDERS_MIX, GHENT_MIX, ORIGINS, PROFESSIONAL_ORIGINS

CORE_FAMILIES = 300
FAMILY_BATCH = 2000
BACKGROUND_CASELOAD = 200  # trajectories a Kind en Gezin nurse coordinates
BACKGROUND_MIDWIFE_LOAD = 150
BACKGROUND_GP_LOAD = 200

# Rough weights for where families live (bigger cities have more births); every other municipality 1.
CITY_WEIGHTS = {
    "11002": 12,
    "44021": 6,
    "31005": 3,
    "24062": 3,
    "12025": 2.5,
    "41002": 2.5,
    "34022": 2.5,
    "71022": 2.5,
    "71016": 2.5,
    "35013": 2,
    "46021": 2.5,
    "36015": 2,
    "21004": 5,
    "21001": 4,
    "21012": 3.5,
    "21015": 4,
    "21009": 2.5,
    "21013": 2,
    "21016": 2,
}

# The showcase: the first families of the region, so that every phase and situation is in the small demo.
SHOWCASE = (
    # The `parent` account: Lotte, 28 weeks pregnant with her first child; midwife and GP on the team.
    {
        "phase": "prenatal",
        "week": 28,
        "origin": "flemish",
        "risk": "low",
        "team_roles": ["midwife", "gp"],
        "plurality": 1,
        "mother": ("Lotte", "Vermeulen"),
        "partner": ("Jonas", "De Smet"),
        "parent_user": True,
    },
    {"phase": "prenatal", "week": 9, "origin": "turkish", "risk": "low", "team_roles": []},
    {
        "phase": "prenatal",
        "week": 36,
        "origin": "moroccan",
        "risk": "raised",
        "team_roles": ["midwife", "gynaecologist", "kraamzorg"],
    },
    {
        "phase": "prenatal",
        "week": 20,
        "origin": "bulgarian",
        "risk": "high",
        "team_roles": ["social", "psychologist", "gp"],
        # Not safe to contact: her phone is shown only on the trajectory page, beside this warning.
        "not_safe_note": "Partnergeweld: nooit bellen, geen post. Enkel contact op de consultatie of via het CAW.",  # noqa: E501
    },
    {
        "phase": "prenatal",
        "week": 14,
        "origin": "flemish",
        "risk": "low",
        "team_roles": ["midwife"],
        "coordinator": "midwife",
    },
    {
        "phase": "postnatal",
        "age_days": 4,
        "origin": "flemish",
        "risk": "low",
        "team_roles": ["midwife", "kraamzorg"],
    },
    {
        "phase": "postnatal",
        "age_days": 25,
        "origin": "west_asian",
        "risk": "raised",
        "plurality": 2,
        # Twins born at 25 days, on the NICU for 18 days: a long admission, so the NICU hands out.
        "nicu_days": 18,
        "team_roles": ["midwife", "paediatrician", "social"],
    },
    {
        "phase": "infancy",
        "age_days": 120,
        "origin": "central_african",
        "risk": "low",
        "team_roles": ["gp"],
        "handover_from": "midwife",
    },
    {
        "phase": "infancy",
        "age_days": 420,
        "origin": "flemish",
        "risk": "raised",
        "team_roles": ["psychologist", "centre"],
    },
    {"phase": "infancy", "age_days": 700, "origin": "central_european", "risk": "low", "team_roles": []},
    {
        "phase": "prenatal",
        "week": 24,
        "origin": "brussels_french",
        "risk": "high",
        "team_roles": ["social", "midwife"],
        "coordinator": "social",
    },
    {"phase": "closed", "closed_reason": "day_1000", "origin": "flemish", "team_roles": ["gp"]},
    {"phase": "closed", "closed_reason": "pregnancy_loss", "origin": "moroccan", "team_roles": ["midwife"]},
    {"phase": "closed", "closed_reason": "moved_away", "origin": "turkish", "team_roles": []},
    {"phase": "closed", "closed_reason": "declined", "origin": "flemish", "team_roles": []},
    {
        "phase": "closed",
        "closed_reason": "transferred",
        "origin": "other_european",
        "team_roles": ["midwife"],
    },
)

# Who on the region's team joins a random family, before the phase and risk adjust it.
REGION_TEAM = (
    ("midwife", 0.45),
    ("gp", 0.35),
    ("gynaecologist", 0.25),
    ("kraamzorg", 0.35),
    ("social", 0.04),
    ("psychologist", 0.03),
    ("centre", 0.02),
    ("paediatrician", 0.1),
)


def seed(ctx: DemoContext) -> None:
    started = time.monotonic()
    rng = ctx.rng
    municipalities = {
        m.nis_code: m for m in Municipality.objects.in_scope().valid_on(ctx.today).order_by("nis_code")
    }
    ctx.region_nis = [nis for nis, _ in REGION if nis in municipalities]
    _organisations(ctx, municipalities)
    _accounts(ctx)
    _review_mandates(ctx)
    numbers = NationalNumbers(
        Person.objects.exclude(national_number=None).values_list("national_number", flat=True)
    )
    factory = FamilyFactory(rng, ctx.today, numbers, contacts=ContactMaker.load())

    core = min(ctx.families, CORE_FAMILIES)
    batch = Batch()
    ctx.trajectory_ids = []
    _core_families(ctx, factory, municipalities, core, batch)
    ctx.trajectory_ids += batch.flush()
    ctx.region_trajectory_ids = list(ctx.trajectory_ids)
    _consent_history(ctx)
    _emergency_opening(ctx)
    if ctx.families > core:
        _background_families(ctx, factory, municipalities, ctx.families - core, batch)
    ctx.say(f"care: {len(ctx.trajectory_ids)} trajectories in {time.monotonic() - started:.1f} s")


def _review_mandates(ctx):
    """The Kind en Gezin reviewer also reviews break-the-glass openings by the region's organisations that
    have no reviewer of their own (all but Kind en Gezin in the demo), and any left unreviewed too long."""
    kg = ctx.organisations["kg"]
    ReviewMandate.objects.create(organisation=kg, province=kg.municipality.province)


def _emergency_opening(ctx):
    """The ward midwife opened family 3's file in an emergency two days ago: it waits in the review queue,
    the coordinator was told, and the family sees it in their access log."""
    trajectories = list(
        Trajectory.objects.filter(pk__in=ctx.region_trajectory_ids[: len(SHOWCASE)]).order_by("pk")
    )
    if len(trajectories) < 3:
        return
    t = trajectories[2]
    midwife, ward = _persona(ctx, "ward_midwife")
    opened = at(ctx.today - dt.timedelta(days=2), ctx.rng, start_hour=1, end_hour=5)
    access = BreakGlassAccess.objects.create(
        public_id=public_id(ctx.rng),
        trajectory=t,
        professional=midwife,
        organisation=ward,
        reason="Opgenomen met bloedverlies in week 36, niet aanspreekbaar; geen ouder bereikbaar.",
        opened_at=opened,
        expires_at=opened + dt.timedelta(hours=settings.WIEG_BREAK_GLASS_HOURS),
        review_due_on=add_working_days(opened.date(), settings.WIEG_BREAK_GLASS_REVIEW_DAYS),
    )
    AccessEvent.objects.create(
        at=opened,
        user=ctx.users["ward_midwife"],
        professional=midwife,
        organisation=ward,
        actor_kind="professional",
        action="create",
        object_type="BreakGlassAccess",
        object_id=str(access.public_id),
        category="contact",
        trajectory=t,
        family_id=t.family_id,
        break_glass=True,
        detail="break-the-glass opened",
    )


def _consent_history(ctx):
    """What parents do with consent: a withdrawn consent and an excluded professional in the showcase."""
    trajectories = list(
        Trajectory.objects.filter(pk__in=ctx.region_trajectory_ids[: len(SHOWCASE)]).order_by("pk")
    )
    if len(trajectories) < 4:
        return
    nurse_user = ctx.users["nurse"]
    # Family 2 first allowed their GP practice to see everything, then took it back.
    t = trajectories[1]
    given = at(t.start_date, ctx.rng)
    Consent.objects.create(
        public_id=public_id(ctx.rng),
        trajectory=t,
        organisation=ctx.organisations["gp"],
        contact=True,
        care_plan=True,
        medical=True,
        given_at=given,
        recorded_via="verbal",
        recorded_by=nurse_user,
        withdrawn_at=given + dt.timedelta(days=9),
        withdrawn_via="signed_form",
        withdrawn_by=nurse_user,
    )
    # Family 4 asked that the second Kind en Gezin nurse, a neighbour of theirs, never opens their file.
    t = trajectories[3]
    Exclusion.objects.create(
        trajectory=t,
        professional=ctx.professionals["nurse2"],
        recorded_by=nurse_user,
        recorded_via="verbal",
        created_at=at(t.start_date, ctx.rng),
    )


def _organisations(ctx, municipalities):
    rows = [
        Organisation(
            public_id=public_id(ctx.rng),
            name=o.name,
            kind=o.kind,
            municipality=municipalities[o.nis],
            address=o.address,
            phone=o.phone,
            email=o.email,
        )
        for o in ORGANISATIONS
    ]
    Organisation.objects.bulk_create(rows)
    ctx.organisations = {o.key: row for o, row in zip(ORGANISATIONS, rows, strict=True)}


def _accounts(ctx):
    """The fixed demo accounts. One password hash for all: hashing is deliberately slow."""
    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=p.username,
            kind=p.kind,
            first_name=p.given_name,
            last_name=p.family_name,
            email=f"{p.username}@demo.wieg.example",
            password=password,
            preferred_language=p.language,
            is_staff=p.is_staff,
            is_superuser=p.is_staff,
        )
        for p in PERSONAS
    ]
    User.objects.bulk_create(users)
    ctx.users = {p.username: u for p, u in zip(PERSONAS, users, strict=True)}
    professionals, memberships = {}, []
    start = at(ctx.today - dt.timedelta(days=3 * 365), ctx.rng)
    for p in PERSONAS:
        if p.kind != "professional":
            continue
        professionals[p.username] = Professional(
            public_id=public_id(ctx.rng),
            user=ctx.users[p.username],
            given_name=p.given_name,
            family_name=p.family_name,
            discipline=p.discipline,
            email=f"{p.username}@demo.wieg.example",
        )
    Professional.objects.bulk_create(professionals.values())
    for p in PERSONAS:
        if p.kind == "professional":
            memberships.append(
                Membership(
                    professional=professionals[p.username],
                    organisation=ctx.organisations[p.organisation],
                    role=p.membership_role,
                    start=start,
                )
            )
    Membership.objects.bulk_create(memberships)
    ctx.professionals = professionals


def _persona(ctx, username):
    return ctx.professionals[username], ctx.organisations[PERSONA_BY_USERNAME[username].organisation]


def _core_families(ctx, factory, municipalities, count, batch):
    rng = ctx.rng
    team = {label: (*_persona(ctx, label), p) for label, p in REGION_TEAM}
    region = [(municipalities[nis], w) for nis, w in REGION if nis in municipalities]
    nurse, nurse2 = _persona(ctx, "nurse"), _persona(ctx, "nurse2")
    parent_trajectory = None
    for i in range(count):
        place = Place(pick(rng, region), GHENT_MIX, *nurse, team)
        if i < len(SHOWCASE):
            spec = dict(SHOWCASE[i])
            parent_user = spec.pop("parent_user", False)
            for key in ("coordinator", "handover_from"):
                if key in spec:
                    spec[key] = _persona(ctx, spec[key])
            place.municipality = municipalities[HOME_NIS]
            built = factory.build(place, with_events=True, **spec)
            if parent_user:
                built.people[0].user = ctx.users["parent"]
                # The partner has an account of his own: the co-parent of the permission matrices.
                built.people[1].user = ctx.users["coparent"]
                parent_trajectory = built.trajectory
        else:
            # Most families are the nurse's; a colleague, the midwife (pregnancies) and OCMW have the rest.
            who = pick(rng, (("nurse", 80), ("nurse2", 9), ("midwife", 7), ("social", 4)))
            handover = None
            if who == "midwife":
                coordinator = _persona(ctx, "midwife")
            elif who == "social":
                coordinator = _persona(ctx, "social")
            else:
                coordinator = nurse if who == "nurse" else nurse2
                handover = _persona(ctx, "midwife") if rng.random() < 0.1 else None
            phase = "prenatal" if who == "midwife" else None
            built = factory.build(
                place, phase=phase, coordinator=coordinator, handover_from=handover, with_events=True
            )
        batch.add(built)
    if parent_trajectory is not None:
        ctx.extra["parent_trajectory"] = parent_trajectory


def _background_professionals(ctx, discipline, count):
    rng = ctx.rng
    rows = []
    for _ in range(count):
        origin = ORIGINS[pick(rng, PROFESSIONAL_ORIGINS)]
        rows.append(
            Professional(
                public_id=public_id(rng),
                given_name=rng.choice(origin.female + origin.male[:4]),
                family_name=rng.choice(origin.family),
                discipline=discipline,
            )
        )
    return rows


def _background_families(ctx, factory, municipalities, count, batch):
    """Families in every municipality of Flanders and Brussels, cared for by local teams."""
    rng = ctx.rng
    started = time.monotonic()
    places = list(municipalities.values())
    weights = [CITY_WEIGHTS.get(m.nis_code, 2 if m.region == "brussels" else 1) for m in places]
    chosen = rng.choices(range(len(places)), weights=weights, k=count)
    per_place = Counter(chosen)

    # One Kind en Gezin team, midwife practice and GP practice per municipality (Ghent uses the demo ones).
    organisations, staff = {}, {}
    new_orgs = []
    for index in sorted(per_place):
        m = places[index]
        if m.nis_code == HOME_NIS:
            organisations[index] = (
                ctx.organisations["kg"],
                ctx.organisations["midwives"],
                ctx.organisations["gp"],
            )
            continue
        orgs = (
            Organisation(
                public_id=public_id(rng),
                name=f"Kind en Gezin regioteam {m.name_nl}",
                kind="kg_team",
                municipality=m,
            ),
            Organisation(
                public_id=public_id(rng),
                name=f"Vroedvrouwenpraktijk {m.name_nl}",
                kind="midwife_practice",
                municipality=m,
            ),
            Organisation(
                public_id=public_id(rng),
                name=f"Huisartsenpraktijk {m.name_nl}",
                kind="gp_practice",
                municipality=m,
            ),
        )
        organisations[index] = orgs
        new_orgs += orgs
    Organisation.objects.bulk_create(new_orgs, batch_size=1000)
    new_staff, memberships = [], []
    start = at(ctx.today - dt.timedelta(days=5 * 365), rng)
    for index in sorted(per_place):
        n = per_place[index]
        kg, midwives, gp = organisations[index]
        groups = []
        for org, discipline, load in (
            (kg, "nurse", BACKGROUND_CASELOAD),
            (midwives, "midwife", BACKGROUND_MIDWIFE_LOAD),
            (gp, "gp", BACKGROUND_GP_LOAD),
        ):
            people = _background_professionals(ctx, discipline, max(1, math.ceil(n / load)))
            new_staff += people
            memberships += [Membership(professional=p, organisation=org, start=start) for p in people]
            groups.append(people)
        staff[index] = groups
    Professional.objects.bulk_create(new_staff, batch_size=1000)
    Membership.objects.bulk_create(memberships, batch_size=1000)
    ctx.say(
        f"care: {len(new_orgs)} organisations and {len(new_staff)} professionals for the rest of Flanders "
        f"and Brussels"
    )

    seen = Counter()
    for done, index in enumerate(chosen, start=1):
        m = places[index]
        kg, midwives, gp = organisations[index]
        nurses, midwife_staff, gps = staff[index]
        k = seen[index]
        seen[index] += 1
        # Families of one municipality are shared out over its nurses in turn, about a caseload each.
        nurse = nurses[min(k // BACKGROUND_CASELOAD, len(nurses) - 1)]
        team = {
            "midwife": (midwife_staff[k % len(midwife_staff)], midwives, 0.35),
            "gp": (gps[k % len(gps)], gp, 0.3),
        }
        mix = BRUSSELS_MIX if m.region == "brussels" else FLANDERS_MIX
        batch.add(factory.build(Place(m, mix, nurse, kg, team)))
        if len(batch) >= FAMILY_BATCH:
            ctx.trajectory_ids += batch.flush()
            if done % 20000 < FAMILY_BATCH:
                ctx.say(f"care: {done:,} of {count:,} more families ({time.monotonic() - started:.0f} s)")
    ctx.trajectory_ids += batch.flush()
