"""Every resource type the server writes validates against the fhir.resources R4B models, in every state."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care.models import CareTeamMember, Consent, Trajectory
from wieg.fhir.context import Context, pseudonym_key
from wieg.fhir.outcome import validate
from wieg.fhir.providers import providers
from wieg.pathways.models import Contact, PlanItem
from wieg.referrals.models import Referral
from wieg.screening import catalogue, scoring
from wieg.screening.models import Screening
from wieg.testing.factories import PersonFactory, give_consent


@pytest.fixture
def rich(world):
    """Births, a closed trajectory, a withdrawn consent, consent for one professional, an ended membership."""
    t = world.t
    child = PersonFactory(
        family=t.family, role="child", sex="male", birth_date=timezone.localdate(), given_name="Mats"
    )
    t.birth_date, t.child, t.gestational_age_weeks, t.nicu_admission = child.birth_date, child, 37, True
    t.save()
    PersonFactory(family=t.family, role="caregiver", sex="unknown", birth_date=None)
    Consent.objects.filter(trajectory=t, organisation=world.midwives).update(withdrawn_at=timezone.now())
    give_consent(t, professional=world.no_consent, categories=("contact", "medical"))
    CareTeamMember.objects.filter(trajectory=t, professional=world.no_consent).update(end=timezone.now())
    other = world.other_t
    other.status, other.closed_reason, other.closed_on = "closed", "moved_away", timezone.localdate()
    other.save()
    epds = catalogue.instrument("epds")
    self_harm = scoring.score(epds.definition, [0, 0, 3, 0, 3, 3, 3, 3, 3, 2])  # item 10 "hardly ever"
    Screening.objects.create(
        trajectory=t, instrument=epds, answers=self_harm.positions, score=self_harm.score, respondent="parent"
    )
    calm = scoring.score(epds.definition, [0, 0, 3, 0, 3, 3, 3, 3, 3, 3])
    Screening.objects.create(
        trajectory=t,
        instrument=epds,
        answers=calm.positions,
        score=calm.score,
        performed_by=world.coordinator,
        organisation=world.kg,
    )
    _plan(world)
    return world


def _plan(world):
    today = timezone.localdate()
    item = PlanItem.objects.create(
        trajectory=world.t,
        code="c1",
        kind="contact",
        phase="prenatal",
        labels={"nl": "Consultatie"},
        window_start=today,
        window_end=today,
    )
    PlanItem.objects.create(
        trajectory=world.t,
        code="c2",
        kind="goal",
        phase="prenatal",
        labels={},
        window_start=today,
        window_end=today,
        status="done",
        done_on=today,
    )
    Contact.objects.create(trajectory=world.t, plan_item=item, date=today, kind="phone")
    # A declined referral to the OCMW, and the maternity home care asked instead.
    declined = Referral.objects.create(
        trajectory=world.t,
        service="ocmw",
        from_professional=world.coordinator,
        from_organisation=world.kg,
        to_organisation=world.ocmw,
        reason="Financiële zorgen",
        status="declined",
        decline_reason="Buiten ons werkgebied",
    )
    Referral.objects.create(
        trajectory=world.t,
        service="maternity_home_care",
        from_professional=world.coordinator,
        from_organisation=world.kg,
        to_organisation=world.midwives,
        reason="Kraamzorg na de bevalling",
        requested_hours=24,
        requested_start=today,
        status="in_progress",
        previous=declined,
    )


@pytest.mark.parametrize("pseudonymise", [False, True], ids=["identities", "pseudonymised"])
def test_every_provider_writes_valid_resources(rich, pseudonymise):
    ctx = Context(actor=None, pseudonymise=pseudonymise, key=pseudonym_key(1), base_url="http://testserver")
    ctx.extras["medical"] = True
    seen = {}
    for provider in providers:
        for resource in provider.export(Trajectory.objects.all(), ctx):
            resource = validate(resource)
            assert resource["resourceType"] == provider.resource_type
            assert resource["id"]
            seen[provider.resource_type] = seen.get(provider.resource_type, 0) + 1
    assert set(seen) == set(providers.types())
    assert seen["Patient"] == 3  # two pregnant persons and the child
    assert seen["RelatedPerson"] == 3  # the caregiver, t's co-parent and other_t's co-parent
    assert seen["Observation"] == 4  # the total and item 10 of both EPDS
    assert seen["Questionnaire"] >= 3  # the definitions travel with an export


def test_states_are_mapped(rich, fhir):
    fhir.as_user(rich.user("coordinator"))
    t = rich.t
    episode = fhir.get(f"/fhir/r4/EpisodeOfCare/{t.public_id}").json()
    assert {
        "url": "https://wieg.be/fhir/StructureDefinition/child",
        "valueReference": {"reference": f"Patient/{t.child.public_id}"},
    } in episode["extension"]
    consents = fhir.get("/fhir/r4/Consent", {"patient": str(t.pregnant_person.public_id)}).json()["entry"]
    statuses = sorted(c["resource"]["status"] for c in consents)
    assert statuses == ["active", "active", "inactive"]
    team = fhir.get(f"/fhir/r4/CareTeam/{t.public_id}").json()
    ended = [p for p in team["participant"] if "end" in p.get("period", {})]
    assert len(ended) == 1
    fhir.as_user(rich.user("outsider"))
    closed = fhir.get(f"/fhir/r4/EpisodeOfCare/{rich.other_t.public_id}").json()
    assert closed["status"] == "finished"
    assert closed["period"]["end"] == rich.other_t.closed_on.isoformat()
    assert fhir.get("/fhir/r4/EpisodeOfCare", {"status": "finished"}).json()["total"] == 1
    assert fhir.get("/fhir/r4/EpisodeOfCare", {"status": "active"}).json()["total"] == 0


def test_pseudonymised_birth_dates_keep_the_month(rich):
    ctx = Context(actor=None, pseudonymise=True, key=pseudonym_key(1))
    provider = providers.get("EpisodeOfCare")
    episode = provider.to_fhir(provider.for_trajectories(Trajectory.objects.filter(pk=rich.t.pk)).get(), ctx)
    birth = next(e for e in episode["extension"] if e["url"].endswith("/birth-date"))
    assert birth["valueDate"] == rich.t.birth_date.strftime("%Y-%m")
    assert dt.date.fromisoformat(episode["extension"][0]["valueDate"])  # the due date stays a date


@pytest.mark.parametrize("pseudonymise", [False, True], ids=["identities", "pseudonymised"])
def test_twins_and_a_nicu_stay_in_the_episode(world, pseudonymise):
    """Born 2 March 2026, twins, on the NICU from 2 to 19 March: both children and the stay travel."""
    from wieg.care.models import TrajectoryChild

    t = world.t
    born = dt.date(2026, 3, 2)
    twins = [
        PersonFactory(family=t.family, role="child", birth_date=born, given_name=name)
        for name in ("Mila", "Noor")
    ]
    for number, child in enumerate(twins, start=1):
        TrajectoryChild.objects.create(trajectory=t, person=child, number=number)
    Trajectory.objects.filter(pk=t.pk).update(
        birth_date=born,
        child=twins[0],
        plurality=2,
        nicu_admission=True,
        nicu_admission_date=born,
        nicu_discharge_date=dt.date(2026, 3, 19),
    )
    ctx = Context(actor=None, pseudonymise=pseudonymise, key=pseudonym_key(1), base_url="http://testserver")
    ctx.extras["medical"] = True
    provider = providers.get("EpisodeOfCare")
    episode = validate(
        provider.to_fhir(provider.for_trajectories(Trajectory.objects.filter(pk=t.pk)).get(), ctx)
    )
    children = [e["valueReference"]["reference"] for e in episode["extension"] if e["url"].endswith("/child")]
    assert children == [ctx.ref("Patient", c.public_id)["reference"] for c in twins]
    stay = next(e["valuePeriod"] for e in episode["extension"] if e["url"].endswith("/nicu-stay"))
    if pseudonymise:
        assert stay == {"start": "2026-03", "end": "2026-03"}
    else:
        assert stay == {"start": "2026-03-02", "end": "2026-03-19"}
