"""ServiceRequest and Task (referrals): who may read them, what they say, and where they appear."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import AccessEvent
from wieg.core.models import Municipality
from wieg.fhir.models import SystemScope
from wieg.fhir.outcome import validate
from wieg.fhir.providers import providers
from wieg.referrals.models import Referral
from wieg.screening import models as screening
from wieg.testing.factories import OrganisationFactory, UserFactory, give_consent, make_professional

from .test_bulk_export import _export

RECEIVER_SEES = {"coordinator", "member", "carer"}
NEVER_SEES = ("no_consent", "excluded", "outsider", "analyst", "admin", "parent", "other_carer")


@pytest.fixture
def referral(world):
    """The coordinator refers the family to maternity home care (contact consent for the receiver),
    based on a screening flag; a second one, to another service, still waits for the family's consent."""
    kraamzorg = OrganisationFactory(name="Kraamzorg Het Nest", kind="maternity_home_care")
    make_professional("carer", kraamzorg, discipline="maternity_carer")
    other = OrganisationFactory(name="Kraamzorg Elders", kind="maternity_home_care")
    make_professional("other_carer", other, discipline="maternity_carer")
    give_consent(world.t, organisation=kraamzorg, categories=("contact",))
    instrument = screening.Instrument.objects.create(
        code="test-epds",
        version=1,
        definition={"items": [], "flags": {"low_mood": {"label": {"nl": "somber", "en": "low"}}}},
    )
    test = screening.Screening.objects.create(
        trajectory=world.t,
        instrument=instrument,
        answers={"q1": 3},
        score=3,
        performed_by=world.coordinator,
        organisation=world.kg,
    )
    flag = screening.Flag.objects.create(screening=test, trajectory=world.t, code="low_mood", level="high")
    sent = Referral.objects.create(
        trajectory=world.t,
        service="maternity_home_care",
        from_professional=world.coordinator,
        from_organisation=world.kg,
        to_organisation=kraamzorg,
        reason="Moeder alleen thuis na de bevalling",
        urgency="soon",
        requested_hours=30,
        requested_start=timezone.localdate() + dt.timedelta(weeks=6),
        status="sent",
        sent_at=timezone.now(),
    )
    sent.flags.add(flag)
    waiting = Referral.objects.create(
        trajectory=world.t,
        service="maternity_home_care",
        from_professional=world.coordinator,
        from_organisation=world.kg,
        to_organisation=other,
        reason="Tweede aanvraag",
        status="waiting_for_consent",
    )
    return sent, waiting, kraamzorg, test


def _user(world, name):
    if name in {"carer", "other_carer"}:
        return User.objects.get(username=name)
    return world.user(name)


def test_resources_validate_and_map_the_referral(world, fhir, referral):
    sent, _waiting, kraamzorg, test = referral
    assert {"ServiceRequest", "Task"} <= set(providers.types())
    fhir.as_user(world.user("coordinator"))
    request = validate(fhir.get(f"/fhir/r4/ServiceRequest/{sent.public_id}").json())
    assert request["status"] == "active" and request["intent"] == "order"
    assert request["priority"] == "urgent"  # "soon"
    assert request["quantityQuantity"]["value"] == 30 and request["quantityQuantity"]["code"] == "h"
    assert request["occurrencePeriod"]["start"] == sent.requested_start.isoformat()
    assert request["performer"] == [{"reference": f"Organization/{kraamzorg.public_id}"}]
    assert request["requester"]["reference"].startswith("PractitionerRole/")
    assert request["subject"] == {"reference": f"Patient/{world.t.pregnant_person.public_id}"}
    # The coordinator may see psychosocial data: the flag is the reason.
    assert request["reasonCode"][0]["coding"][0]["code"] == "low_mood"
    assert request["supportingInfo"] == [{"reference": f"QuestionnaireResponse/{test.public_id}"}]

    task = validate(fhir.get(f"/fhir/r4/Task/{sent.public_id}").json())
    assert task["status"] == "requested"
    assert task["focus"] == {"reference": f"ServiceRequest/{sent.public_id}"}
    assert task["owner"] == {"reference": f"Organization/{kraamzorg.public_id}"}

    Referral.objects.filter(pk=sent.pk).update(
        status="declined", decline_reason="Geen plaats", answered_at=timezone.now(), urgency="urgent"
    )
    task = validate(fhir.get(f"/fhir/r4/Task/{sent.public_id}").json())
    assert task["status"] == "rejected" and task["statusReason"]["text"] == "Geen plaats"
    request = validate(fhir.get(f"/fhir/r4/ServiceRequest/{sent.public_id}").json())
    assert request["status"] == "revoked" and request["priority"] == "asap"


@pytest.mark.parametrize("name", ["coordinator", "member", "carer", *NEVER_SEES])
def test_read_and_search_permission_matrix(world, fhir, referral, name):
    sent, waiting, _kraamzorg, _test = referral
    fhir.as_user(_user(world, name))
    for resource_type in ("ServiceRequest", "Task"):
        read = fhir.get(f"/fhir/r4/{resource_type}/{sent.public_id}")
        found = fhir.get(f"/fhir/r4/{resource_type}", {"patient": str(world.t.pregnant_person.public_id)})
        by_episode = fhir.get(f"/fhir/r4/{resource_type}", {"episode-of-care": str(world.t.public_id)})
        assert found.status_code == by_episode.status_code == 200
        ids = {e["resource"]["id"] for e in found.json().get("entry", [])}
        assert ids == {e["resource"]["id"] for e in by_episode.json().get("entry", [])}
        if name in RECEIVER_SEES:
            assert read.status_code == 200, (name, resource_type)
            validate(read.json())
            # The receiver never sees a referral that waits for consent; the team sees both.
            both = {str(sent.public_id), str(waiting.public_id)}
            assert ids == ({str(sent.public_id)} if name == "carer" else both), (name, resource_type)
        else:
            assert read.status_code == 404, (name, resource_type)
            assert fhir.get(f"/fhir/r4/{resource_type}/{waiting.public_id}").status_code == 404
            assert ids == set(), (name, resource_type)


