"""The FHIR endpoints follow the care policy: a permission matrix over the personas, and the access log."""

import pytest

from wieg.care.models import AccessEvent
from wieg.fhir.outcome import validate
from wieg.testing.factories import PersonFactory

# Who sees the family of `world.t` (consent, team, exclusion as in wieg/testing/personas.py).
SEES_T = {
    "coordinator": True,
    "member": True,
    "no_consent": False,
    "excluded": False,
    "outsider": False,
    "analyst": False,
    "admin": False,
    "parent": True,
    "other_parent": False,
}
READS_DIRECTORY = {"coordinator", "member", "no_consent", "excluded", "outsider"}


def _reads(world):
    t = world.t
    co_parent = PersonFactory(family=t.family, role="co_parent", sex="male")
    consent = t.consents.first()
    return {
        "Patient": t.pregnant_person.public_id,
        "RelatedPerson": co_parent.public_id,
        "EpisodeOfCare": t.public_id,
        "CareTeam": t.public_id,
        "Consent": consent.public_id,
    }


@pytest.mark.parametrize("persona", sorted(SEES_T))
def test_read_matrix(world, fhir, persona):
    reads = _reads(world)
    fhir.as_user(world.user(persona))
    for resource_type, resource_id in reads.items():
        before = AccessEvent.objects.count()
        response = fhir.get(f"/fhir/r4/{resource_type}/{resource_id}")
        assert response["Content-Type"].startswith("application/fhir+json")
        body = response.json()
        validate(body)
        if SEES_T[persona]:
            assert response.status_code == 200, (persona, resource_type)
            assert body["resourceType"] == resource_type
            event = AccessEvent.objects.order_by("-id").first()
            assert AccessEvent.objects.count() == before + 1
            assert (event.channel, event.action, event.user_id) == ("fhir", "read", world.user(persona).pk)
        else:
            assert response.status_code == 404, (persona, resource_type)
            assert body["resourceType"] == "OperationOutcome"
            assert body["issue"][0]["code"] == "not-found"
            assert AccessEvent.objects.count() == before


@pytest.mark.parametrize("persona", sorted(SEES_T))
def test_search_matrix(world, fhir, persona):
    reads = _reads(world)
    fhir.as_user(world.user(persona))
    for resource_type, resource_id in reads.items():
        before = AccessEvent.objects.count()
        response = fhir.get(f"/fhir/r4/{resource_type}", {"_id": str(resource_id)})
        assert response.status_code == 200
        bundle = validate(response.json())
        assert bundle["type"] == "searchset"
        ids = [e["resource"]["id"] for e in bundle.get("entry", [])]
        assert ids == ([str(resource_id)] if SEES_T[persona] else []), (persona, resource_type)
        assert bundle["total"] == len(ids)
        logged = AccessEvent.objects.filter(action="search", channel="fhir").count()
        assert (AccessEvent.objects.count() > before) == SEES_T[persona]
        if SEES_T[persona]:
            assert logged >= 1


@pytest.mark.parametrize("persona", sorted(SEES_T))
def test_everything_matrix(world, fhir, persona):
    _reads(world)
    fhir.as_user(world.user(persona))
    response = fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything")
    body = validate(response.json())
    if not SEES_T[persona]:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    types = {e["resource"]["resourceType"] for e in body["entry"]}
    assert {"Patient", "RelatedPerson", "EpisodeOfCare", "CareTeam", "Consent"} <= types
    assert ({"Organization", "Practitioner", "PractitionerRole"} <= types) == (persona in READS_DIRECTORY)
    assert AccessEvent.objects.filter(
        trajectory=world.t, channel="fhir", detail__contains="$everything"
    ).exists()


@pytest.mark.parametrize("persona", sorted(SEES_T))
def test_directory_matrix(world, fhir, persona):
    fhir.as_user(world.user(persona))
    response = fhir.get(f"/fhir/r4/Organization/{world.kg.public_id}")
    assert response.status_code == (200 if persona in READS_DIRECTORY else 404)
    response = fhir.get("/fhir/r4/Practitioner", {"name": "Verhoeven"})
    assert response.json()["total"] == (1 if persona in READS_DIRECTORY else 0)


