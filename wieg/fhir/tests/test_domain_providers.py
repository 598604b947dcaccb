"""CarePlan and Encounter (pathways) follow the care plan category."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.fhir.outcome import validate
from wieg.fhir.providers import providers
from wieg.pathways import models as pathways


@pytest.fixture
def plan(world):
    t = world.t
    today = timezone.localdate()
    item = pathways.PlanItem.objects.create(
        trajectory=t,
        code="prenatal_contact_1",
        kind="contact",
        phase="prenatal",
        labels={
            "nl": "Eerste prenatale consultatie",
            "fr": "Première consultation",
            "en": "First consultation",
        },
        window_start=today,
        window_end=today + dt.timedelta(weeks=2),
        owner=world.coordinator,
    )
    contact = pathways.Contact.objects.create(
        trajectory=t,
        plan_item=item,
        date=today,
        kind="home_visit",
        professional=world.coordinator,
        organisation=world.kg,
    )
    return item, contact


def test_care_plan_and_encounter_for_the_team(world, fhir, plan):
    _item, contact = plan
    assert {"CarePlan", "Encounter"} <= set(providers.types())
    for persona in ("coordinator", "member", "parent"):
        fhir.as_user(world.user(persona))
        care_plan = validate(fhir.get(f"/fhir/r4/CarePlan/{world.t.public_id}").json())
        assert care_plan["activity"][0]["detail"]["status"] == "scheduled", persona
        encounter = validate(fhir.get(f"/fhir/r4/Encounter/{contact.public_id}").json())
        assert encounter["class"]["code"] == "HH"
        assert encounter["episodeOfCare"] == [{"reference": f"EpisodeOfCare/{world.t.public_id}"}]
    for persona in ("no_consent", "excluded", "outsider", "analyst"):
        fhir.as_user(world.user(persona))
        assert fhir.get(f"/fhir/r4/CarePlan/{world.t.public_id}").status_code == 404, persona
        assert fhir.get(f"/fhir/r4/Encounter/{contact.public_id}").status_code == 404, persona
        assert fhir.get("/fhir/r4/Encounter").json()["total"] == 0
