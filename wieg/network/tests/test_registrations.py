import pytest

from wieg.accounts.models import Notification
from wieg.care.models import AccessEvent
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.network import selectors, services
from wieg.network.models import Registration
from wieg.testing.factories import UserFactory, make_trajectory

pytestmark = pytest.mark.django_db


def _family(world, n):
    """Another family coordinated by the world's nurse, with a parent account."""
    t = make_trajectory(world.coordinator, world.kg)
    user = UserFactory(username=f"parent{n}", kind="parent")
    t.pregnant_person.user = user
    t.pregnant_person.save()
    return t, user


def test_registration_past_capacity_goes_to_the_waiting_list_and_moves_up(world, net):
    coordinator = world.actor("coordinator")
    families = [_family(world, n) for n in range(3)]
    regs = [
        services.registration_create(actor=coordinator, activity=net.activity, trajectory=t)
        for t, _ in families
    ]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting"]
    assert selectors.waiting_position(regs[2]) == 1
    assert selectors.available_seats(selectors.activity_public(net.activity.public_id)) == 0

    services.registration_cancel(actor=coordinator, registration=regs[0])
    regs[2].refresh_from_db()
    assert regs[2].status == "confirmed"
    assert regs[2].promoted_at is not None
    # The promoted family hears it in its own language; the promotion is logged as the system, not as
    # the family that cancelled.
    assert Notification.objects.filter(user=families[2][1]).count() == 1
    event = AccessEvent.objects.filter(
        trajectory=families[2][0], detail="promoted from the waiting list"
    ).get()
    assert event.actor_kind == "system" and event.user_id is None


def test_a_party_too_big_waits_and_newcomers_do_not_jump_the_line(world, net):
    coordinator = world.actor("coordinator")
    (t1, _), (t2, _), (t3, _) = (_family(world, n) for n in range(3))
    first = services.registration_create(actor=coordinator, activity=net.activity, trajectory=t1, seats=1)
    big = services.registration_create(actor=coordinator, activity=net.activity, trajectory=t2, seats=2)
    late = services.registration_create(actor=coordinator, activity=net.activity, trajectory=t3, seats=1)
    assert (first.status, big.status, late.status) == ("confirmed", "waiting", "waiting")
    services.registration_cancel(actor=coordinator, registration=first)
    big.refresh_from_db()
    late.refresh_from_db()
    assert (big.status, late.status) == ("confirmed", "waiting")


def test_more_capacity_promotes_the_waiting_list(world, net):
    coordinator, staff = world.actor("coordinator"), net.actor("centre")
    ts = [_family(world, n)[0] for n in range(3)]
    regs = [services.registration_create(actor=coordinator, activity=net.activity, trajectory=t) for t in ts]
    services.activity_update(actor=staff, activity=net.activity, capacity=3)
    regs[2].refresh_from_db()
    assert regs[2].status == "confirmed"


def test_twice_for_the_same_activity_is_a_conflict(world, net):
    services.registration_create(actor=world.actor("coordinator"), activity=net.activity, trajectory=world.t)
    with pytest.raises(Conflict):
        services.registration_create(actor=world.actor("parent"), activity=net.activity, trajectory=world.t)


@pytest.mark.parametrize(
    "persona", ["no_consent", "excluded", "outsider", "analyst", "admin", "other_parent", "centre"]
)
def test_only_the_team_with_consent_or_the_parents_register_a_family(world, net, persona):
    with pytest.raises(Forbidden):
        actor = net.actor(persona) if persona == "centre" else world.actor(persona)
        services.registration_create(actor=actor, activity=net.activity, trajectory=world.t)
    assert not Registration.objects.exists()


def test_registration_is_logged_in_the_family_access_log(world, net):
    services.registration_create(actor=world.actor("member"), activity=net.activity, trajectory=world.t)
    event = AccessEvent.objects.filter(trajectory=world.t, object_type="Registration").get()
    assert event.professional_id == world.member.pk
    assert event.action == "create"


