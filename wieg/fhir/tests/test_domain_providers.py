"""CarePlan, Encounter (pathways) and QuestionnaireResponse (screening) follow their information category."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.fhir.outcome import validate
from wieg.fhir.providers import providers

pathways = pytest.importorskip("wieg.pathways.models")
if not hasattr(pathways, "PlanItem"):
    pytest.skip("pathways models not there yet", allow_module_level=True)


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


def test_questionnaire_response_needs_psychosocial_consent(world, fhir, plan):
    screening = pytest.importorskip("wieg.screening.models")
    if not hasattr(screening, "Screening"):
        pytest.skip("screening models not there yet")
    instrument = screening.Instrument.objects.create(code="test-epds", version=1, definition={"items": []})
    response = screening.Screening.objects.create(
        trajectory=world.t,
        instrument=instrument,
        answers={"q1": 1, "q2": 0},
        score=1,
        performed_by=world.coordinator,
        organisation=world.kg,
    )
    fhir.as_user(world.user("coordinator"))
    body = validate(fhir.get(f"/fhir/r4/QuestionnaireResponse/{response.public_id}").json())
    assert body["questionnaire"].endswith("/Questionnaire/test-epds|1")
    assert body["item"] == [
        {"linkId": "q1", "answer": [{"valueInteger": 1}]},
        {"linkId": "q2", "answer": [{"valueInteger": 0}]},
    ]
    everything = fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json()
    assert "QuestionnaireResponse" in {e["resource"]["resourceType"] for e in everything["entry"]}
    # The midwife's practice has consent without the psychosocial category.
    fhir.as_user(world.user("member"))
    assert fhir.get(f"/fhir/r4/QuestionnaireResponse/{response.public_id}").status_code == 404
    everything = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    types = {e["resource"]["resourceType"] for e in everything["entry"]}
    assert "QuestionnaireResponse" not in types and "CarePlan" in types
