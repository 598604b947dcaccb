"""The intake route: a GP refers a pregnant woman to a Kind en Gezin team, not to a person; the team's
queue shows her; accepting names the coordinator in the same step; the GP sees the answer."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.accounts.models import Notification
from wieg.care.models import AccessEvent, CareTeamMember, CoordinatorAssignment
from wieg.referrals.intake import intake_register
from wieg.referrals.models import Referral
from wieg.testing.factories import give_consent, make_professional, make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(world):
    """A GP's own new family (the GP registered her: consent for the GP practice only) and a second
    Kind en Gezin nurse who will coordinate."""
    nurse = make_professional("nurse2", world.kg, given_name="Hanne", family_name="De Smet")
    gp_actor = world.actor("no_consent")
    t = make_trajectory(world.no_consent, world.gp_practice)
    return world, gp_actor, t, nurse


def _refer(api_client, world, t, **extra):
    return api_client.as_user(world.user("no_consent")).post(
        f"/api/v1/trajectories/{t.public_id}/referrals",
        {
            "to_organisation_id": str(world.kg.public_id),
            "service": "coordination",
            "reason": "Zwanger van 12 weken, eerste kind, wil opvolging door Kind en Gezin",
            **extra,
        },
    )


def test_referral_services_list_coordination_for_kg_teams(api_client, world):
    body = api_client.as_user(world.user("no_consent")).get("/api/v1/referral-services").json()
    services = {s["key"]: s for s in body["items"]}
    assert services["coordination"]["organisation_kinds"] == ["kg_team"]
    assert services["coordination"]["names_coordinator"] is True
    assert services["coordination"]["consent_categories"] == ["contact", "care_plan"]
    assert services["maternity_home_care"]["organisation_kinds"] == ["maternity_home_care"]
    assert services["maternity_home_care"]["names_coordinator"] is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_referral_services_matrix(api_client, world, persona):
    response = api_client.as_user(world.user(persona)).get("/api/v1/referral-services")
    professional = persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}
    assert response.status_code == (200 if professional else 404)


def test_gp_refers_and_the_team_accepts_with_a_coordinator(api_client, intake):
    world, gp_actor, t, nurse = intake
    # Without the family's consent for the K&G team the intake waits and names the missing categories.
    response = _refer(api_client, world, t)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "waiting_for_consent"
    assert body["waiting_for"] == {
        "organisation_id": str(world.kg.public_id),
        "missing_categories": ["contact", "care_plan"],
    }
    referral = Referral.objects.get(public_id=body["id"])

    def kg():
        return api_client.as_user(world.user("coordinator"))

    def gp():
        return api_client.as_user(world.user("no_consent"))

    assert kg().get("/api/v1/referrals?box=incoming").json()["count"] == 0
    # Contact alone is not enough for coordination: it still waits, now only for the care plan.
    give_consent(t, organisation=world.kg, categories=("contact",))
    assert gp().get(f"/api/v1/referrals/{referral.public_id}").json()["waiting_for"][
        "missing_categories"
    ] == ["care_plan"]
    from wieg.care.services import consent_give

    consent_give(
        actor=gp_actor,
        trajectory=t,
        categories=["contact", "care_plan", "medical"],
        recorded_via="verbal",
        organisation=world.kg,
    )
    referral.refresh_from_db()
    assert referral.status == "sent"
    # The team's intake queue shows her.
    incoming = kg().get("/api/v1/referrals?box=incoming").json()
    assert [r["id"] for r in incoming["items"]] == [str(referral.public_id)]
    assert incoming["items"][0]["family_name"] == t.pregnant_person.display_name
    assert incoming["items"][0]["waiting_for"] is None
    # The coordinator of the team accepts and names her colleague as the family's coordinator.
    response = kg().post(
        f"/api/v1/referrals/{referral.public_id}/accept", {"professional_id": str(nurse.public_id)}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["coordinator"] == {"id": str(nurse.public_id), "name": nurse.display_name}
    current = CoordinatorAssignment.objects.get(trajectory=t, end__isnull=True)
    assert current.professional == nurse and current.organisation == world.kg
    assert (
        CareTeamMember.objects.active().filter(trajectory=t, professional=nurse, role="coordinator").exists()
    )
    # The GP sees the answer: on the referral and as a notification.
    seen = gp().get(f"/api/v1/referrals/{referral.public_id}").json()
    assert seen["status"] == "accepted" and seen["coordinator"]["name"] == nurse.display_name
    note = Notification.objects.filter(user=world.user("no_consent")).latest("pk")
    assert nurse.display_name in note.subject and world.kg.name in note.subject
    # And the nurse now sees the family's care plan.
    nurse_view = api_client.as_user(nurse.user).get(f"/api/v1/trajectories/{t.public_id}")
    assert nurse_view.status_code == 200
    assert AccessEvent.objects.filter(detail="referral accepted", trajectory=t).count() == 1


def test_accepting_names_only_a_professional_of_the_team(api_client, intake):
    world, gp_actor, t, nurse = intake
    give_consent(t, organisation=world.kg, categories=("contact", "care_plan"))
    referral = Referral.objects.get(public_id=_refer(api_client, world, t).json()["id"])
    kg = api_client.as_user(world.user("coordinator"))  # the receiving team from here on
    response = kg.post(
        f"/api/v1/referrals/{referral.public_id}/accept", {"professional_id": str(world.member.public_id)}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"professional_id"}
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert CoordinatorAssignment.objects.get(trajectory=t, end__isnull=True).professional == world.no_consent
    # Without a professional, the one who accepts becomes the coordinator.
    assert kg.post(f"/api/v1/referrals/{referral.public_id}/accept", {}).status_code == 200
    assert CoordinatorAssignment.objects.get(trajectory=t, end__isnull=True).professional == world.coordinator


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept_matrix(api_client, intake, persona):
    world, gp_actor, t, nurse = intake
    give_consent(t, organisation=world.kg, categories=("contact", "care_plan"))
    referral = Referral.objects.get(public_id=_refer(api_client, world, t).json()["id"])
    response = api_client.as_user(world.user(persona)).post(
        f"/api/v1/referrals/{referral.public_id}/accept", {"professional_id": str(nurse.public_id)}
    )
    # Only the receiving team may accept; the excluded K&G colleague belongs to it, and the intake comes
    # before any exclusion can apply to the new family. Everyone else: 404.
    assert response.status_code == (200 if persona in {"coordinator", "excluded"} else 404), persona


def test_a_new_family_registered_and_referred_in_one_step(world):
    gp = world.actor("no_consent")
    referral = intake_register(
        actor=gp,
        municipality_nis="44021",
        given_name="Amina",
        family_name="Benali",
        birth_date=dt.date(1996, 5, 14),
        national_number=None,
        due_date=timezone.localdate() + dt.timedelta(weeks=28),
        parity="nulliparous",
        consent_categories=["contact", "care_plan", "medical"],
        recorded_via="verbal",
        to_organisation=world.kg,
        receiver_categories=["contact", "care_plan"],
        reason="Eerste zwangerschap, 12 weken",
    )
    assert referral.status == "sent" and referral.service == "coordination"
    assert referral.trajectory.pregnant_person.given_name == "Amina"
    assert referral.from_organisation == world.gp_practice


def test_bad_input_saves_nothing(world):
    from wieg.care.models import Family
    from wieg.core.errors import InvalidInput

    before = Family.objects.count()
    with pytest.raises(InvalidInput) as exc:
        intake_register(
            actor=world.actor("no_consent"),
            municipality_nis="44021",
            given_name="Amina",
            family_name="Benali",
            birth_date=dt.date(1996, 5, 14),
            national_number=None,
            due_date=timezone.localdate() + dt.timedelta(weeks=28),
            parity="nulliparous",
            consent_categories=["contact"],
            recorded_via="verbal",
            to_organisation=world.kg,
            receiver_categories=["contact"],
            reason="  ",
        )
    assert set(exc.value.errors) == {"reason", "consent.categories"}
    assert Family.objects.count() == before


def test_outgoing_list_names_what_each_waiting_referral_misses_in_fixed_queries(
    api_client, world, django_assert_num_queries, django_assert_max_num_queries
):
    gp_actor = world.actor("no_consent")

    def waiting(n):
        for _ in range(n):
            t = make_trajectory(world.no_consent, world.gp_practice)
            give_consent(t, organisation=world.kg, categories=("contact",))
            _refer(api_client, world, t)

    waiting(1)
    gp = api_client.as_user(world.user("no_consent"))
    gp.get("/api/v1/referrals?box=outgoing")
    with django_assert_max_num_queries(30) as small:
        gp.get("/api/v1/referrals?box=outgoing")
    queries = len(small.captured_queries)  # before the next request resets the connection's query log
    waiting(3)
    gp = api_client.as_user(world.user("no_consent"))
    with django_assert_num_queries(queries):
        body = gp.get("/api/v1/referrals?box=outgoing").json()
    assert len(body["items"]) == 4
    assert all(r["waiting_for"]["missing_categories"] == ["care_plan"] for r in body["items"])
    assert gp_actor.organisation_id == world.gp_practice.pk
