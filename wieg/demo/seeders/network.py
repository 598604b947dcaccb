"""Demo family centres, partners, a perinatal network with meetings, activities, sessions and registrations.

The demo region's family centre covers every municipality of the region; a few other centres elsewhere make
the coverage partial (Aalst, Kortrijk, Hasselt and most of Flanders stay uncovered on purpose).
"""

import contextlib
import datetime as dt

from django.utils import timezone

from wieg.core.errors import DomainError
from wieg.core.models import Municipality, PostalCode
from wieg.directory.actors import actor_for
from wieg.directory.models import Organisation
from wieg.network.models import (
    Activity,
    ActivityLanguage,
    CaseDiscussion,
    DomainAction,
    FamilyCentre,
    Invitation,
    LifeDomain,
    Meeting,
    NeighbourhoodNetwork,
    NetworkPartner,
    Partnership,
    PerinatalNetwork,
    Session,
    WorkGroup,
)
from wieg.network.services import registration_create

from .activity_catalogue import ACTIVITIES, PLACES, STREETS

DEFAULT_REGION = ["44021", "44013", "44019", "44064", "44086", "44088", "44087", "44083", "44085"]

# Other centres: (name, NIS codes). Brussels' Dutch-language centre works in several regions.
OTHER_CENTRES = [
    ("Huis van het Kind Brugge", ["31005"]),
    ("Huis van het Kind Antwerpen", ["11002"]),
    ("Huis van het Kind Leuven", ["24062"]),
    ("Huis van het Kind Ieper-Poperinge", ["33011", "33021"]),
    ("Huis van het Kind Mechelen", ["12025"]),
    ("Huis van het Kind Brussel", ["21004", "21015", "21001", "21012", "21009", "21013"]),
]

PARTNERS = [  # (ctx.organisations key, involvement)
    ("kg", "core"),
    ("midwives", "core"),
    ("ocmw", "core"),
    ("child_care", "core"),
    ("caw", "moderate"),
    ("cgg", "moderate"),
    ("ckg", "moderate"),
    ("kraamzorg", "moderate"),
    ("maternity_ward", "moderate"),
    ("gp", "occasional"),
    ("gynaecology", "occasional"),
    ("paediatrics", "occasional"),
]

ACTIONS = {
    "education": [("Taalstimulering met de kleuterscholen", "taken")],
    "health_care": [
        ("Perinataal netwerk met ziekenhuis en vroedvrouwen", "taken"),
        ("Elk gezin gezond: gezonde voeding voor jonge gezinnen", "planned"),
    ],
    "child_care": [("Lokaal loket kinderopvang", "taken")],
    "mental_wellbeing": [("Sensibilisering postpartumdepressie", "planned")],
    "culture_sport_youth": [("Voorleesmomenten in de bibliotheek", "taken")],
    "socio_economic": [("Spreekuur Groeipakket in het Huis", "taken")],
    "social_cohesion": [("Kindercarrousels in de buurtcentra", "taken"), ("Vrijwilligerspoule", "planned")],
    "parenting_support": [("Prenatale oudergroepen", "taken"), ("Opvoedingswinkel", "taken")],
    "practical_support": [("Afspraken met de kraamzorgdiensten", "planned")],
    "youth_care": [("Eén gezin, één plan: overleg met CAW en CKG", "planned")],
}


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _organisation(ctx, key, name, nis):
    org = ctx.organisations.get(key)
    if org is None:
        org, _ = Organisation.objects.get_or_create(
            name=name,
            kind="family_centre",
            defaults={"municipality": Municipality.objects.filter(nis_code=nis).first()},
        )
    return org


def _postal(municipality) -> str:
    return (
        PostalCode.objects.filter(municipality=municipality).values_list("code", flat=True).first() or "0000"
    )


