"""Import of a transaction Bundle through the care services: all or nothing, problems named by path."""

import copy

import pytest

from wieg.care.models import (
    AccessEvent,
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Family,
    Person,
    Trajectory,
)
from wieg.fhir import systems as s
from wieg.fhir.outcome import validate

from .bundles import transaction_bundle

MODELS = (Family, Person, Trajectory, Consent, CareTeamMember, CoordinatorAssignment, AccessEvent)


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def bundle(world):
    return transaction_bundle(
        organisation=world.kg, coordinator=world.coordinator, other_organisation=world.midwives
    )


def test_a_bundle_creates_a_family_and_a_trajectory(world, fhir, bundle):
    fhir.as_user(world.user("coordinator"))
    response = fhir.post("/fhir/r4/", bundle)
    assert response.status_code == 200, response.content
    body = validate(response.json())
    assert body["type"] == "transaction-response"
    locations = [e["response"]["location"] for e in body["entry"]]
    assert [loc.split("/")[0] for loc in locations] == [
        "Patient",
        "RelatedPerson",
        "EpisodeOfCare",
        "Consent",
        "Consent",
    ]
    t = Trajectory.objects.get(public_id=locations[2].split("/")[1])
    assert (t.parity, t.plurality, t.risk_level, t.status) == ("multiparous", 2, "raised", "active")
    assert t.pregnant_person.display_name == "Hanne Wouters"
    assert t.pregnant_person.national_number
    family = t.family
    assert (family.municipality.nis_code, family.preferred_language, family.interpreter_needed) == (
        "44021",
        "fr",
        True,
    )
    assert sorted(family.members.values_list("role", flat=True)) == ["co_parent", "pregnant_parent"]
    consents = {c.organisation_id: c.categories for c in t.consents.all()}
    assert consents == {
        world.kg.pk: ["contact", "care_plan", "medical", "psychosocial"],
        world.midwives.pk: ["contact", "care_plan"],
    }
    assert t.coordinator_assignments.get(end__isnull=True).professional == world.coordinator
    created = AccessEvent.objects.filter(action="create", channel="fhir", user=world.user("coordinator"))
    assert {"Family", "Trajectory", "Consent"} <= set(created.values_list("object_type", flat=True))
    # What was created is readable at its location.
    for location in locations:
        assert fhir.get(f"/fhir/r4/{location}").status_code == 200, location


def _set(bundle, index, path, value):
    target = bundle["entry"][index]["resource"]
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


