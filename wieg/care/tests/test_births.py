"""Births: twins are two children with their own numbers; a NICU stay has admission and discharge dates.

Real dates: a twin pregnancy due on 5 March 2026, born on 2 March 2026 (37 weeks + 4 days).
"""

import datetime as dt

import pytest
from django.urls import reverse

from wieg.care.models import AccessEvent, Person, Trajectory, TrajectoryChild

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 5)
BORN = dt.date(2026, 3, 2)


@pytest.fixture
def twins(world):
    Trajectory.objects.filter(pk=world.t.pk).update(due_date=DUE, plurality=2)
    world.t.refresh_from_db()
    return world.t


def _url(t):
    return f"/api/v1/trajectories/{t.public_id}/birth"


def _child(name, sex="female"):
    return {"given_name": name, "family_name": "Peeters", "sex": sex}


def _fields(response):
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"]: e for e in response.json().get("errors", [])}


def _nothing_saved(t):
    t.refresh_from_db()
    assert t.birth_date is None and t.child is None and t.nicu_admission_date is None
    assert not TrajectoryChild.objects.filter(trajectory=t).exists()
    assert not Person.objects.filter(family=t.family, role="child", given_name__in=["Mila", "Noor"]).exists()


def test_twins_are_registered_with_their_own_numbers_and_a_nicu_stay(world, twins, api_client):
    api = api_client.as_user(world.coordinator.user)
    response = api.post(
        _url(twins),
        {
            "birth_date": BORN.isoformat(),
            "gestational_age_weeks": 37,
            "children": [_child("Mila"), _child("Noor")],
            "nicu_admission_date": "2026-03-02",
            "nicu_discharge_date": "2026-03-19",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["given_name"] for c in body["children"]] == ["Mila", "Noor"]
    assert body["child"]["given_name"] == "Mila"
    assert (body["nicu_admission_date"], body["nicu_discharge_date"]) == ("2026-03-02", "2026-03-19")
    assert body["nicu_admission"] is True and body["plurality"] == 2
    twins.refresh_from_db()
    children = list(twins.children.select_related("person"))
    assert [(c.number, c.person.given_name, c.person.birth_date) for c in children] == [
        (1, "Mila", BORN),
        (2, "Noor", BORN),
    ]
    assert twins.nicu_days() == 17
    assert twins.end_date == dt.date(2028, 3, 2)
    # One access event per child created and one for the birth itself.
    created = AccessEvent.objects.filter(trajectory=twins, action="create", object_type__icontains="person")
    assert created.count() == 2


def test_the_old_single_child_still_works(world, api_client):
    Trajectory.objects.filter(pk=world.t.pk).update(due_date=DUE)
    response = api_client.as_user(world.coordinator.user).post(
        _url(world.t), {"birth_date": BORN.isoformat(), "child": _child("Mila"), "nicu_admission": False}
    )
    assert response.status_code == 201, response.content
    world.t.refresh_from_db()
    assert world.t.children.get().number == 1 and world.t.child.given_name == "Mila"
    assert world.t.nicu_admission is False and world.t.nicu_admission_date is None


def test_a_birth_that_brought_twins_says_so_with_the_plurality(world, api_client):
    Trajectory.objects.filter(pk=world.t.pk).update(due_date=DUE)
    response = api_client.as_user(world.coordinator.user).post(
        _url(world.t),
        {"birth_date": BORN.isoformat(), "plurality": 2, "children": [_child("Mila"), _child("Noor")]},
    )
    assert response.status_code == 201, response.content
    world.t.refresh_from_db()
    assert world.t.plurality == 2 and world.t.children.count() == 2


@pytest.mark.parametrize(
    "change, field, words",
    [
        # A twin pregnancy with one child filled in.
        ({"children": [_child("Mila")]}, "children", "2"),
        # Three children said, two given.
        ({"plurality": 3}, "children", "3"),
        (
            {"nicu_admission_date": "2026-03-10", "nicu_discharge_date": "2026-03-04"},
            "nicu_discharge_date",
            "10/03/2026",
        ),
        ({"nicu_discharge_date": "2026-03-04"}, "nicu_admission_date", "opname"),
        ({"nicu_admission_date": "2026-03-01"}, "nicu_admission_date", "geboorte"),
        (
            {"children": [_child("Mila"), {**_child("Noor"), "given_name": " "}]},
            "children.1.given_name",
            "voornaam",
        ),
        ({"children": [], "plurality": None}, "children", "kind"),
        ({"child": _child("Mila")}, "children", "child"),
    ],
)
def test_bad_births_are_field_errors_and_nothing_is_saved(world, twins, api_client, change, field, words):
    payload = {"birth_date": BORN.isoformat(), "children": [_child("Mila"), _child("Noor")], **change}
    payload = {k: v for k, v in payload.items() if v is not None}
    response = api_client.as_user(world.coordinator.user).post(_url(twins), payload)
    assert response.status_code == 422, response.content
    errors = _fields(response)
    assert field in errors, errors
    assert words.lower() in errors[field]["message"].lower()
    _nothing_saved(twins)


def test_the_same_national_number_for_both_twins_is_refused(world, twins, api_client):
    number = "26030200183"
    response = api_client.as_user(world.coordinator.user).post(
        _url(twins),
        {
            "birth_date": BORN.isoformat(),
            "children": [
                {**_child("Mila"), "national_number": number},
                {**_child("Noor"), "national_number": number},
            ],
        },
    )
    assert response.status_code == 422, response.content
    assert "children.1.national_number" in _fields(response) or "children.0.national_number" in _fields(
        response
    )
    _nothing_saved(twins)


@pytest.mark.parametrize(
    "persona, status",
    [("coordinator", 201), ("member", 201), ("no_consent", 404), ("outsider", 404), ("parent", 404)],
)
def test_who_may_register_a_birth(world, twins, api_client, persona, status):
    response = api_client.as_user(world.user(persona)).post(
        _url(twins), {"birth_date": BORN.isoformat(), "children": [_child("Mila"), _child("Noor")]}
    )
    assert response.status_code == status, response.content
    if status != 201:
        _nothing_saved(twins)


def test_the_birth_form_adds_a_second_child_in_place_and_registers_twins(world, twins, client):
    client.force_login(world.coordinator.user)
    url = reverse("care:trajectory_birth", args=[twins.public_id])
    page = client.get(reverse("care:trajectory_detail", args=[twins.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    # The twin pregnancy shows both children's fields from the start.
    assert 'name="child_1_given_name"' in html and 'name="child_2_given_name"' in html
    # "Add a child" on a single pregnancy shows a second group of fields, saves nothing.
    Trajectory.objects.filter(pk=twins.pk).update(plurality=1)
    response = client.post(
        url, {"birth_date": "2026-03-02", "plurality": "1", "child_1_given_name": "Mila", "add_child": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="child_2_given_name"' in html and 'value="Mila"' in html
    _nothing_saved(twins)
    data = {
        "birth_date": "2026-03-02",
        "plurality": "2",
        "nicu_admission_date": "2026-03-10",
        "nicu_discharge_date": "2026-03-04",
    }
    for n, name in ((1, "Mila"), (2, "Noor")):
        data.update(
            {f"child_{n}_given_name": name, f"child_{n}_family_name": "Peeters", f"child_{n}_sex": "female"}
        )
    response = client.post(url, data)
    assert response.status_code == 422
    assert "voor de opname" in response.content.decode()
    _nothing_saved(twins)
    data["nicu_discharge_date"] = "2026-03-24"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    twins.refresh_from_db()
    assert twins.plurality == 2 and twins.children.count() == 2
    assert (twins.nicu_admission_date, twins.nicu_discharge_date) == (
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 24),
    )