def test_other_family_is_invisible_to_the_coordinator_of_t(world, fhir):
    fhir.as_user(world.user("coordinator"))
    assert fhir.get(f"/fhir/r4/EpisodeOfCare/{world.other_t.public_id}").status_code == 404
    assert fhir.get(f"/fhir/r4/EpisodeOfCare/{world.other_t.public_id}/$everything").status_code == 404
    bundle = fhir.get("/fhir/r4/EpisodeOfCare").json()
    assert [e["resource"]["id"] for e in bundle["entry"]] == [str(world.t.public_id)]


def test_medical_details_need_the_medical_category(world, fhir):
    from wieg.care.models import Consent

    t = world.t
    t.birth_date = t.due_date
    t.gestational_age_weeks = 39
    t.save()
    Consent.objects.filter(trajectory=t, organisation=world.midwives).update(medical=False)
    gestation = "https://wieg.be/fhir/StructureDefinition/gestational-age-weeks"
    for persona, shown in (("coordinator", True), ("member", False)):
        body = fhir.as_user(world.user(persona)).get(f"/fhir/r4/EpisodeOfCare/{t.public_id}").json()
        assert any(e["url"] == gestation for e in body["extension"]) == shown, persona


def test_without_a_token_the_answer_is_401(world, fhir):
    response = fhir.get(f"/fhir/r4/Patient/{world.t.pregnant_person.public_id}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert validate(response.json())["resourceType"] == "OperationOutcome"
    fhir.token = "not-a-token"
    assert fhir.get("/fhir/r4/Patient").status_code == 401


def test_metadata_is_open_and_lists_every_provider(client):
    from wieg.fhir.providers import providers

    body = validate(client.get("/fhir/r4/metadata").json())
    assert body["resourceType"] == "CapabilityStatement"
    assert {r["type"] for r in body["rest"][0]["resource"]} == set(providers.types())


def test_bad_search_input_is_an_operation_outcome_not_a_500(world, fhir):
    fhir.as_user(world.user("coordinator"))
    for query in ({"_id": "not-a-uuid"}, {"birthdate": "gisteren"}, {"unknown": "x"}, {"_count": "many"}):
        response = fhir.get("/fhir/r4/Patient", query)
        assert response.status_code == 422, query
        outcome = validate(response.json())
        assert outcome["issue"][0]["expression"], query
    assert fhir.get("/fhir/r4/Basic").status_code == 404
    assert fhir.get("/fhir/r4/PractitionerRole/abc").status_code == 404


def test_search_by_ssin_and_paging(world, fhir):
    t = world.t
    t.pregnant_person.national_number = "92051712345"[:9] + "00"
    from stdnum.be import nn

    number = next(f"920517123{c:02d}" for c in range(100) if nn.is_valid(f"920517123{c:02d}"))
    t.pregnant_person.national_number = number
    t.pregnant_person.save()
    fhir.as_user(world.user("coordinator"))
    system = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin"
    bundle = fhir.get("/fhir/r4/Patient", {"identifier": f"{system}|{number}"}).json()
    assert bundle["total"] == 1
    assert bundle["entry"][0]["resource"]["identifier"] == [
        {"use": "official", "system": system, "value": number}
    ]
    assert not AccessEvent.objects.filter(detail__contains=number).exists()
    PersonFactory(family=t.family, role="child", birth_date=None)
    page = fhir.get("/fhir/r4/Patient", {"_count": 1}).json()
    assert page["total"] == 2 and len(page["entry"]) == 1
    assert any(link["relation"] == "next" for link in page["link"])


@pytest.mark.parametrize(
    "resource_type", ["Patient", "RelatedPerson", "EpisodeOfCare", "CareTeam", "Consent"]
)
def test_search_keeps_a_fixed_query_count(world, fhir, resource_type):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wieg.testing.factories import add_to_team, give_consent, make_trajectory

    fhir.as_user(world.user("coordinator"))
    PersonFactory(family=world.t.family, role="co_parent")

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = fhir.get(f"/fhir/r4/{resource_type}")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["total"]

    small, small_total = count_queries()
    for _ in range(4):
        t = make_trajectory(world.coordinator, world.kg)
        PersonFactory(family=t.family, role="co_parent")
        add_to_team(t, world.member, world.midwives)
        give_consent(t, organisation=world.midwives, categories=("contact",))
    large, large_total = count_queries()
    assert large_total > small_total
    assert large == small
