"""Issue 15, the critical item, on FHIR: `GET /fhir/r4/QuestionnaireResponse` gave a parent (and a
co-parent) the coordinator's screening with its answers on partner violence and depression. Read, search,
a bare count and $everything now follow the one rule of wieg.care.policies for every persona; parents
cannot start a bulk export at all (the export's own rules are in test_bulk_export_policy.py)."""

import json

import pytest

from wieg.care.models import AccessEvent
from wieg.fhir.outcome import validate
from wieg.testing.personas import ALL_PERSONAS
from wieg.testing.records import record_psychosocial

pytestmark = pytest.mark.django_db

# persona -> the screenings they get as QuestionnaireResponse
SEES = {
    "coordinator": {"screening", "own"},
    "member": set(),  # no psychosocial consent
    "no_consent": set(),
    "excluded": set(),
    "outsider": set(),
    "analyst": set(),
    "admin": set(),
    "parent": {"own"},  # the EPDS she filled in herself
    "co_parent": set(),
}


@pytest.fixture
def records(world):
    return record_psychosocial(world)


def _names(records):
    return {str(records.screening.public_id): "screening", str(records.own.public_id): "own"}


def _leaks(text, records):
    return [secret for secret in records.secrets() if secret in text]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_read(world, fhir, records, persona):
    fhir.as_user(world.user(persona))
    for name, screening in (("screening", records.screening), ("own", records.own)):
        response = fhir.get(f"/fhir/r4/QuestionnaireResponse/{screening.public_id}")
        validate(response.json())
        assert response.status_code == (200 if name in SEES[persona] else 404), (persona, name)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_search(world, fhir, records, persona):
    fhir.as_user(world.user(persona))
    for query in ({}, {"subject": f"Patient/{world.t.pregnant_person.public_id}"}, {"_count": "0"}):
        before = AccessEvent.objects.filter(channel="fhir", action="search").count()
        response = fhir.get("/fhir/r4/QuestionnaireResponse", query)
        assert response.status_code == 200
        bundle = validate(response.json())
        found = {_names(records)[e["resource"]["id"]] for e in bundle.get("entry", [])}
        assert bundle["total"] == len(SEES[persona]), (persona, query)
        if query.get("_count") != "0":
            assert found == SEES[persona], (persona, query)
        if persona != "coordinator":
            assert not _leaks(response.content.decode(), records)
        # Every family a search showed or counted is in the access log.
        logged = AccessEvent.objects.filter(channel="fhir", action="search").count() - before
        assert (logged >= 1) is bool(SEES[persona])


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_everything(world, fhir, records, persona):
    fhir.as_user(world.user(persona))
    response = fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything")
    if persona not in {"coordinator", "member", "parent", "co_parent"}:
        assert response.status_code == 404
        return
    body = validate(response.json())
    responses = {
        _names(records)[e["resource"]["id"]]
        for e in body["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    assert responses == SEES[persona]
    assert "Encounter" in {e["resource"]["resourceType"] for e in body["entry"]}
    if persona != "coordinator":
        assert not _leaks(json.dumps(body), records)
    events = AccessEvent.objects.filter(
        trajectory=world.t, detail__contains="$everything", user=world.user(persona)
    )
    assert ("psychosocial" in set(events.values_list("category", flat=True))) is bool(SEES[persona])


@pytest.mark.parametrize("persona", ["parent", "co_parent"])
def test_parents_cannot_export(world, fhir, records, persona):
    fhir.as_user(world.user(persona))
    assert fhir.get("/fhir/r4/$export", HTTP_PREFER="respond-async").status_code == 404


def test_a_bare_count_is_logged_for_every_family_it_counted(world, fhir, records):
    """A `_count=0` search answers "is this national number known here?" without a page: it is a read."""
    fhir.as_user(world.user("coordinator"))
    before = AccessEvent.objects.count()
    bundle = fhir.get("/fhir/r4/Patient", {"_count": "0"}).json()
    assert bundle["total"] == 1 and "entry" not in bundle
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.action, event.trajectory_id, event.family_id) == ("search", world.t.pk, world.t.family_id)
    assert event.detail == "FHIR Patient count"
    # Nothing counted, nothing logged.
    fhir.get("/fhir/r4/Patient", {"_count": "0", "family": "Niemand"})
    assert AccessEvent.objects.count() == before + 1
