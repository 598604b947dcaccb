"""Bulk Data $export: asynchronous, NDJSON per type, scoped per system account, pseudonymised by default."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings

from wieg.care.models import AccessEvent, Person, Trajectory
from wieg.core.models import Municipality
from wieg.fhir import export
from wieg.fhir import systems as s
from wieg.fhir.models import BulkExportJob, SystemScope
from wieg.fhir.outcome import validate
from wieg.testing.factories import PersonFactory, UserFactory, make_trajectory

from .bundles import ssin

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ASYNC = {"Prefer": "respond-async"}


@pytest.fixture
def exporter(world):
    """A system account scoped to the province of Gent, where both persona families live."""
    user = UserFactory(username="registry", kind="system")
    scope = SystemScope.objects.create(user=user, label="Agentschap Opgroeien, Oost-Vlaanderen")
    scope.provinces.add(Municipality.objects.get(nis_code="44021").province)
    mother = world.t.pregnant_person
    mother.national_number = ssin(mother.birth_date)
    mother.save()
    PersonFactory(
        family=world.t.family, role="co_parent", given_name="Tom", family_name="Janssens", sex="male"
    )
    # A family in Antwerp is outside the scope.
    outside = make_trajectory(world.outsider, world.ocmw)
    outside.family.municipality = Municipality.objects.get(nis_code="11002")
    outside.family.save()
    return user


def _export(fhir, user, query=""):
    fhir.as_user(user)
    with override_settings(TASKS=IMMEDIATE):
        kick_off = fhir.get(f"/fhir/r4/$export{query}", HTTP_PREFER="respond-async")
    assert kick_off.status_code == 202, kick_off.content
    status_url = kick_off["Content-Location"]
    manifest = fhir.get(status_url)
    assert manifest.status_code == 200, manifest.content
    body = manifest.json()
    assert body["requiresAccessToken"] is True
    resources = {}
    for output in body["output"]:
        response = fhir.get(output["url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+ndjson"
        lines = response.content.decode().splitlines()
        assert len(lines) == output["count"]
        for line in lines:
            resource = validate(json.loads(line))
            assert resource["resourceType"] == output["type"]
            resources.setdefault(output["type"], []).append(resource)
    return resources


def test_export_is_pseudonymised_and_complete(world, fhir, exporter):
    resources = _export(fhir, exporter)
    assert {
        "Patient",
        "RelatedPerson",
        "EpisodeOfCare",
        "CareTeam",
        "Consent",
        "Organization",
        "Practitioner",
        "PractitionerRole",
    } <= set(resources)
    assert len(resources["EpisodeOfCare"]) == 2  # t and other_t; not the family in Antwerp
    text = json.dumps(resources)
    for person in Person.objects.all():
        assert str(person.public_id) not in text
        assert person.family_name not in text
        if person.national_number:
            assert person.national_number not in text
    for t in Trajectory.objects.all():
        assert str(t.public_id) not in text
    for kind in ("Patient", "RelatedPerson", "Practitioner"):
        for resource in resources[kind]:
            assert "name" not in resource and "identifier" not in resource and "telecom" not in resource
    assert {p["birthDate"] for p in resources["Patient"]} == {"1992-05"}
    # References stay coherent inside the export.
    patients = {p["id"] for p in resources["Patient"]}
    for episode in resources["EpisodeOfCare"]:
        assert episode["patient"]["reference"].removeprefix("Patient/") in patients
    for related in resources["RelatedPerson"]:
        assert related["patient"]["reference"].removeprefix("Patient/") in patients
    # Organisations are not personal data and keep their ids.
    assert str(world.kg.public_id) in {o["id"] for o in resources["Organization"]}


def test_pseudonyms_are_stable_per_account_and_differ_between_accounts(world, fhir, exporter):
    first = _export(fhir, exporter)
    second = _export(fhir, exporter)
    assert sorted(p["id"] for p in first["Patient"]) == sorted(p["id"] for p in second["Patient"])
    other = UserFactory(username="research", kind="system")
    SystemScope.objects.create(user=other, label="Onderzoek").provinces.set(
        exporter.fhir_scope.provinces.all()
    )
    third = _export(fhir, other)
    assert not {p["id"] for p in first["Patient"]} & {p["id"] for p in third["Patient"]}


def test_an_account_allowed_to_see_identities_gets_them(world, fhir, exporter):
    exporter.user_permissions.add(Permission.objects.get(codename="export_identities"))
    resources = _export(fhir, exporter)
    mother = world.t.pregnant_person
    patient = next(p for p in resources["Patient"] if p["id"] == str(mother.public_id))
    assert patient["identifier"] == [{"use": "official", "system": s.SSIN, "value": mother.national_number}]
    assert patient["name"][0]["family"] == mother.family_name
    assert patient["birthDate"] == mother.birth_date.isoformat()


def test_scope_by_organisation_and_type_filter(world, fhir, exporter):
    scope = exporter.fhir_scope
    scope.provinces.clear()
    scope.organisations.add(world.midwives)
    resources = _export(fhir, exporter, "?_type=EpisodeOfCare,Consent")
    assert set(resources) == {"EpisodeOfCare", "Consent"}
    assert len(resources["EpisodeOfCare"]) == 1  # only t has the midwife on its team


def test_every_exported_trajectory_is_in_the_access_log(world, fhir, exporter):
    _export(fhir, exporter)
    events = AccessEvent.objects.filter(action="export", user=exporter, channel="fhir")
    assert set(events.values_list("trajectory_id", flat=True)) == {world.t.pk, world.other_t.pk}


def test_status_while_running_then_done(world, fhir, exporter):
    fhir.as_user(exporter)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        kick_off = fhir.get("/fhir/r4/$export", HTTP_PREFER="respond-async")
    status_url = kick_off["Content-Location"]
    pending = fhir.get(status_url)
    assert pending.status_code == 202
    assert pending["X-Progress"]
    job = BulkExportJob.objects.get()
    assert job.pseudonymised
    export.run(job.public_id)
    assert fhir.get(status_url).status_code == 200
    # Another account cannot poll or download it.
    fhir.as_user(UserFactory(username="other-system", kind="system"))
    assert fhir.get(status_url).status_code == 404
    fhir.as_user(exporter)
    assert fhir.delete(status_url).status_code == 202
    assert fhir.get(status_url).status_code == 404
    assert not job.files.exists()


@pytest.mark.parametrize("persona", ["coordinator", "analyst", "admin", "parent"])
def test_only_system_accounts_with_a_scope_export(world, fhir, persona):
    fhir.as_user(world.user(persona))
    assert fhir.get("/fhir/r4/$export", HTTP_PREFER="respond-async").status_code == 404
    unscoped = UserFactory(username="unscoped", kind="system")
    fhir.as_user(unscoped)
    assert fhir.get("/fhir/r4/$export", HTTP_PREFER="respond-async").status_code == 404
    assert not BulkExportJob.objects.exists()


def test_kick_off_checks_its_request(world, fhir, exporter):
    fhir.as_user(exporter)
    assert fhir.get("/fhir/r4/$export").status_code == 400  # no Prefer: respond-async
    for query in ("?_type=Immunization", "?_outputFormat=text/csv", "?_since=yesterday"):
        response = fhir.get(f"/fhir/r4/$export{query}", HTTP_PREFER="respond-async")
        assert response.status_code == 422, query
        assert validate(response.json())["issue"][0]["expression"]
    assert not BulkExportJob.objects.exists()


def test_administrators_manage_export_scopes(world, client, exporter):
    client.force_login(world.admin_user)
    assert client.get("/admin/fhir/systemscope/").status_code == 200
    assert client.get(f"/admin/fhir/systemscope/{exporter.fhir_scope.pk}/change/").status_code == 200
    assert client.get("/admin/fhir/bulkexportjob/").status_code == 200