def test_seats_out_of_range_is_a_field_error(world, net):
    with pytest.raises(InvalidInput) as exc:
        services.registration_create(
            actor=world.actor("parent"), activity=net.activity, trajectory=world.t, seats=11
        )
    assert "seats" in exc.value.errors


def test_a_drop_in_activity_needs_no_registration(world, net):
    net.activity.registration_required = False
    net.activity.save()
    with pytest.raises(Conflict):
        services.registration_create(actor=world.actor("parent"), activity=net.activity, trajectory=world.t)


# --- API ----------------------------------------------------------------------------------------------------


def test_api_parent_registers_own_family(world, net, api_client):
    url = f"/api/v1/activities/{net.activity.public_id}/registrations"
    response = api_client.as_user(world.parent_user).post(url, {"seats": 2})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["trajectory_id"] == str(world.t.public_id)
    assert body["status"] == "confirmed"
    again = api_client.post(url, {"seats": 1})
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"


def test_api_registration_past_capacity_answers_waiting(world, net, api_client):
    net.activity.capacity = 1
    net.activity.save()
    t2, _ = _family(world, 9)
    api = api_client.as_user(world.coordinator.user)
    url = f"/api/v1/activities/{net.activity.public_id}/registrations"
    assert api.post(url, {"trajectory_id": str(world.t.public_id)}).json()["status"] == "confirmed"
    second = api.post(url, {"trajectory_id": str(t2.public_id)}).json()
    assert second["status"] == "waiting"
    assert second["waiting_position"] == 1


@pytest.mark.parametrize("persona", ["outsider", "no_consent", "excluded", "other_parent", "analyst"])
def test_api_registering_someone_elses_family_is_404(world, net, api_client, persona):
    url = f"/api/v1/activities/{net.activity.public_id}/registrations"
    response = api_client.as_user(world.user(persona)).post(url, {"trajectory_id": str(world.t.public_id)})
    assert response.status_code == 404


def test_api_bad_seats_is_422_with_field(world, net, api_client):
    url = f"/api/v1/activities/{net.activity.public_id}/registrations"
    response = api_client.as_user(world.parent_user).post(url, {"seats": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "seats"


def test_api_unknown_activity_is_404(world, net, api_client):
    url = "/api/v1/activities/00000000-0000-0000-0000-000000000000/registrations"
    assert api_client.as_user(world.parent_user).post(url, {}).status_code == 404


def test_professional_registers_from_the_trajectory_section(world, net, client):
    client.force_login(world.member.user)
    url = f"/network/trajectories/{world.t.public_id}/activities/"
    page = client.get(url)
    assert page.status_code == 200
    assert net.activity.title in page.content.decode()
    response = client.post(url, {"activity": str(net.activity.public_id), "seats": 1})
    assert response.status_code == 200
    assert "Ingeschreven." in response.content.decode()
    assert Registration.objects.get().registered_via == "trajectory"
    # Twice is refused with the form shown again (200: htmx only swaps successful answers).
    again = client.post(url, {"activity": str(net.activity.public_id), "seats": 1})
    assert again.status_code == 200
    assert "errorlist" in again.content.decode()
    assert Registration.objects.count() == 1


def test_organiser_list_of_registrations_has_a_fixed_query_count(
    world, net, client, django_assert_num_queries
):
    net.activity.capacity = None
    net.activity.save()
    coordinator = world.actor("coordinator")
    client.force_login(net.user("centre"))
    url = f"/network/manage/activities/{net.activity.public_id}/"
    services.registration_create(actor=coordinator, activity=net.activity, trajectory=world.t)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        html = client.get(url).content.decode()
    assert world.t.pregnant_person.family_name in html
    for n in range(6):
        t, _ = _family(world, 100 + n)
        services.registration_create(actor=coordinator, activity=net.activity, trajectory=t)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
    # Each family shown to the organiser is in its access log.
    assert AccessEvent.objects.filter(trajectory=world.t, detail="activity registrations").count() == 3
