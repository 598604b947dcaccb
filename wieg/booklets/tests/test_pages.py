"""Pages: the permission matrix over the personas, the hand-out form, orders, handling, worklist, figures."""

import pytest
from django.urls import reverse

from wieg.booklets import services
from wieg.booklets.models import Distribution, Order, Stock
from wieg.care.models import AccessEvent
from wieg.testing.factories import add_to_team, give_consent, make_trajectory
from wieg.testing.personas import PERSONAS

from .conftest import born

pytestmark = pytest.mark.django_db

# page -> {persona: status}; everyone else gets 404
PAGES = {
    "trajectory_section": {"coordinator": 200, "member": 200},
    "worklist": dict.fromkeys(("coordinator", "member", "no_consent", "excluded", "outsider"), 200),
    "worklist_section": dict.fromkeys(("coordinator", "member", "no_consent", "excluded", "outsider"), 200),
    "orders": {"coordinator": 302, "excluded": 302, "member": 200, "parent": 200},
    "order_admin": {"coordinator": 200, "excluded": 200},
    "figures": {"coordinator": 200, "excluded": 200},
    "portal_section": {"parent": 200},
}


def page_url(world, name):
    if name in ("trajectory_section", "portal_section"):
        return reverse(f"booklets:{name}", kwargs={"trajectory_id": world.t.public_id})
    return reverse(f"booklets:{name}")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix(world, client, persona, name):
    client.force_login(world.user(persona))
    response = client.get(page_url(world, name))
    assert response.status_code == PAGES[name].get(persona, 404)


POSTS = {
    "hand_out": {"coordinator": 200},
    "portal_order": {"parent": 200},
    "stock_receive": {"coordinator": 302, "excluded": 302},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POSTS))
def test_post_matrix(world, client, persona, name):
    client.force_login(world.user(persona))
    if name == "hand_out":
        url = reverse("booklets:hand_out", kwargs={"trajectory_id": world.t.public_id})
        data = {
            "already_has": "no",
            "booklet": "child",
            "step": "prenatal_intake",
            "edition": "2023-06",
            "handed_out_on": "2026-01-01",
            "child_number": 1,
        }
        data["handed_out_on"] = str(__import__("django.utils.timezone").utils.timezone.localdate())
    elif name == "portal_order":
        url = reverse("booklets:portal_order", kwargs={"trajectory_id": world.t.public_id})
        data = {"remarks": ""}
    else:
        url = reverse("booklets:stock_receive")
        data = {"booklet": "child", "edition": "2023-06", "quantity": 5}
    expected = POSTS[name].get(persona, 404)
    if name == "hand_out" and persona == "member":
        expected = 422  # the midwife sees the form, but step 1 is not hers
    response = client.post(url, data)
    assert response.status_code == expected
    created = Distribution.objects.count() + Order.objects.count() + Stock.objects.count()
    assert created == (1 if expected in (200, 302) else 0)


@pytest.mark.parametrize("persona", ["coordinator", "excluded", "member", "outsider", "parent", "analyst"])
def test_order_actions_matrix(world, client, persona):
    order = services.order_place(
        actor=world.actor("member"),
        booklet="child",
        quantity=2,
        practice_name="De Wieg",
        declares_independent_midwife=True,
    )
    client.force_login(world.user(persona))
    response = client.post(reverse("booklets:order_action", args=[order.public_id, "approve"]))
    is_kg = persona in ("coordinator", "excluded")
    assert response.status_code == (302 if is_kg else 404)
    assert Order.objects.get(pk=order.pk).status == ("approved" if is_kg else "submitted")


def _today():
    from django.utils import timezone

    return str(timezone.localdate())


