import io

import pytest
from django.core.management import call_command

from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_the_token_last(world, client):
    out = io.StringIO()
    call_command("create_api_token", "coordinator", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["username"] == "coordinator"


def test_revoked_or_wrong_token_is_401(world, api_client, client):
    from django.utils import timezone

    from wieg.accounts.models import ApiToken

    api_client.as_user(world.coordinator.user)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert api_client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_me_for_a_professional(world, api_client):
    body = api_client.as_user(world.coordinator.user).get("/api/v1/me").json()
    assert body["professional_id"] == str(world.coordinator.public_id)
    assert body["display_name"] == "Els Verhoeven"
    assert body["discipline"] == "nurse"
    assert body["organisations"] == [
        {"id": str(world.kg.public_id), "name": world.kg.name, "kind": "kg_team"}
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_me_answers_every_persona(world, api_client, persona):
    response = api_client.as_user(world.user(persona)).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == world.user(persona).username


def test_municipalities_by_region(client):
    flanders = client.get("/api/v1/municipalities", {"region": "flanders"}).json()
    brussels = client.get("/api/v1/municipalities", {"region": "brussels"}).json()
    assert flanders["count"] == 285 and brussels["count"] == 19
    ghent = next(m for m in flanders["items"] if m["nis_code"] == "44021")
    assert ghent["name_fr"] == "Gand" and "9000" in ghent["postal_codes"]
    bad = client.get("/api/v1/municipalities", {"region": "wallonia"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "region"


def test_organisations_and_professionals(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    midwives = api.get("/api/v1/organisations", {"kind": "midwife_practice"}).json()
    assert [o["name"] for o in midwives["items"]] == ["Vroedvrouwenpraktijk De Wieg"]
    assert api.get("/api/v1/organisations", {"kind": "castle"}).status_code == 422
    people = api.get("/api/v1/professionals", {"organisation": str(world.kg.public_id)}).json()
    assert {p["display_name"] for p in people["items"]} == {"Els Verhoeven", "Ann Peeters"}
    assert (
        api.get("/api/v1/professionals", {"organisation": "00000000-0000-0000-0000-000000000000"}).status_code
        == 404
    )
