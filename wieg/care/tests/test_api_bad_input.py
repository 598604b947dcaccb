"""Bad input gets a problem+json naming the field, never a 500, and nothing is half-saved."""

import pytest

from wieg.care.models import Family, Person, Trajectory

pytestmark = pytest.mark.django_db


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    return body


def _fields(body):
    return {e["field"] for e in body.get("errors", [])}


@pytest.fixture
def api(world, api_client):
    return api_client.as_user(world.coordinator.user)


def test_invalid_national_number_names_the_member_field(api):
    body = _problem(
        api.post(
            "/api/v1/families",
            {
                "municipality_nis": "44021",
                "members": [
                    {"role": "pregnant_parent", "given_name": "A", "family_name": "B"},
                    {
                        "role": "co_parent",
                        "given_name": "C",
                        "family_name": "D",
                        "national_number": "85073003329",
                    },
                ],
            },
        ),
        422,
    )
    assert _fields(body) == {"members.1.national_number"}
    assert not Person.objects.filter(given_name="A").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        (
            {
                "municipality_nis": "99999",
                "members": [{"role": "child", "given_name": "A", "family_name": "B"}],
            },
            "municipality_nis",
        ),
        ({"municipality_nis": "44021", "members": []}, "members"),
        (
            {
                "municipality_nis": "44021",
                "members": [{"role": "king", "given_name": "A", "family_name": "B"}],
            },
            "members.0.role",
        ),
        (
            {
                "municipality_nis": "44021",
                "members": [{"role": "child", "given_name": "", "family_name": "B"}],
            },
            "members.0.given_name",
        ),
        (
            {
                "municipality_nis": "44021",
                "members": [
                    {"role": "child", "given_name": "A", "family_name": "B", "birth_date": "2024-02-30"}
                ],
            },
            "members.0.birth_date",
        ),
        ({"members": [{"role": "child", "given_name": "A", "family_name": "B"}]}, "municipality_nis"),
    ],
)
def test_family_field_errors(api, payload, field):
    before = Family.objects.count()
    body = _problem(api.post("/api/v1/families", payload), 422)
    assert field in _fields(body)
    assert Family.objects.count() == before


def test_malformed_json_is_a_problem_not_a_500(world, client):
    from wieg.accounts.models import ApiToken

    _, token = ApiToken.issue(world.coordinator.user)
    response = client.post(
        "/api/v1/families", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"due_date": "2020-01-01"}, "due_date"),
        ({"due_date": "2099-01-01"}, "due_date"),
        ({"parity": "many"}, "parity"),
        ({"plurality": 0}, "plurality"),
        ({"consent": {"categories": ["medical"], "recorded_via": "verbal"}}, "consent.categories"),
        ({"consent": {"categories": ["contact"], "recorded_via": "telepathy"}}, "consent.recorded_via"),
        ({"pregnant_person_id": "00000000-0000-0000-0000-000000000000"}, "pregnant_person_id"),
        ({"family_id": "not-a-uuid"}, "family_id"),
    ],
)
def test_trajectory_field_errors(world, api, change, field):
    family = api.post(
        "/api/v1/families",
        {
            "municipality_nis": "44021",
            "members": [{"role": "pregnant_parent", "given_name": "A", "family_name": "B"}],
        },
    ).json()
    payload = {
        "family_id": family["id"],
        "pregnant_person_id": family["members"][0]["id"],
        "due_date": "2027-04-01",
        "parity": "nulliparous",
        "consent": {"categories": ["contact", "medical"], "recorded_via": "verbal"},
    }
    payload.update(change)
    before = Trajectory.objects.count()
    body = _problem(api.post("/api/v1/trajectories", payload), 422)
    assert field in _fields(body)
    assert Trajectory.objects.count() == before


def test_break_glass_short_reason_names_the_field(world, api_client):
    api = api_client.as_user(world.no_consent.user)
    body = _problem(
        api.post(f"/api/v1/trajectories/{world.t.public_id}/break-glass", {"reason": "kort"}), 422
    )
    assert _fields(body) == {"reason"}


def test_unknown_api_path_is_a_problem(api):
    _problem(api.get("/api/v1/nothing-here"), 404)


def test_invalid_uuid_in_path_is_404(api):
    _problem(api.get("/api/v1/trajectories/12345"), 404)


def test_bad_query_values(api):
    assert "role" in _fields(_problem(api.get("/api/v1/trajectories", {"role": "boss"}), 422))
    assert "limit" in _fields(_problem(api.get("/api/v1/trajectories", {"limit": "lots"}), 422))


def test_errors_speak_the_requested_language(world, api_client):
    api = api_client.as_user(world.no_consent.user)
    url = f"/api/v1/trajectories/{world.t.public_id}/break-glass"
    dutch = api.post(url, {"reason": "kort"}, HTTP_ACCEPT_LANGUAGE="nl").json()
    french = api.post(url, {"reason": "kort"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert dutch["errors"][0]["message"] != french["errors"][0]["message"]
