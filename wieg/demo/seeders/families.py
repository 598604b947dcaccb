"""Generates demo families and their trajectory as plain model instances, for bulk inserts.

Nothing here touches the database: `FamilyFactory.build()` returns the rows of one family (family,
people, trajectory, consents, team, coordinator assignments, access events) with their foreign keys set
to each other, and `Batch` inserts many families at once in dependency order.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from wieg.care.models import (
    AccessEvent,
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Family,
    Person,
    Trajectory,
    TrajectoryChild,
)

from .names import ORIGINS

TZ = ZoneInfo(settings.TIME_ZONE)
INSERT_BATCH = 1000

# What each kind of team member usually gets consent for.
CONSENT_BY_ROLE = {
    "coordinator": ("contact", "care_plan", "medical", "psychosocial"),
    "prenatal_care": ("contact", "care_plan", "medical"),
    "postnatal_care": ("contact", "care_plan", "medical"),
    "medical_follow_up": ("contact", "medical"),
    "maternity_home_care": ("contact", "care_plan"),
    "social_support": ("contact", "care_plan", "psychosocial"),
    "mental_health": ("contact", "psychosocial"),
    "child_health": ("contact", "care_plan", "medical"),
    "other": ("contact", "care_plan"),
}
TEAM_ROLES = {
    "gp": "medical_follow_up",
    "gynaecologist": "medical_follow_up",
    "kraamzorg": "maternity_home_care",
    "social": "social_support",
    "psychologist": "mental_health",
    "centre": "other",
    "paediatrician": "child_health",
}
CLOSED_REASONS = (
    ("day_1000", 45),
    ("moved_away", 25),
    ("pregnancy_loss", 12),
    ("declined", 8),
    ("transferred", 10),
)


def pick(rng, weighted):
    """A value from ((value, weight), ...)."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def at(day: dt.date, rng, start_hour=8, end_hour=18) -> dt.datetime:
    """A working-hours moment on `day`, in Belgian time."""
    minutes = rng.randrange(start_hour * 60, end_hour * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)


