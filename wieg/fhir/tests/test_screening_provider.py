"""Screenings as FHIR: the questionnaires as Questionnaire resources, each response answered with the
codings of the printed answers and their scores, the EPDS total and item 10 as Observations."""

import pytest

from wieg.fhir.outcome import validate
from wieg.fhir.providers.screening import ORDINAL_VALUE
from wieg.screening import catalogue
from wieg.screening.services import screening_record

pytestmark = pytest.mark.django_db

# Printed positions: item 1 "Not quite so much now" (1), item 3 "Yes, most of the time" (3), item 10 "Hardly
# ever" (1), every other item its least worrying answer. Total 1 + 3 + 1 = 5, and the item-10 signal.
HARDLY_EVER = [1, 0, 0, 0, 3, 3, 3, 3, 3, 2]


def _ordinal(coding) -> float:
    return next(e["valueDecimal"] for e in coding["extension"] if e["url"] == ORDINAL_VALUE)


def _epds(world, answers=HARDLY_EVER, **kwargs):
    return screening_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        instrument_code="epds",
        answers=answers,
        **kwargs,
    )


def test_the_epds_is_a_questionnaire_in_printed_order_with_scores(world, fhir):
    fhir.as_user(world.user("coordinator"))
    epds = catalogue.instrument("epds")
    q = validate(fhir.get(f"/fhir/r4/Questionnaire/epds-{epds.version}", HTTP_ACCEPT_LANGUAGE="en").json())
    assert q["url"] == "https://wieg.be/fhir/Questionnaire/epds" and q["version"] == str(epds.version)
    assert q["code"][0] == {
        "system": "http://loinc.org",
        "code": "71354-5",
        "display": "Edinburgh Postnatal Depression Scale [EPDS]",
    }
    assert "Cox" in q["copyright"] and "150:782-786" in q["copyright"]
    assert [i["linkId"] for i in q["item"]] == [
        "laugh", "enjoy", "blame", "anxious", "scared", "coping", "sleep", "sad", "crying", "self_harm"
    ]  # fmt: skip
    scores = [[_ordinal(o) for o in i["answerOption"]] for i in q["item"]]
    # Items 1, 2 and 4 score 0-3 from the top of the printed answers; items 3 and 5-10 score 3-0.
    assert scores == [[0, 1, 2, 3]] * 2 + [[3, 2, 1, 0]] + [[0, 1, 2, 3]] + [[3, 2, 1, 0]] * 6
    item10 = q["item"][9]
    assert item10["text"] == "The thought of harming myself has occurred to me"
    assert [o["valueCoding"]["display"] for o in item10["answerOption"]] == [
        "Yes, quite often", "Sometimes", "Hardly ever", "Never"
    ]  # fmt: skip
    # Found by its canonical URL, as a receiver resolves QuestionnaireResponse.questionnaire.
    found = fhir.get(
        "/fhir/r4/Questionnaire", {"url": f"https://wieg.be/fhir/Questionnaire/epds|{epds.version}"}
    )
    assert [e["resource"]["id"] for e in validate(found.json())["entry"]] == [f"epds-{epds.version}"]


def test_whooley_and_psychosocial_are_questionnaires_too(world, fhir):
    fhir.as_user(world.user("coordinator"))
    whooley = catalogue.instrument("whooley")
    q = validate(fhir.get(f"/fhir/r4/Questionnaire/whooley-{whooley.version}").json())
    help_item = q["item"][2]
    assert help_item["enableBehavior"] == "any" and not help_item["required"]
    assert {w["question"] for w in help_item["enableWhen"]} == {"low_mood", "little_interest"}
    psychosocial = catalogue.instrument("psychosocial")
    q = validate(fhir.get(f"/fhir/r4/Questionnaire/psychosocial-{psychosocial.version}").json())
    assert len(q["item"]) == 22 and "code" not in q  # no LOINC code exists for it


