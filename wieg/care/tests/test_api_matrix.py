"""Every care endpoint against every persona. Missing and forbidden are both 404."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care.models import AccessEvent, CareTeamMember
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PROFESSIONALS = {"coordinator", "member", "no_consent", "excluded", "outsider"}


def _via(persona):
    return "parent_portal" if persona == "parent" else "verbal"


def call(api, world, persona, endpoint):
    t = f"/api/v1/trajectories/{world.t.public_id}"
    if endpoint == "detail":
        return api.get(t)
    if endpoint == "access_log":
        return api.get(f"{t}/access-log")
    if endpoint == "patch":
        return api.patch(t, {"risk_level": "raised"})
    if endpoint == "coordinator":
        return api.put(f"{t}/coordinator", {"professional_id": str(world.member.public_id)})
    if endpoint == "team_add":
        return api.post(
            f"{t}/team", {"professional_id": str(world.outsider.public_id), "role": "social_support"}
        )
    if endpoint == "team_remove":
        member = CareTeamMember.objects.get(trajectory=world.t, professional=world.no_consent)
        return api.delete(f"{t}/team/{member.pk}")
    if endpoint == "consent_give":
        return api.post(
            f"{t}/consents",
            {
                "organisation_id": str(world.ocmw.public_id),
                "categories": ["contact"],
                "recorded_via": _via(persona),
            },
        )
    if endpoint == "consent_withdraw":
        consent = world.t.consents.get(organisation=world.midwives)
        return api.post(f"{t}/consents/{consent.public_id}/withdraw", {"recorded_via": _via(persona)})
    if endpoint == "birth":
        return api.post(
            f"{t}/birth",
            {"birth_date": str(timezone.localdate()), "child": {"given_name": "Noor", "family_name": "Test"}},
        )
    if endpoint == "break_glass":
        return api.post(f"{t}/break-glass", {"reason": "Spoedopname: de moeder is niet aanspreekbaar"})
    if endpoint == "close":
        return api.post(f"{t}/close", {"reason": "moved_away"})
    if endpoint == "lookup":
        return api.get("/api/v1/families/lookup", {"national_number": "85073003328"})
    if endpoint == "family_create":
        return api.post(
            "/api/v1/families",
            {
                "municipality_nis": "44021",
                "members": [{"role": "pregnant_parent", "given_name": "A", "family_name": "B"}],
            },
        )
    raise AssertionError(endpoint)


EXPECTED = {
    # endpoint: {persona: status}; personas not named get 404
    "detail": {"coordinator": 200, "member": 200, "parent": 200},
    "access_log": {"coordinator": 200, "parent": 200},
    "patch": {"coordinator": 200, "member": 200},
    "coordinator": {"coordinator": 200},
    "team_add": {"coordinator": 409},  # the OCMW has no consent yet
    "team_remove": {"coordinator": 204},
    "consent_give": {"coordinator": 201, "member": 201, "parent": 201},
    "consent_withdraw": {"coordinator": 200, "member": 200, "parent": 200},
    "birth": {"coordinator": 201, "member": 201},
    "break_glass": {"coordinator": 409, "member": 409, "no_consent": 201},
    "close": {"coordinator": 200},
    "lookup": dict.fromkeys(PROFESSIONALS, 200),
    "family_create": dict.fromkeys(PROFESSIONALS, 201),
}


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(world, api_client, persona, endpoint):
    api = api_client.as_user(world.user(persona))
    response = call(api, world, persona, endpoint)
    expected = EXPECTED[endpoint].get(persona, 404)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_only_own_caseload(world, api_client, persona):
    body = api_client.as_user(world.user(persona)).get("/api/v1/trajectories").json()
    ids = {item["id"] for item in body["items"]}
    expected = {
        "coordinator": {str(world.t.public_id)},
        "member": {str(world.t.public_id)},
        "outsider": {str(world.other_t.public_id)},
    }.get(persona, set())
    assert ids == expected
    assert body["count"] == len(expected)


def test_missing_trajectory_is_404_like_forbidden(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    missing = api.get("/api/v1/trajectories/00000000-0000-0000-0000-000000000000")
    forbidden = api.get(f"/api/v1/trajectories/{world.other_t.public_id}")
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()


def test_reads_and_writes_are_logged(world, api_client):
    api = api_client.as_user(world.member.user)
    before = AccessEvent.objects.count()
    api.get(f"/api/v1/trajectories/{world.t.public_id}")
    read = AccessEvent.objects.order_by("-id").first()
    assert (read.action, read.professional, read.organisation, read.channel) == (
        "read",
        world.member,
        world.midwives,
        "api",
    )
    after_read = AccessEvent.objects.count()
    api.patch(f"/api/v1/trajectories/{world.t.public_id}", {"risk_level": "raised"})
    writes = AccessEvent.objects.filter(pk__gt=read.pk, object_type="Trajectory", action="update")
    assert writes.filter(category="medical", professional=world.member).exists()
    assert after_read == before + 1


def test_access_log_shows_the_members_read_to_the_parent(world, api_client):
    api_client.as_user(world.member.user).get(f"/api/v1/trajectories/{world.t.public_id}")
    log = (
        api_client.as_user(world.parent_user)
        .get(f"/api/v1/trajectories/{world.t.public_id}/access-log")
        .json()
    )
    assert any(e["who"] == "Sofie Claes" and e["action"] == "read" for e in log["items"])


def test_withdrawn_consent_gives_404_at_once(world, api_client):
    member_api = api_client.as_user(world.member.user)
    assert member_api.get(f"/api/v1/trajectories/{world.t.public_id}").status_code == 200
    consent = world.t.consents.get(organisation=world.midwives)
    api_client.as_user(world.parent_user).post(
        f"/api/v1/trajectories/{world.t.public_id}/consents/{consent.public_id}/withdraw",
        {"recorded_via": "parent_portal"},
    )
    assert (
        api_client.as_user(world.member.user).get(f"/api/v1/trajectories/{world.t.public_id}").status_code
        == 404
    )


def test_break_glass_is_flagged_in_the_log_and_expires(world, api_client):
    from wieg.care.models import BreakGlassAccess

    api = api_client.as_user(world.no_consent.user)
    t = f"/api/v1/trajectories/{world.t.public_id}"
    assert (
        api.post(f"{t}/break-glass", {"reason": "Spoedopname: de moeder is niet aanspreekbaar"}).status_code
        == 201
    )
    body = api.get(t).json()
    assert body["break_glass"] is True
    assert AccessEvent.objects.filter(professional=world.no_consent, action="read", break_glass=True).exists()
    BreakGlassAccess.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert api.get(t).status_code == 404