def seed(ctx) -> None:
    region = list(ctx.region_nis) or DEFAULT_REGION
    municipalities = list(Municipality.objects.filter(nis_code__in=region).order_by("nis_code"))
    domains = {d.key: d for d in LifeDomain.objects.all()}

    main_org = _organisation(ctx, "family_centre", "Huis van het Kind Gent", region[0])
    centre, _ = FamilyCentre.objects.get_or_create(
        organisation=main_org,
        defaults={
            "email": "info@huisvanhetkind-gent.example",
            "phone": "09 210 00 00",
            "contact_person": ctx.professionals.get("centre"),
            "description": "Samenwerkingsverband van Kind en Gezin, OCMW, vroedvrouwen, kinderopvang en "
            "welzijnspartners voor alle gezinnen met kinderen in de regio.",
        },
    )
    centre.municipalities.set(municipalities)

    for key, involvement in PARTNERS:
        org = ctx.organisations.get(key)
        if org is not None and org.pk != main_org.pk:
            Partnership.objects.get_or_create(
                centre=centre, organisation=org, defaults={"involvement": involvement}
            )
    for key, actions in ACTIONS.items():
        for title, status in actions:
            DomainAction.objects.get_or_create(
                centre=centre, life_domain=domains[key], title=title, defaults={"status": status}
            )
    for name in ("Buurtnetwerk Brugse Poort", "Buurtnetwerk Ledeberg"):
        network, _ = NeighbourhoodNetwork.objects.get_or_create(
            centre=centre, name=name, defaults={"municipality": municipalities[0]}
        )
        network.partners.set([o for k in ("kg", "ocmw", "child_care") if (o := ctx.organisations.get(k))])

    others = []
    for name, codes in OTHER_CENTRES:
        org = _organisation(ctx, f"centre:{name}", name, codes[0])
        other, _ = FamilyCentre.objects.get_or_create(organisation=org)
        other.municipalities.set(Municipality.objects.filter(nis_code__in=codes))
        others.append(other)

    _perinatal_network(ctx, centre)
    activities = _activities(ctx, centre, municipalities, domains)
    for other in others[:3]:
        activities += _activities(ctx, other, list(other.municipalities.all()), domains, count=2)
    _registrations(ctx, [a for a in activities if a.centre_id == centre.pk])
    ctx.extra["family_centre_id"] = centre.pk
    ctx.say(f"network: {1 + len(others)} family centres, {len(activities)} activities")


def _perinatal_network(ctx, centre):
    network, created = PerinatalNetwork.objects.get_or_create(
        name="Perinataal netwerk Gent",
        defaults={
            "description": "Partners rond zwangerschap en geboorte leren elkaar kennen en verwijzen "
            "gericht door. Perinatale lunch om de drie maanden."
        },
    )
    network.centres.add(centre)
    if not created:
        return
    contacts = {
        "kg": "nurse",
        "midwives": "midwife",
        "gynaecology": "gynaecologist",
        "ocmw": "social",
        "cgg": "psychologist",
        "kraamzorg": "kraamzorg",
        "gp": "gp",
    }
    partners = {}
    for key in ("kg", "midwives", "gynaecology", "maternity_ward", "ocmw", "caw", "cgg", "kraamzorg", "gp"):
        org = ctx.organisations.get(key)
        if org is not None:
            partners[key] = NetworkPartner.objects.create(
                network=network, organisation=org, contact=ctx.professionals.get(contacts.get(key, ""))
            )
    groups = {
        "Vorming en infomomenten": ["kg", "midwives", "maternity_ward"],
        "Netwerken en doorverwijzen": ["kg", "gp", "gynaecology", "ocmw", "caw"],
        "Gezinsplanning en anticonceptie": ["midwives", "gynaecology", "cgg"],
    }
    for name, keys in groups.items():
        group = WorkGroup.objects.create(network=network, name=name)
        group.members.set([partners[k] for k in keys if k in partners])

    past = Meeting.objects.create(
        network=network,
        starts_at=_aware(ctx.today - dt.timedelta(days=21), 12, 0),
        place="Huis van het Kind Gent",
        agenda="1. Kennismaking nieuwe partners\n2. Doorverwijzing kwetsbare zwangeren\n3. Casusbespreking",
        minutes="Nieuwe vroedvrouwen stellen zich voor. Afspraak: gynaecologen vragen elke zwangere of ze "
        "contact "
        "met Kind en Gezin wensen. Volgende lunch over drie maanden.",
        minutes_sent_at=timezone.now() - dt.timedelta(days=20),
    )
    for key, partner in partners.items():
        Invitation.objects.create(meeting=past, partner=partner, attended=key not in {"gp", "gynaecology"})
    CaseDiscussion.objects.create(
        meeting=past,
        pseudonym="Zonnebloem",
        brought_by=partners.get("ocmw").organisation if "ocmw" in partners else None,
        question="Zwangere nieuwkomer (28 weken) zonder huisarts en zonder verzekering: "
        "wie neemt de opvolging op?",
        outcome="OCMW regelt de dringende medische hulp, de vroedvrouw neemt de prenatale opvolging op.",
    )
    upcoming = Meeting.objects.create(
        network=network,
        starts_at=_aware(ctx.today + dt.timedelta(days=14), 12, 0),
        place="Huis van het Kind Gent",
        agenda="1. Verkort verblijf in de kraamkliniek\n2. Werkgroep gezinsplanning: stand van zaken",
    )
    Invitation.objects.bulk_create([Invitation(meeting=upcoming, partner=p) for p in partners.values()])


