"""The booklet API: contract, problem+json errors, the 409 with who and when, orders and their handling."""

import pytest

from wieg.booklets.models import Distribution, Stock
from wieg.care.models import AccessEvent
from wieg.testing.personas import PERSONAS

from .conftest import born

pytestmark = pytest.mark.django_db


def fields(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def url(world):
    return f"/api/v1/trajectories/{world.t.public_id}/booklets"


def test_hand_out_then_second_is_409_with_who_and_when(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    response = api.post(url(world), {"booklet": "child", "step": "prenatal_intake", "edition": "2023-06"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["step"] == "prenatal_intake" and body["professional"]["display_name"] == "Els Verhoeven"
    second = api_client.as_user(world.member.user).post(
        url(world), {"booklet": "child", "step": "independent_midwife"}
    )
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    assert "Els Verhoeven" in second.json()["detail"]
    listing = api.get(url(world)).json()
    assert listing["count"] == 1 and listing["has_child_booklet"] is True and listing["turn"] is None


def test_list_says_whose_step_it_is(world, api_client):
    born(world.t)
    body = api_client.as_user(world.coordinator.user).get(url(world)).json()
    assert body["count"] == 0 and body["turn"]["step"] == "independent_midwife"
    assert body["turn"]["organisation"]["name"] == world.midwives.name


def test_bad_input_is_422_naming_the_field(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    response = api.post(url(world), {"booklet": "child", "step": "first_postnatal_contact"})
    assert response.status_code == 422 and "step" in fields(response)
    response = api.post(
        url(world), {"booklet": "child", "step": "prenatal_intake", "handed_out_on": "gisteren"}
    )
    assert response.status_code == 422 and "handed_out_on" in fields(response)
    response = api.post(url(world), {"booklet": "comic", "step": "prenatal_intake"})
    assert response.status_code == 422 and "booklet" in fields(response)


def test_replacement_via_api(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    api.post(url(world), {"step": "prenatal_intake"})
    response = api.post(url(world), {"replacement": True, "replacement_reason": "damaged"})
    assert response.status_code == 201 and response.json()["kind"] == "replacement"


EXPECTED_READ = {"coordinator": 200, "member": 200}
EXPECTED_WRITE = {"coordinator": 201}  # the member is the midwife: step 1 does not fit her, 422


@pytest.mark.parametrize("persona", PERSONAS)
def test_distribution_endpoints_matrix(world, api_client, persona):
    api = api_client.as_user(world.user(persona))
    before = AccessEvent.objects.count()
    read = api.get(url(world))
    expected_read = EXPECTED_READ.get(persona, 200 if persona == "parent" else 404)
    assert read.status_code == expected_read
    if expected_read == 200:
        assert AccessEvent.objects.count() > before
    write = api.post(url(world), {"step": "prenatal_intake"})
    assert write.status_code == EXPECTED_WRITE.get(persona, 422 if persona == "member" else 404)
    assert Distribution.objects.count() == (1 if persona == "coordinator" else 0)


def test_other_family_is_404(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    assert api.get(f"/api/v1/trajectories/{world.other_t.public_id}/booklets").status_code == 404


def order(api, **data):
    data.setdefault("booklet", "child")
    return api.post("/api/v1/booklet-orders", data)


def test_order_lifecycle_over_the_api(world, api_client):
    midwife = api_client.as_user(world.member.user)
    response = order(midwife, quantity=51, practice_name="De Wieg", declares_independent_midwife=True)
    assert response.status_code == 422 and "quantity" in fields(response)
    response = order(midwife, quantity=11, practice_name="De Wieg", declares_independent_midwife=True)
    assert response.status_code == 422 and "maximaal 10" in fields(response)["quantity"]
    response = order(midwife, quantity=10, practice_name="", declares_independent_midwife=False)
    assert set(fields(response)) == {"practice_name", "declares_independent_midwife"}
    response = order(midwife, quantity=10, practice_name="De Wieg", declares_independent_midwife=True)
    assert response.status_code == 201
    order_id = response.json()["id"]
    assert midwife.post(f"/api/v1/booklet-orders/{order_id}/approve").status_code == 404
    kg = api_client.as_user(world.coordinator.user)  # the client now speaks as Kind en Gezin
    assert kg.get("/api/v1/booklet-orders").json()["count"] == 1
    assert kg.post(f"/api/v1/booklet-orders/{order_id}/ship").status_code == 409
    assert kg.post(f"/api/v1/booklet-orders/{order_id}/approve").json()["status"] == "approved"
    shipped = kg.post(f"/api/v1/booklet-orders/{order_id}/ship")
    assert shipped.status_code == 409 and "voorraad" in shipped.json()["detail"].lower()
    Stock.objects.create(booklet="child", edition="2023-06", quantity=12)
    assert kg.post(f"/api/v1/booklet-orders/{order_id}/ship").json()["status"] == "shipped"
    assert Stock.objects.get().quantity == 2
    midwife = api_client.as_user(world.member.user)
    assert midwife.get("/api/v1/booklet-orders").json()["items"][0]["status"] == "shipped"


def test_reject_over_the_api_needs_reason(world, api_client):
    midwife = api_client.as_user(world.member.user)
    order_id = order(midwife, quantity=3, practice_name="De Wieg", declares_independent_midwife=True).json()[
        "id"
    ]
    kg = api_client.as_user(world.coordinator.user)
    assert kg.post(f"/api/v1/booklet-orders/{order_id}/reject", {"reason": ""}).status_code == 422
    rejected = kg.post(f"/api/v1/booklet-orders/{order_id}/reject", {"reason": "Praktijk onbekend"}).json()
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "Praktijk onbekend"


def test_parent_orders_over_the_api(world, api_client):
    parent = api_client.as_user(world.parent_user)
    response = order(parent, quantity=1, remarks="graag in het Frans")
    assert response.status_code == 201 and response.json()["trajectory_id"] == str(world.t.public_id)
    assert order(parent, quantity=1).status_code == 409
    assert parent.get("/api/v1/booklet-orders").json()["count"] == 1
    other = api_client.as_user(world.other_parent_user)  # the client now speaks as the other parent
    assert order(other, quantity=1, trajectory_id=str(world.t.public_id)).status_code == 422
    assert other.get("/api/v1/booklet-orders").json()["count"] == 0


@pytest.mark.parametrize("persona", ["no_consent", "excluded", "outsider", "analyst", "admin"])
def test_orders_matrix_for_others(world, api_client, persona):
    midwife = api_client.as_user(world.member.user)
    order_id = order(midwife, quantity=3, practice_name="De Wieg", declares_independent_midwife=True).json()[
        "id"
    ]
    api = api_client.as_user(world.user(persona))
    is_kg = persona == "excluded"  # a Kind en Gezin colleague handles orders, whatever the family says
    assert api.get("/api/v1/booklet-orders").json()["count"] == (1 if is_kg else 0)
    assert order(api, quantity=1, practice_name="x", declares_independent_midwife=True).status_code == 404
    assert api.post(f"/api/v1/booklet-orders/{order_id}/approve").status_code == (200 if is_kg else 404)
