"""QuestionnaireResponse (screening) needs the psychosocial category."""

from wieg.fhir.outcome import validate
from wieg.screening import models as screening


def test_questionnaire_response_needs_psychosocial_consent(world, fhir):
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
    assert "QuestionnaireResponse" not in types and "EpisodeOfCare" in types