DELETE = object()
BAD = [
    # (why, index, path, value, status, expression that must be named)
    ("impossible birth date", 0, "birthDate", "1993-13-45", 400, "Bundle.entry[0].resource.birthDate"),
    ("unknown element", 0, "colour", "blue", 400, "Bundle.entry[0].resource.colour"),
    (
        "invalid national number",
        0,
        "identifier.0.value",
        "93021112345",
        422,
        "Bundle.entry[0].resource.identifier",
    ),
    ("no first name", 1, "name.0.given", [], 422, "Bundle.entry[1].resource.name[0].given"),
    (
        "no due date",
        2,
        "extension.0",
        {"url": s.EXT_PARITY, "valueCode": "multiparous"},
        422,
        f"Bundle.entry[2].resource.extension('{s.EXT_DUE_DATE}')",
    ),
    (
        "due date two years ahead",
        2,
        "extension.0.valueDate",
        "2099-01-01",
        422,
        f"Bundle.entry[2].resource.extension('{s.EXT_DUE_DATE}')",
    ),
    ("unknown parity", 2, "extension.1.valueCode", "many", 422, f"extension('{s.EXT_PARITY}')"),
    (
        "patient not in the bundle",
        2,
        "patient.reference",
        "urn:uuid:nowhere",
        422,
        "Bundle.entry[2].resource.patient",
    ),
    (
        "not my organisation",
        2,
        "managingOrganization.reference",
        "Organization/00000000-0000-0000-0000-000000000000",
        422,
        "Bundle.entry[2].resource.managingOrganization",
    ),
    (
        "consent without contact",
        3,
        "provision.code",
        [s.concept(s.CS_CATEGORY, "medical")],
        422,
        "Bundle.entry[3].resource.provision.code",
    ),
    (
        "consent for nobody",
        3,
        "provision.actor.0.reference.reference",
        "Organization/nope",
        422,
        "Bundle.entry[3].resource.provision.actor[0].reference",
    ),
    # The second consent fails after the family and the trajectory were created: all of it rolls back.
    (
        "second consent without categories",
        4,
        "provision.code",
        [],
        422,
        "Bundle.entry[4].resource.provision.code",
    ),
    (
        "unknown municipality",
        0,
        "address.0.extension.0.valueCode",
        "99999",
        422,
        "Bundle.entry[0].resource.address",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_a_bad_bundle_creates_nothing_and_names_the_problem(world, fhir, bundle, case):
    _why, index, path, value, status, expression = case
    _set(bundle, index, path, value)
    fhir.as_user(world.user("coordinator"))
    before = _counts()
    response = fhir.post("/fhir/r4/", bundle)
    assert response.status_code == status, response.content
    outcome = validate(response.json())
    assert outcome["resourceType"] == "OperationOutcome"
    expressions = [e for i in outcome["issue"] for e in i.get("expression", [])]
    assert any(expression in e for e in expressions), expressions
    assert _counts() == before


def test_bundle_shape_problems(world, fhir, bundle):
    fhir.as_user(world.user("coordinator"))
    before = _counts()
    cases = []
    batch = copy.deepcopy(bundle)
    batch["type"] = "batch"
    cases.append((batch, 400, "Bundle.type"))
    put = copy.deepcopy(bundle)
    put["entry"][0]["request"]["method"] = "PUT"
    cases.append((put, 400, "Bundle.entry[0].request"))
    other = copy.deepcopy(bundle)
    other["entry"].append(
        {
            "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "gewicht"}},
            "request": {"method": "POST", "url": "Observation"},
        }
    )
    cases.append((other, 400, "Bundle.entry[5].resource"))
    no_consent = copy.deepcopy(bundle)
    no_consent["entry"] = no_consent["entry"][:3]
    cases.append((no_consent, 422, "Bundle.entry"))
    cases.append(({"resourceType": "Patient"}, 400, "Bundle"))
    for body, status, expression in cases:
        response = fhir.post("/fhir/r4/", body)
        assert response.status_code == status, (expression, response.content)
        assert expression in validate(response.json())["issue"][0]["expression"][0]
    response = fhir.client.post(
        "/fhir/r4/",
        "{not json",
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {fhir.token}",
    )
    assert response.status_code == 400
    assert _counts() == before


def test_a_known_national_number_is_a_conflict(world, fhir, bundle):
    fhir.as_user(world.user("coordinator"))
    assert fhir.post("/fhir/r4/", copy.deepcopy(bundle)).status_code == 200
    before = _counts()
    response = fhir.post("/fhir/r4/", bundle)
    assert response.status_code == 409
    assert validate(response.json())["issue"][0]["expression"] == ["Bundle.entry[0].resource.identifier"]
    assert _counts() == before


@pytest.mark.parametrize("persona", ["analyst", "admin", "parent"])
def test_only_professionals_import(world, fhir, bundle, persona):
    fhir.as_user(world.user(persona))
    before = _counts()
    assert fhir.post("/fhir/r4/", bundle).status_code == 404
    assert _counts() == before


def test_messages_follow_the_language(world, fhir):
    fhir.as_user(world.user("coordinator"))
    nl = fhir.post("/fhir/r4/", {"resourceType": "Patient"}, HTTP_ACCEPT_LANGUAGE="nl").json()
    en = fhir.post("/fhir/r4/", {"resourceType": "Patient"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert nl["issue"][0]["diagnostics"] == "Verwacht een Bundle."
    assert en["issue"][0]["diagnostics"] == "Expected a Bundle."
