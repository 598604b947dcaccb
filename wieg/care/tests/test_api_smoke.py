import pytest

pytestmark = pytest.mark.django_db


def test_health_needs_no_token(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_api_without_token_is_401_problem(client):
    response = client.get("/api/v1/trajectories")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_coordinator_lists_and_reads_trajectory(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    listing = api.get("/api/v1/trajectories").json()
    assert listing["count"] == 1
    assert listing["items"][0]["id"] == str(world.t.public_id)
    detail = api.get(f"/api/v1/trajectories/{world.t.public_id}")
    assert detail.status_code == 200
    assert detail.json()["coordinator"]["professional"]["display_name"] == "Els Verhoeven"


def test_outsider_gets_404(world, api_client):
    response = api_client.as_user(world.outsider.user).get(f"/api/v1/trajectories/{world.t.public_id}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
