"""Issue 15, the high item on bulk export: an export scoped to an organisation exported every category,
the psychosocial one included, and still exported a family after the parents withdrew the organisation's
consent. It now holds what the organisation may see at the moment of the export, through the policy."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from wieg.care import services
from wieg.care.models import AccessEvent, CareTeamMember, Exclusion
from wieg.fhir import systems as s
from wieg.fhir.models import SystemScope
from wieg.testing.factories import UserFactory, give_consent
from wieg.testing.records import record_psychosocial

from .test_bulk_export import _export

pytestmark = pytest.mark.django_db


def _system_for(organisation):
    user = UserFactory(username=f"system-{organisation.pk}", kind="system")
    SystemScope.objects.create(user=user, label=f"Export {organisation.name}").organisations.add(organisation)
    return user


def _episodes(resources, world):
    """Exports with identities would need a permission; pseudonymised ids are compared by count and by
    what they refer to: the EpisodeOfCare of t carries t's due date."""
    return [e for e in resources.get("EpisodeOfCare", []) if _due(e) == world.t.due_date.isoformat()]


def _due(episode):
    return next(x["valueDate"] for x in episode["extension"] if x["url"] == s.EXT_DUE_DATE)


@pytest.fixture
def records(world):
    return record_psychosocial(world)


def test_withdrawn_consent_takes_the_family_out_of_the_next_export(world, fhir, records):
    exporter = _system_for(world.midwives)
    first = _export(fhir, exporter)
    assert len(_episodes(first, world)) == 1 and first["Patient"] and first["Encounter"]
    assert AccessEvent.objects.filter(user=exporter, action="export", trajectory=world.t).count() == 1

    consent = world.t.consents.get(organisation=world.midwives)
    services.consent_withdraw(actor=world.actor("parent"), consent=consent, recorded_via="parent_portal")
    second = _export(fhir, exporter)
    assert second == {}  # nothing of the family, and no other family of the midwives
    assert AccessEvent.objects.filter(user=exporter, action="export", trajectory=world.t).count() == 1


def test_consent_without_psychosocial_exports_no_psychosocial_resource(world, fhir, records):
    # The midwives' consent covers contact, care plan and medical: never the screening or its signals.
    midwives = _export(fhir, _system_for(world.midwives))
    assert len(_episodes(midwives, world)) == 1 and midwives["CarePlan"]
    assert "QuestionnaireResponse" not in midwives
    text = json.dumps(midwives)
    assert not [secret for secret in records.secrets() if secret in text]
    # Kind en Gezin coordinates with consent for every category: the team's export has both screenings.
    kg = _export(fhir, _system_for(world.kg))
    assert len(kg["QuestionnaireResponse"]) == 2


def test_each_category_follows_its_own_consent(world, fhir, records):
    """The GP practice (a team member, no consent yet) gets consent for contact details only."""
    world.t.birth_date = world.t.due_date
    world.t.gestational_age_weeks = 39
    world.t.save()
    exporter = _system_for(world.gp_practice)
    assert _export(fhir, exporter) == {}
    give_consent(world.t, organisation=world.gp_practice, categories=("contact",))
    resources = _export(fhir, exporter)
    (episode,) = _episodes(resources, world)
    assert s.EXT_GESTATIONAL_AGE not in {x["url"] for x in episode["extension"]}
    assert not {"CarePlan", "Encounter", "QuestionnaireResponse"} & set(resources)
    assert {"Patient", "RelatedPerson", "CareTeam", "Consent"} <= set(resources)
    # Kind en Gezin may see the medical category.
    (episode,) = _episodes(_export(fhir, _system_for(world.kg)), world)
    assert s.EXT_GESTATIONAL_AGE in {x["url"] for x in episode["extension"]}


def test_an_exclusion_is_respected(world, fhir, records):
    """The parents exclude the midwife: her practice has nobody else on the team, so it exports nothing."""
    exporter = _system_for(world.midwives)
    Exclusion.objects.create(trajectory=world.t, professional=world.member, recorded_via="parent_portal")
    assert _export(fhir, exporter) == {}
    # Kind en Gezin's excluded colleague does not take the family from the coordinator's organisation.
    assert len(_episodes(_export(fhir, _system_for(world.kg)), world)) == 1


def test_an_ended_membership_ends_the_export(world, fhir, records):
    exporter = _system_for(world.midwives)
    CareTeamMember.objects.filter(trajectory=world.t, professional=world.member).update(
        end=timezone.now() - dt.timedelta(minutes=1)
    )
    assert _export(fhir, exporter) == {}


def test_every_family_exported_is_logged_for_the_organisation(world, fhir, records):
    exporter = _system_for(world.kg)
    _export(fhir, exporter)
    events = AccessEvent.objects.filter(user=exporter, action="export")
    assert list(events.values_list("trajectory_id", "family_id", "organisation_id", "channel")) == [
        (world.t.pk, world.t.family_id, world.kg.pk, "fhir")
    ]