def public_id(rng) -> uuid.UUID:
    """Deterministic version-4 UUIDs: the same seed gives the same URLs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class NationalNumbers:
    """Valid INSZ and BIS numbers (mod-97 check, with the '2' prefix for births from 2000), never twice."""

    def __init__(self, used=()):
        self.used = set(used)

    def make(self, rng, birth_date: dt.date, sex: str, *, bis: bool = False) -> str:
        month = birth_date.month + (40 if bis else 0)
        base = f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}"
        parity = 1 if sex == "male" else 0
        for _ in range(50):
            serial = rng.randrange(1, 499) * 2 - 1 + (1 - parity)  # odd for men, even for women
            first9 = f"{base}{serial:03d}"
            number = int(("2" + first9) if birth_date.year >= 2000 else first9)
            candidate = f"{first9}{97 - number % 97:02d}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("No free national number left for this birth date")


@dataclass
class Place:
    """Where a family lives and who takes care of families there."""

    municipality: object
    mix: tuple
    coordinator: object  # Professional
    coordinator_org: object  # Organisation
    team: dict = field(
        default_factory=dict
    )  # "midwife", "gp", ... -> (professional, organisation, probability)


@dataclass
class Built:
    family: Family
    people: list
    trajectory: Trajectory
    consents: list
    team: list
    coordinators: list
    events: list
    children: list = field(default_factory=list)


class FamilyFactory:
    def __init__(self, rng, today: dt.date, numbers: NationalNumbers, contacts=None):
        self.rng = rng
        self.today = today
        self.numbers = numbers
        self.contacts = contacts  # a ContactMaker (seeders/contact.py), or None for families without them

    # --- people ------------------------------------------------------------------------------------------
    def _person(self, family, role, given, family_name, birth_date, sex, *, number=True, bis=False, created):
        rng = self.rng
        national_number = self.numbers.make(rng, birth_date, sex, bis=bis) if number and birth_date else None
        return Person(
            public_id=public_id(rng),
            family=family,
            role=role,
            given_name=given,
            family_name=family_name,
            birth_date=birth_date,
            sex=sex,
            national_number=national_number,
            created_at=created,
        )

    def _phase(self):
        return pick(self.rng, (("prenatal", 30), ("postnatal", 7), ("infancy", 55), ("closed", 8)))

    # --- one family ----------------------------------------------------------------------------------------
    def build(
        self,
        place: Place,
        *,
        phase=None,
        week=None,
        age_days=None,
        closed_reason=None,
        origin=None,
        risk=None,
        team_roles=None,
        coordinator=None,
        handover_from=None,
        plurality=None,
        nicu_days=None,
        mother=None,
        partner=None,
        with_events=False,
        not_safe_note=None,
    ) -> Built:
        rng, today = self.rng, self.today
        origin = ORIGINS[origin or pick(rng, place.mix)]
        phase = phase or self._phase()
        if phase == "closed":
            closed_reason = closed_reason or pick(rng, CLOSED_REASONS)
            phase = {"day_1000": "done", "pregnancy_loss": "prenatal"}.get(
                closed_reason, pick(rng, (("prenatal", 35), ("infancy", 65)))
            )

        # Dates: a prenatal trajectory at a gestational week, or a birth some days ago.
        birth_date = ga = None
        if phase == "prenatal":
            week = week or rng.randint(8, 41)
            due_date = today + dt.timedelta(days=280 - week * 7 - rng.randrange(7))
        else:
            if age_days is None:
                age_days = {
                    "postnatal": rng.randrange(0, 42),
                    "infancy": rng.randrange(42, 726),
                    "done": rng.randrange(731, 800),
                }[phase]
            birth_date = today - dt.timedelta(days=age_days)
            ga = pick(rng, (("term", 90), ("late_preterm", 8), ("preterm", 2)))
            ga = {
                "term": rng.randint(37, 41),
                "late_preterm": rng.randint(32, 36),
                "preterm": rng.randint(26, 31),
            }[ga]
            due_date = birth_date + dt.timedelta(days=280 - ga * 7 - rng.randrange(7))
        start_date = min(due_date - dt.timedelta(days=280 - rng.randint(7, 13) * 7), today)
        created = at(start_date, rng)
        plurality = plurality or (2 if rng.random() < 0.015 else 1)

        family = Family(
            public_id=public_id(rng),
            municipality=place.municipality,
            preferred_language=pick(rng, tuple(zip(origin.languages, (70, 20, 10, 5, 5), strict=False))),
            interpreter_needed=rng.random() < origin.interpreter,
            created_at=created,
        )

        # The pregnant parent, a co-parent for most families, older children for second pregnancies.
        mother_given, mother_family = mother or (rng.choice(origin.female), rng.choice(origin.family))
        mother_birth = due_date - dt.timedelta(days=int(365.25 * max(18.5, rng.gauss(31, 4.8))))
        has_number = rng.random() < 0.8
        people = [
            self._person(
                family,
                "pregnant_parent",
                mother_given,
                mother_family,
                mother_birth,
                "female",
                number=has_number,
                bis=rng.random() < origin.bis,
                created=created,
            )
        ]
        mother_person = people[0]
        father_family = mother_family
        kind = pick(rng, (("father", 82), ("mother", 4), ("none", 14))) if partner is None else "father"
        if kind != "none":
            sex = "male" if kind == "father" else "female"
            if partner:
                given, surname = partner
            else:
                given = rng.choice(origin.male if sex == "male" else origin.female)
                partner_origin = origin if rng.random() < 0.85 else ORIGINS[pick(rng, place.mix)]
                surname = rng.choice(partner_origin.family)
            if sex == "male":
                father_family = surname
            partner_birth = mother_birth - dt.timedelta(days=rng.randint(-700, 2400))
            people.append(
                self._person(
                    family,
                    "co_parent",
                    given,
                    surname,
                    partner_birth,
                    sex,
                    number=rng.random() < 0.75,
                    bis=rng.random() < origin.bis,
                    created=created,
                )
            )
        parity = "multiparous" if rng.random() < 0.55 else "nulliparous"
        if parity == "multiparous":
            for _ in range(1 if rng.random() < 0.75 else 2):
                sex = rng.choice(("female", "male"))
                born = due_date - dt.timedelta(days=rng.randint(540, 3000))
                people.append(
                    self._person(
                        family,
                        "child",
                        rng.choice(origin.female if sex == "female" else origin.male),
                        father_family,
                        born,
                        sex,
                        number=rng.random() < 0.9,
                        created=created,
                    )
                )

        trajectory = Trajectory(
            public_id=public_id(rng),
            family=family,
            pregnant_person=mother_person,
            due_date=due_date,
            parity=parity,
            plurality=plurality,
            risk_level=risk or pick(rng, (("low", 80), ("raised", 15), ("high", 5))),
            start_date=start_date,
            end_date=Trajectory.day_1000(due_date, birth_date),
            created_at=created,
        )
        children = []
        if birth_date:
            born_at = at(birth_date, rng, 0, 24)
            name_family = father_family if rng.random() < 0.85 else mother_family
            for n in range(plurality):
                sex = rng.choice(("female", "male"))
                # A newborn gets a national number within days; the youngest may not have one yet.
                number = rng.random() < (0.4 if (today - birth_date).days < 10 else 0.92)
                child = self._person(
                    family,
                    "child",
                    rng.choice(origin.female if sex == "female" else origin.male),
                    name_family,
                    birth_date,
                    sex,
                    number=number,
                    created=born_at,
                )
                people.append(child)
                children.append(TrajectoryChild(trajectory=trajectory, person=child, number=n + 1))
                if n == 0:
                    trajectory.child = child
            trajectory.birth_date = birth_date
            trajectory.gestational_age_weeks = ga
            trajectory.nicu_admission = nicu_days is not None or ga < 34 or rng.random() < 0.04
            if trajectory.nicu_admission:
                self._nicu_stay(trajectory, ga, nicu_days)
        if closed_reason:
            trajectory.status = "closed"
            trajectory.closed_reason = closed_reason
            if closed_reason == "day_1000":
                trajectory.closed_on = min(trajectory.end_date, today)
            else:
                since = birth_date or start_date
                span = max((today - since).days, 1)
                if closed_reason == "pregnancy_loss":
                    span = min(span, 120)
                trajectory.closed_on = since + dt.timedelta(days=rng.randrange(span))
        closed_at = at(trajectory.closed_on, rng) if trajectory.closed_on else None
        if closed_at and closed_at < created:
            closed_at = created + dt.timedelta(hours=2)

        # Coordinator (with a handover from the midwife after the birth for some), consent, team.
        coordinator = coordinator or (place.coordinator, place.coordinator_org)
        family.created_by = (handover_from or coordinator)[0]
        consents, team, coordinators = {}, {}, []

        def consent(org, role, when):
            if org.pk in consents:
                return
            cats = CONSENT_BY_ROLE[role]
            if role == "coordinator" and rng.random() < 0.1:
                cats = cats[:3]  # some parents keep psychosocial information for themselves
            consents[org.pk] = Consent(
                public_id=public_id(rng),
                trajectory=trajectory,
                organisation=org,
                given_at=when,
                recorded_via=pick(rng, (("verbal", 70), ("signed_form", 25), ("parent_portal", 5))),
                **dict.fromkeys(cats, True),
            )

        def member(prof, org, role, when):
            if prof.pk in team:
                return
            consent(org, role, when)
            team[prof.pk] = CareTeamMember(
                trajectory=trajectory,
                professional=prof,
                organisation=org,
                role=role,
                start=when,
                end=closed_at,
                added_by=coordinator[0],
            )

        if handover_from and birth_date:
            prof, org = handover_from
            handover_at = at(min(birth_date + dt.timedelta(days=rng.randint(3, 12)), today), rng)
            handover_at = max(handover_at, created + dt.timedelta(hours=1))
            member(prof, org, "prenatal_care", created)
            coordinators.append(
                CoordinatorAssignment(
                    trajectory=trajectory,
                    professional=prof,
                    organisation=org,
                    start=created,
                    end=handover_at,
                    assigned_by=prof,
                )
            )
            member(coordinator[0], coordinator[1], "coordinator", handover_at)
            coordinators.append(
                CoordinatorAssignment(
                    trajectory=trajectory,
                    professional=coordinator[0],
                    organisation=coordinator[1],
                    start=handover_at,
                    end=closed_at,
                    assigned_by=prof,
                )
            )
        else:
            member(coordinator[0], coordinator[1], "coordinator", created)
            coordinators.append(
                CoordinatorAssignment(
                    trajectory=trajectory,
                    professional=coordinator[0],
                    organisation=coordinator[1],
                    start=created,
                    end=closed_at,
                    assigned_by=coordinator[0],
                )
            )
        labels = (
            team_roles
            if team_roles is not None
            else [
                label
                for label, (_, _, p) in place.team.items()
                if rng.random() < self._probability(label, p, phase, trajectory)
            ]
        )
        for label in labels:
            prof, org, _ = place.team[label]
            role = (
                TEAM_ROLES[label]
                if label != "midwife"
                else ("prenatal_care" if phase == "prenatal" else "postnatal_care")
            )
            when = created
            if label == "kraamzorg" and birth_date:
                when = max(at(birth_date, rng), created)
            member(prof, org, role, when)

        events = (
            self._events(trajectory, family, coordinators[0], list(team.values()), list(consents.values()))
            if with_events
            else []
        )
        if self.contacts is not None:
            self.contacts.fill(family, people, not_safe_note=not_safe_note)
        return Built(
            family,
            people,
            trajectory,
            list(consents.values()),
            list(team.values()),
            coordinators,
            events,
            children,
        )

    def _nicu_stay(self, trajectory, ga: int, days: int | None):
        """Admitted on the day of birth; very preterm children stay weeks, others days. A generator of
        its own keeps the rest of the demo the same with or without NICU dates."""
        own = random.Random(str(trajectory.public_id))
        days = days if days is not None else (own.randint(14, 70) if ga < 34 else own.randint(2, 12))
        trajectory.nicu_admission_date = trajectory.birth_date
        discharge = trajectory.birth_date + dt.timedelta(days=days)
        trajectory.nicu_discharge_date = discharge if discharge <= self.today else None

    @staticmethod
    def _probability(label, base, phase, trajectory) -> float:
        """Who is on the team depends on the phase and the risk level."""
        born = phase != "prenatal"
        if label == "midwife":
            return {"prenatal": base, "postnatal": min(1.0, base * 1.3)}.get(phase, base / 5)
        if label == "gynaecologist":
            return 0.0 if born else base
        if label == "kraamzorg":
            return {"postnatal": base, "prenatal": base / 5}.get(phase, base / 10)
        if label == "paediatrician":
            return base if born else 0.0
        if label in ("social", "psychologist", "centre") and trajectory.risk_level != "low":
            return min(1.0, base * 6)
        return base

    def _events(self, trajectory, family, first, team, consents):
        """The access log a file would have: created by its coordinator, then looked at by its team."""
        rng = self.rng
        prof, org = first.professional, first.organisation
        user_id = prof.user_id

        def event(action, object_type, object_id, when, who=prof, where=org, category="contact", uid=user_id):
            return AccessEvent(
                at=when,
                user_id=uid,
                professional=who,
                organisation=where,
                actor_kind="professional",
                channel="web",
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                category=category,
                trajectory=trajectory,
                family=family,
                detail="",
            )

        events = [
            event("create", "Family", family.public_id, first.start),
            event("create", "Trajectory", trajectory.public_id, first.start),
        ]
        events += [event("create", "Consent", c.public_id, c.given_at) for c in consents]
        last = trajectory.closed_on or self.today
        for m in team:
            for _ in range(rng.randint(1, 3)):
                span = max((last - m.start.date()).days, 0)
                when = at(m.start.date() + dt.timedelta(days=rng.randint(0, span)), rng)
                when = max(when, m.start)
                category = (
                    "medical"
                    if m.role in ("medical_follow_up", "prenatal_care", "postnatal_care")
                    else "contact"
                )
                events.append(
                    event(
                        "read",
                        "Trajectory",
                        trajectory.public_id,
                        when,
                        m.professional,
                        m.organisation,
                        category,
                        m.professional.user_id,
                    )
                )
        return events


class Batch:
    """Collects built families and inserts them in dependency order with a handful of INSERTs."""

    def __init__(self):
        self.items: list[Built] = []

    def add(self, built: Built):
        self.items.append(built)

    def __len__(self):
        return len(self.items)

    def flush(self) -> list[int]:
        items, self.items = self.items, []
        if not items:
            return []
        Family.objects.bulk_create([b.family for b in items], batch_size=INSERT_BATCH)
        Person.objects.bulk_create([p for b in items for p in b.people], batch_size=INSERT_BATCH)
        Trajectory.objects.bulk_create([b.trajectory for b in items], batch_size=INSERT_BATCH)
        TrajectoryChild.objects.bulk_create([c for b in items for c in b.children], batch_size=INSERT_BATCH)
        Consent.objects.bulk_create([c for b in items for c in b.consents], batch_size=INSERT_BATCH)
        CareTeamMember.objects.bulk_create([m for b in items for m in b.team], batch_size=INSERT_BATCH)
        CoordinatorAssignment.objects.bulk_create(
            [c for b in items for c in b.coordinators], batch_size=INSERT_BATCH
        )
        events = [e for b in items for e in b.events]
        if events:
            AccessEvent.objects.bulk_create(events, batch_size=INSERT_BATCH)
        return [b.trajectory.pk for b in items]