def test_flags_only_for_readers_of_psychosocial_data(world, fhir, referral):
    sent, _waiting, kraamzorg, _test = referral
    # The midwife's practice has no psychosocial consent; the receiver only contact consent.
    for name in ("member", "carer"):
        fhir.as_user(_user(world, name))
        request = fhir.get(f"/fhir/r4/ServiceRequest/{sent.public_id}").json()
        assert "reasonCode" not in request and "supportingInfo" not in request, name
    give_consent(world.t, organisation=kraamzorg, categories=("contact", "psychosocial"))
    fhir.as_user(_user(world, "carer"))
    request = fhir.get(f"/fhir/r4/ServiceRequest/{sent.public_id}").json()
    assert request["reasonCode"][0]["coding"][0]["code"] == "low_mood"


def test_reads_and_searches_are_logged(world, fhir, referral):
    sent, _waiting, _kraamzorg, _test = referral
    fhir.as_user(_user(world, "carer"))
    before = AccessEvent.objects.count()
    assert fhir.get(f"/fhir/r4/Task/{sent.public_id}").status_code == 200
    assert fhir.get("/fhir/r4/ServiceRequest", {"status": "active"}).json()["total"] == 1
    events = AccessEvent.objects.order_by("pk")[before:]
    assert [e.trajectory_id for e in events] == [world.t.pk, world.t.pk]


def test_bad_search_values_are_field_errors(world, fhir, referral):
    fhir.as_user(world.user("coordinator"))
    assert fhir.get("/fhir/r4/Task", {"patient": "nope"}).status_code == 422
    assert fhir.get("/fhir/r4/ServiceRequest", {"colour": "red"}).status_code == 422


def test_everything_includes_the_referral(world, fhir, referral):
    sent, waiting, _kraamzorg, _test = referral
    fhir.as_user(world.user("coordinator"))
    body = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    found = {(e["resource"]["resourceType"], e["resource"]["id"]) for e in body["entry"]}
    for resource_type in ("ServiceRequest", "Task"):
        assert (resource_type, str(sent.public_id)) in found
        assert (resource_type, str(waiting.public_id)) in found
    flagged = next(
        e["resource"]
        for e in body["entry"]
        if e["resource"]["id"] == str(sent.public_id) and e["resource"]["resourceType"] == "ServiceRequest"
    )
    assert flagged["reasonCode"][0]["coding"][0]["code"] == "low_mood"
    # The parent reads the episode, but referrals are between professionals.
    fhir.as_user(world.user("parent"))
    body = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    types = {e["resource"]["resourceType"] for e in body["entry"]}
    assert "EpisodeOfCare" in types and not types & {"ServiceRequest", "Task"}
    # The midwife sees the referral, without the psychosocial reason.
    fhir.as_user(world.user("member"))
    body = validate(fhir.get(f"/fhir/r4/EpisodeOfCare/{world.t.public_id}/$everything").json())
    requests = [e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]
    assert len(requests) == 2 and not any("reasonCode" in r for r in requests)


@pytest.fixture
def exporter(world):
    """A system account scoped to the province of Gent, where the family lives."""
    user = UserFactory(username="registry", kind="system")
    scope = SystemScope.objects.create(user=user, label="Agentschap Opgroeien, Oost-Vlaanderen")
    scope.provinces.add(Municipality.objects.get(nis_code="44021").province)
    return user


def test_bulk_export_has_the_referral_without_free_text(world, fhir, referral, exporter):
    sent, waiting, _kraamzorg, _test = referral
    Referral.objects.filter(pk=waiting.pk).update(status="cancelled", cancel_reason="Gezin verhuisd")
    resources = _export(fhir, exporter, "?_type=ServiceRequest,Task")
    assert set(resources) == {"ServiceRequest", "Task"}
    assert len(resources["ServiceRequest"]) == len(resources["Task"]) == 2
    text = str(resources)
    for secret in ("Moeder alleen thuis", "Gezin verhuisd", str(sent.public_id)):
        assert secret not in text
    assert {t["status"] for t in resources["Task"]} == {"requested", "cancelled"}


def test_search_keeps_a_fixed_number_of_queries(world, fhir, referral, django_assert_max_num_queries):
    sent, _waiting, _kraamzorg, _test = referral
    flags = list(sent.flags.all())
    fhir.as_user(world.user("coordinator"))

    def search():
        for resource_type in ("ServiceRequest", "Task"):
            assert fhir.get(f"/fhir/r4/{resource_type}").status_code == 200

    with CaptureQueriesContext(connection) as few:
        search()
    for _ in range(4):
        more = Referral.objects.create(
            trajectory=world.t,
            service="ocmw",
            from_professional=world.coordinator,
            from_organisation=world.kg,
            to_organisation=world.ocmw,
            reason="Financiële zorgen",
            status="sent",
        )
        more.flags.add(*flags)
    with django_assert_max_num_queries(len(few.captured_queries)):
        search()