def test_section_asks_first_and_refuses_a_second(world, client):
    client.force_login(world.member.user)
    url = reverse("booklets:trajectory_section", kwargs={"trajectory_id": world.t.public_id})
    html = client.get(url).content.decode()
    assert html.index("Hebben de ouders al een Kindboekje?") < html.index('name="step"')
    assert "Nog geen Kindboekje" in html
    post = reverse("booklets:hand_out", kwargs={"trajectory_id": world.t.public_id})
    data = {
        "already_has": "no",
        "booklet": "child",
        "step": "independent_midwife",
        "edition": "2023-06",
        "handed_out_on": _today(),
        "child_number": 1,
    }
    response = client.post(post, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "De uitreiking is geregistreerd." in response.content.decode()
    client.force_login(world.coordinator.user)
    response = client.post(post, {**data, "step": "prenatal_intake"})
    assert response.status_code == 409
    assert "Sofie Claes" in response.content.decode()
    assert Distribution.objects.count() == 1


def test_section_records_parents_already_have_one(world, client):
    client.force_login(world.coordinator.user)
    post = reverse("booklets:hand_out", kwargs={"trajectory_id": world.t.public_id})
    response = client.post(
        post,
        {
            "already_has": "yes",
            "received_from": "grootouders",
            "booklet": "child",
            "step": "",
            "edition": "2023-06",
            "handed_out_on": _today(),
            "child_number": 1,
        },
    )
    assert response.status_code == 200
    d = Distribution.objects.get()
    assert d.kind == "already_had" and d.received_from == "grootouders"


def test_replacement_form(world, client):
    services.distribution_record(actor=world.actor("coordinator"), trajectory=world.t, step="prenatal_intake")
    client.force_login(world.coordinator.user)
    post = reverse("booklets:hand_out", kwargs={"trajectory_id": world.t.public_id})
    response = client.post(
        post,
        {
            "action": "replace",
            "replacement_reason": "lost",
            "edition": "2023-06",
            "handed_out_on": _today(),
            "child_number": 1,
        },
    )
    assert response.status_code == 200
    assert Distribution.objects.filter(kind="replacement").count() == 1


def test_midwife_order_page_shows_maximum_and_refuses_too_many(world, client):
    client.force_login(world.member.user)
    url = reverse("booklets:orders")
    assert "maximaal <strong>10</strong>" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "booklet": "child",
            "quantity": 51,
            "practice_name": "De Wieg",
            "declares_independent_midwife": "on",
        },
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {"booklet": "child", "quantity": 8, "practice_name": "De Wieg", "declares_independent_midwife": "on"},
    )
    assert response.status_code == 302 and Order.objects.get().quantity == 8


def test_parent_portal_order_once(world, client):
    client.force_login(world.parent_user)
    url = reverse("booklets:portal_order", kwargs={"trajectory_id": world.t.public_id})
    html = client.post(url, {"remarks": ""}).content.decode()
    assert "doorgestuurd" in html
    client.post(url, {"remarks": ""})
    assert Order.objects.count() == 1
    assert (
        AccessEvent.objects.filter(user=world.parent_user, object_type="Order", action="create").count() == 1
    )


def test_figures_page(world, client):
    import datetime as dt

    born(world.t, days_ago=20)
    coordinator = world.actor("coordinator")
    services.distribution_record(
        actor=coordinator,
        trajectory=world.t,
        step="first_postnatal_contact",
        handed_out_on=world.t.birth_date + dt.timedelta(days=14),
    )  # just in time
    late = make_trajectory(world.coordinator, world.kg)
    born(late, days_ago=30)
    services.distribution_record(
        actor=coordinator,
        trajectory=late,
        step="first_postnatal_contact",
        handed_out_on=late.birth_date + dt.timedelta(days=15),
    )  # too late
    born(make_trajectory(world.coordinator, world.kg), days_ago=10)  # not yet two weeks: not counted
    client.force_login(world.coordinator.user)
    html = client.get(reverse("booklets:figures")).content.decode()
    assert 'id="double-distributions" class="badge ok">0<' in html
    assert "(1 / 2)" in html


def _families(world, n):
    for _ in range(n):
        t = make_trajectory(world.coordinator, world.kg)
        give_consent(t, organisation=world.midwives, categories=("contact",))
        add_to_team(t, world.member, world.midwives)


def test_worklist_fixed_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator.user)
    url = reverse("booklets:worklist") + "?all=1"
    _families(world, 2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _families(world, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/trajectories/") >= 18


def test_sections_are_registered_on_the_trajectory_page(world, client):
    client.force_login(world.member.user)
    html = client.get(reverse("care:trajectory_detail", args=[world.t.public_id])).content.decode()
    assert reverse("booklets:trajectory_section", kwargs={"trajectory_id": world.t.public_id}) in html
    from wieg.core.registry import registry

    assert "booklets" in {s.key for s in registry.sections["portal"]}
    assert "booklets" in {s.key for s in registry.sections["worklist"]}


def test_maternity_ward_sees_why_it_no_longer_hands_out(world, client, on_team):
    on_team("ward_nurse", "maternity_ward")
    client.force_login(world.ward_nurse.user)
    url = reverse("booklets:trajectory_section", kwargs={"trajectory_id": world.t.public_id})
    html = client.get(url).content.decode()
    assert 'id="booklet-organisation-note"' in html and "Kraamklinieken" in html
