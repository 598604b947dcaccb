import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from wieg.core.models import Municipality
from wieg.network.models import (
    Activity,
    ActivityLanguage,
    FamilyCentre,
    LifeDomain,
    NetworkPartner,
    Partnership,
    PerinatalNetwork,
    Session,
)
from wieg.testing.factories import OrganisationFactory, make_professional

GHENT_AREA = ["44021", "44013", "44019", "44064", "44086", "44088"]  # Gent and neighbours


def make_activity(
    centre,
    *,
    title="Babymassage",
    municipality="44021",
    postal_code="9000",
    capacity=None,
    languages=("nl",),
    target_group="babies",
    kind="baby_massage",
    days_ahead=7,
    sessions=1,
    **kwargs,
):
    activity = Activity.objects.create(
        centre=centre,
        title=title,
        kind=kind,
        target_group=target_group,
        life_domain=LifeDomain.objects.get(key="parenting_support"),
        place_name="Huis van het Kind",
        address="Kerkstraat 1",
        postal_code=postal_code,
        municipality=Municipality.objects.get(nis_code=municipality),
        capacity=capacity,
        **kwargs,
    )
    ActivityLanguage.objects.bulk_create(
        [ActivityLanguage(activity=activity, language=code) for code in languages]
    )
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + dt.timedelta(days=days_ahead)
    Session.objects.bulk_create(
        [
            Session(
                activity=activity,
                starts_at=start + dt.timedelta(weeks=i),
                ends_at=start + dt.timedelta(weeks=i, hours=2),
            )
            for i in range(sessions)
        ]
    )
    return activity


@dataclass
class Net:
    centre: FamilyCentre
    other_centre: FamilyCentre
    centre_staff: object
    other_staff: object
    activity: Activity
    other_activity: Activity
    network: PerinatalNetwork

    def user(self, name: str):
        return {"centre": self.centre_staff, "other_centre": self.other_staff}[name].user

    def actor(self, name: str):
        from wieg.directory.actors import actor_for

        return actor_for(self.user(name))


@pytest.fixture
def net(world):
    org = OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre")
    other_org = OrganisationFactory(
        name="Huis van het Kind Brugge",
        kind="family_centre",
        municipality=Municipality.objects.get(nis_code="31005"),
    )
    staff = make_professional(
        "centre",
        org,
        discipline="family_centre_coordinator",
        role="manager",
        given_name="Nadia",
        family_name="Coördinator",
    )
    other_staff = make_professional(
        "other_centre",
        other_org,
        discipline="family_centre_coordinator",
        given_name="Bart",
        family_name="Brugge",
    )
    centre = FamilyCentre.objects.create(
        organisation=org, contact_person=staff, email="info@hvhk-gent.example"
    )
    centre.municipalities.set(Municipality.objects.filter(nis_code__in=GHENT_AREA))
    other_centre = FamilyCentre.objects.create(organisation=other_org)
    other_centre.municipalities.set(Municipality.objects.filter(nis_code="31005"))
    Partnership.objects.create(centre=centre, organisation=world.kg, involvement="core")
    Partnership.objects.create(centre=centre, organisation=world.midwives, involvement="moderate")
    activity = make_activity(centre, capacity=2, languages=("nl", "fr"), title_fr="Massage pour bébés")
    other_activity = make_activity(
        other_centre,
        title="Kindercarrousel Brugge",
        municipality="31005",
        postal_code="8000",
        kind="carrousel",
    )
    network = PerinatalNetwork.objects.create(name="Perinataal netwerk Gent")
    network.centres.add(centre)
    NetworkPartner.objects.create(network=network, organisation=world.kg, contact=world.coordinator)
    NetworkPartner.objects.create(network=network, organisation=world.midwives, contact=world.member)
    NetworkPartner.objects.create(network=network, organisation=world.gp_practice)
    return Net(
        centre=centre,
        other_centre=other_centre,
        centre_staff=staff,
        other_staff=other_staff,
        activity=activity,
        other_activity=other_activity,
        network=network,
    )
