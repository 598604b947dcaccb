"""Whose turn, per responsible organisation; the parents' portal part; fixed query counts."""

import pytest
from django.urls import reverse

from wieg.booklets import selectors, services
from wieg.testing.factories import add_to_team, give_consent, make_trajectory

from .conftest import born

pytestmark = pytest.mark.django_db


def ids(qs):
    return {t.pk for t in qs}


def test_worklist_per_responsible_organisation(world):
    kg, midwife = world.actor("coordinator"), world.actor("member")
    assert ids(selectors.worklist(kg)) == {world.t.pk}  # before the birth: Kind en Gezin
    assert ids(selectors.worklist(midwife)) == set()
    born(world.t)
    assert ids(selectors.worklist(kg)) == set()
    assert ids(selectors.worklist(midwife)) == {world.t.pk}  # the midwife follows the family after the birth
    assert ids(selectors.worklist(kg, mine_only=False)) == {world.t.pk}
    services.distribution_record(actor=midwife, trajectory=world.t, step="independent_midwife")
    assert ids(selectors.worklist(midwife)) == set()
    assert ids(selectors.worklist(kg, mine_only=False)) == set()


def test_worklist_never_shows_families_outside_the_policy(world):
    assert ids(selectors.worklist(world.actor("outsider"), mine_only=False)) == {world.other_t.pk}
    assert ids(selectors.worklist(world.actor("no_consent"), mine_only=False)) == set()
    assert ids(selectors.worklist(world.actor("excluded"), mine_only=False)) == set()


def test_worklist_page_groups_per_organisation(world, client):
    born(world.t)
    client.force_login(world.coordinator.user)
    html = client.get(reverse("booklets:worklist") + "?all=1").content.decode()
    assert world.midwives.name in html and "stap 2: zelfstandig vroedvrouw" in html


def test_portal_shows_our_booklets_and_ordering(world, client):
    client.force_login(world.parent_user)
    url = reverse("booklets:portal_section", kwargs={"trajectory_id": world.t.public_id})
    assert "Een Kindboekje bestellen" in client.get(url).content.decode()
    services.distribution_record(actor=world.actor("coordinator"), trajectory=world.t, step="prenatal_intake")
    html = client.get(url).content.decode()
    assert world.kg.name in html and "Een Kindboekje bestellen" not in html
    other = reverse("booklets:portal_section", kwargs={"trajectory_id": world.other_t.public_id})
    assert client.get(other).status_code == 404


def _orders(world, n):
    for i in range(n):
        t = make_trajectory(world.coordinator, world.kg)
        from wieg.care.models import Person

        Person.objects.filter(pk=t.pregnant_person_id).update(user=world.parent_user)
        services.order_place(actor=world.actor("parent"), booklet="child", quantity=1, trajectory=t)
    services.order_place(
        actor=world.actor("member"),
        booklet="pregnancy",
        quantity=2,
        practice_name="De Wieg",
        declares_independent_midwife=True,
    )


def test_order_list_fixed_query_count(world, api_client, django_assert_max_num_queries):
    api = api_client.as_user(world.coordinator.user)
    _orders(world, 1)
    with django_assert_max_num_queries(20) as small:
        assert api.get("/api/v1/booklet-orders").json()["count"] == 2
    _orders(world, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get("/api/v1/booklet-orders").json()["count"] == 11


def test_order_admin_page_fixed_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator.user)
    _orders(world, 1)
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse("booklets:order_admin") + "?status=all").status_code == 200
    _orders(world, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("booklets:order_admin") + "?status=all").status_code == 200


def test_teams_of_other_families(world):
    t = make_trajectory(world.coordinator, world.kg)
    give_consent(t, organisation=world.midwives)
    add_to_team(t, world.member, world.midwives)
    born(t)
    assert t.pk in ids(selectors.worklist(world.actor("member")))


def test_form_suggests_the_step_that_fits_the_actor(world, on_team):
    from wieg.booklets import rules

    r = rules.current()
    assert selectors.suggested_step(r, "kg_team", world.t) == "prenatal_intake"
    assert selectors.suggested_step(r, "midwife_practice", world.t) == "independent_midwife"
    assert selectors.suggested_step(r, "maternity_ward", world.t) == ""
    born(world.t, nicu=True)
    assert selectors.suggested_step(r, "kg_team", world.t) == "first_postnatal_contact"
    assert selectors.suggested_step(r, "nicu", world.t) == "nicu"
