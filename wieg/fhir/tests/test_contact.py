"""Patient.telecom and Patient.address: for the team with contact consent, for a parent only her own,
never for someone not safe to contact, never in a pseudonymised export."""

import pytest

from wieg.core.models import Municipality
from wieg.fhir import systems as s
from wieg.fhir.outcome import validate
from wieg.testing.factories import PersonFactory

from .test_bulk_export import _export, exporter  # noqa: F401 - the export fixture and helper

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(world):
    mother = world.t.pregnant_person
    mother.street, mother.house_number, mother.box, mother.postal_code = "Sleepstraat", "12", "3", "9000"
    mother.address_municipality = Municipality.objects.get(nis_code="44021")
    mother.phones = [
        {"number": "+32470123456", "label": "mobile"},
        {"number": "+3292234567", "label": "home"},
    ]
    mother.email = "lotte@voorbeeld.be"
    mother.preferred_language, mother.interpreter_needed = "ar", True
    mother.save()
    partner = PersonFactory(
        family=world.t.family,
        role="co_parent",
        sex="male",
        phones=[{"number": "+32485112233", "label": "mobile"}],
        email="jonas@voorbeeld.be",
    )
    return mother, partner


def _read(fhir, user, resource_type, person):
    response = fhir.as_user(user).get(f"/fhir/r4/{resource_type}/{person.public_id}")
    assert response.status_code == 200, response.content
    return validate(response.json())


def test_the_team_gets_telecom_and_the_street_address(world, fhir, reachable):
    mother, _partner = reachable
    patient = _read(fhir, world.member.user, "Patient", mother)
    assert patient["telecom"] == [
        {"system": "phone", "value": "+32470123456", "use": "mobile", "rank": 1},
        {"system": "phone", "value": "+3292234567", "use": "home", "rank": 2},
        {"system": "email", "value": "lotte@voorbeeld.be"},
    ]
    (address,) = patient["address"]
    assert (address["line"], address["postalCode"], address["city"]) == (
        ["Sleepstraat 12 bus 3"],
        "9000",
        "Gent",
    )
    assert {"url": s.EXT_MUNICIPALITY, "valueCode": "44021"} in address["extension"]
    assert patient["communication"][0]["language"]["coding"][0]["code"] == "ar"
    assert {"url": s.INTERPRETER_REQUIRED, "valueBoolean": True} in patient["extension"]


def test_a_parent_gets_her_own_telecom_not_her_partners(world, fhir, reachable):
    mother, partner = reachable
    own = _read(fhir, world.parent_user, "Patient", mother)
    assert own["telecom"][0]["value"] == "+32470123456"
    other = _read(fhir, world.parent_user, "RelatedPerson", partner)
    assert "telecom" not in other
    assert "line" not in other["address"][0]


def test_not_safe_to_contact_leaves_telecom_and_street_out_and_says_why(world, fhir, reachable):
    mother, _partner = reachable
    mother.safe_to_contact, mother.contact_note = False, "Nooit bellen: de partner leest mee."
    mother.save()
    patient = _read(fhir, world.coordinator.user, "Patient", mother)
    assert "telecom" not in patient
    assert "line" not in patient["address"][0] and "postalCode" not in patient["address"][0]
    assert {"url": s.EXT_SAFE_TO_CONTACT, "valueBoolean": False} in patient["extension"]
    assert "Nooit bellen" not in str(patient)


def test_a_pseudonymised_export_carries_no_phone_and_no_street(world, fhir, reachable, exporter):  # noqa: F811
    resources = _export(fhir, exporter)
    text = str(resources["Patient"]) + str(resources.get("RelatedPerson", ""))
    assert "+32470123456" not in text and "Sleepstraat" not in text and "voorbeeld.be" not in text