def _activities(ctx, centre, municipalities, domains, count=None):
    rng = ctx.rng
    rows = ACTIVITIES if count is None else rng.sample(ACTIVITIES, count)
    created = []
    for i, row in enumerate(rows):
        (
            title,
            title_fr,
            title_en,
            kind,
            target,
            domain,
            cost,
            price,
            languages,
            capacity,
            registration,
            weeks,
        ) = row
        municipality = municipalities[i % len(municipalities)]
        activity = Activity.objects.create(
            centre=centre,
            organiser=None,
            title=title,
            title_fr=title_fr,
            title_en=title_en,
            kind=kind,
            description=f"{title}. Welkom, ook met je partner of een vriendin. Kinderen mogen mee.",
            description_fr=f"{title_fr}. Bienvenue, avec votre partenaire ou une amie. "
            "Les enfants sont bienvenus.",
            description_en=f"{title_en}. Welcome, with your partner or a friend. Children are welcome.",
            target_group=target,
            life_domain=domains[domain],
            cost=cost,
            price=price,
            place_name=f"{rng.choice(PLACES)} {municipality.name_nl}",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            postal_code=_postal(municipality),
            municipality=municipality,
            capacity=capacity,
            registration_required=registration,
        )
        ActivityLanguage.objects.bulk_create(
            [ActivityLanguage(activity=activity, language=code) for code in languages]
        )
        first = ctx.today + dt.timedelta(days=rng.randint(-10, 25))
        hour = rng.choice([9, 10, 14, 19])
        Session.objects.bulk_create(
            [
                Session(
                    activity=activity,
                    starts_at=_aware(first + dt.timedelta(weeks=w), hour),
                    ends_at=_aware(first + dt.timedelta(weeks=w), hour + 2),
                    series=activity.pk if weeks > 1 else None,
                )
                for w in range(weeks)
            ]
        )
        created.append(activity)
    return created


def _registrations(ctx, activities):
    """Some families registered through their team; the smallest group full with a waiting list."""
    nurse = ctx.users.get("nurse")
    if nurse is None or not ctx.trajectory_ids:
        return
    actor = actor_for(nurse)
    open_ones = [a for a in activities if a.registration_required and a.capacity]
    if not open_ones:
        return
    full = min(open_ones, key=lambda a: a.capacity)
    ids = ctx.trajectory_ids[: full.capacity + 2 + 10]
    from wieg.care.models import Trajectory

    trajectories = list(Trajectory.objects.filter(pk__in=ids, status="active"))
    for i, trajectory in enumerate(trajectories):
        activity = full if i < full.capacity + 2 else open_ones[i % len(open_ones)]
        try:
            registration_create(actor=actor, activity=activity, trajectory=trajectory)
        except DomainError:
            continue  # not in the nurse's care, or already registered: skip
    parent = ctx.users.get("parent")
    if parent is not None:
        mine = Trajectory.objects.filter(family__members__user=parent, status="active").first()
        if mine is not None:
            with contextlib.suppress(DomainError):
                registration_create(actor=actor_for(parent), activity=open_ones[0], trajectory=mine)