def test_response_answers_with_codings_whose_scores_add_up(world, fhir):
    screening = _epds(world)
    assert screening.score == 5
    fhir.as_user(world.user("coordinator"))
    body = validate(
        fhir.get(f"/fhir/r4/QuestionnaireResponse/{screening.public_id}", HTTP_ACCEPT_LANGUAGE="fr").json()
    )
    assert body["questionnaire"] == f"https://wieg.be/fhir/Questionnaire/epds|{screening.instrument.version}"
    assert [i["linkId"] for i in body["item"]][:3] == ["laugh", "enjoy", "blame"]  # printed, not alphabetical
    codings = [i["answer"][0]["valueCoding"] for i in body["item"]]
    assert sum(_ordinal(c) for c in codings) == 5
    assert codings[9]["code"] == "self_harm-3" and codings[9]["display"] == "Presque jamais"
    assert _ordinal(codings[9]) == 1  # "hardly ever" is worth 1, not its position 2


def test_epds_total_and_item_10_are_observations_derived_from_the_response(world, fhir):
    screening = _epds(world)
    fhir.as_user(world.user("coordinator"))
    bundle = validate(
        fhir.get("/fhir/r4/Observation", {"patient": str(world.t.pregnant_person.public_id)}).json()
    )
    assert bundle["total"] == 2
    observations = {e["resource"]["id"].rsplit("-", 1)[-1]: e["resource"] for e in bundle["entry"]}
    total, item10 = observations["total"], observations["item10"]
    response = f"QuestionnaireResponse/{screening.public_id}"
    assert total["derivedFrom"] == [{"reference": response}] == item10["derivedFrom"]
    assert total["code"]["coding"][0]["code"] == "71354-5" and total["valueInteger"] == 5
    assert item10["valueCodeableConcept"]["coding"][0]["code"] == "self_harm-3"
    assert item10["interpretation"][0]["coding"][0]["code"] == "AA"
    # Searching by code gives one kind; a read gives the same resource.
    only_total = validate(fhir.get("/fhir/r4/Observation", {"code": "http://loinc.org|71354-5"}).json())
    assert [e["resource"]["id"] for e in only_total["entry"]] == [total["id"]]
    assert validate(fhir.get(f"/fhir/r4/Observation/{item10['id']}").json()) == item10


def test_calm_item_10_is_not_flagged(world, fhir):
    screening = _epds(world, answers=[0, 0, 3, 0, 3, 3, 3, 3, 3, 3])
    fhir.as_user(world.user("coordinator"))
    item10 = validate(fhir.get(f"/fhir/r4/Observation/{screening.public_id}-item10").json())
    assert item10["interpretation"][0]["coding"][0]["code"] == "N"
    assert item10["valueCodeableConcept"]["coding"][0]["display"] == "Nooit"


def test_responses_and_observations_need_psychosocial_consent(world, fhir):
    screening = _epds(world)
    fhir.as_user(world.user("coordinator"))
    everything = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    types = [e["resource"]["resourceType"] for e in everything["entry"]]
    assert types.count("QuestionnaireResponse") == 1 and types.count("Observation") == 2
    assert "Questionnaire" not in types  # a definition says nothing about the family
    # The midwife's practice has consent without the psychosocial category.
    fhir.as_user(world.user("member"))
    for path in (
        f"/fhir/r4/QuestionnaireResponse/{screening.public_id}",
        f"/fhir/r4/Observation/{screening.public_id}-total",
        f"/fhir/r4/Observation/{screening.public_id}-item10",
    ):
        assert fhir.get(path).status_code == 404, path
    assert validate(fhir.get("/fhir/r4/Observation").json())["total"] == 0
    everything = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    types = {e["resource"]["resourceType"] for e in everything["entry"]}
    assert not types & {"QuestionnaireResponse", "Observation"} and "EpisodeOfCare" in types
    # Anyone who reads FHIR may read the questionnaires themselves.
    assert fhir.get("/fhir/r4/Questionnaire/epds-2").status_code == 200
