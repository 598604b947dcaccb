"""Contact details through the API: the permission matrix over the personas, a parent's own details only,
bad input named by field in the user's language with nothing saved, and every change in the access log."""

import pytest

from wieg.care.models import AccessEvent, Person
from wieg.testing.factories import PersonFactory, give_consent
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# A family in Ghent: 9000 is Gent itself, 9040 Sint-Amandsberg (a part of Gent), 2000 is Antwerpen.
GOOD = {
    "address": {
        "street": "Sleepstraat",
        "house_number": "12",
        "box": "3",
        "postal_code": "9000",
        "municipality": "Gent",
    },
    "phones": [{"number": "0470 12 34 56", "label": "mobile"}, {"number": "09 223 45 67", "label": "home"}],
    "email": "Lotte.Peeters@Voorbeeld.BE",
    "preferred_language": "nl",
    "interpreter_needed": False,
    "interpreter_language": "",
    "safe_to_contact": True,
    "contact_note": "",
}


def _url(world, person=None):
    person = person or world.t.pregnant_person
    return f"/api/v1/families/{world.t.family.public_id}/members/{person.public_id}/contact"


def _family_url(world):
    return f"/api/v1/families/{world.t.family.public_id}"


@pytest.fixture
def co_parent(world):
    return PersonFactory(family=world.t.family, role="co_parent", given_name="Jonas", sex="male")


# Who may read the family, and who may change the pregnant parent's contact details (the parent is her).
READ = {"coordinator": 200, "member": 200, "parent": 200}
WRITE = {"coordinator": 200, "member": 200, "parent": 422}  # the parent may not change her address


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_family_detail(world, api_client, persona):
    response = api_client.as_user(world.user(persona)).get(_family_url(world))
    assert response.status_code == READ.get(persona, 404), response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_contact_put(world, api_client, persona):
    before = Person.objects.get(pk=world.t.pregnant_person.pk)
    response = api_client.as_user(world.user(persona)).put(_url(world), GOOD)
    assert response.status_code == WRITE.get(persona, 404), response.content
    after = Person.objects.get(pk=world.t.pregnant_person.pk)
    if response.status_code == 200:
        assert after.phones[0] == {"number": "+32470123456", "label": "mobile"}
    else:
        assert (after.phones, after.street) == (before.phones, before.street) == ([], "")


def test_put_answers_the_stored_values_in_e164_and_logs_the_change(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    body = api.put(_url(world), GOOD).json()
    assert body["contact"]["phones"] == [
        {"number": "+32470123456", "label": "mobile"},
        {"number": "+3292234567", "label": "home"},
    ]
    assert body["contact"]["email"] == "Lotte.Peeters@voorbeeld.be"
    assert body["contact"]["address"] == {
        "street": "Sleepstraat",
        "house_number": "12",
        "box": "3",
        "postal_code": "9000",
        "municipality": "Gent",
        "municipality_nis": "44021",
    }
    event = AccessEvent.objects.filter(action="update", object_type="Person").get()
    assert (event.professional, event.category, event.trajectory, event.channel) == (
        world.coordinator,
        "contact",
        world.t,
        "api",
    )
    assert event.detail == "contact details: address, email, phones"
    assert "0470" not in event.detail and "Sleepstraat" not in event.detail
    # The same values again change nothing, and log nothing more.
    api.put(_url(world), GOOD)
    assert AccessEvent.objects.filter(action="update", object_type="Person").count() == 1


def test_a_part_of_gent_is_found_by_its_postal_code_alone(world, api_client):
    payload = {**GOOD, "address": {"street": "Antwerpsesteenweg", "house_number": "5", "postal_code": "9040"}}
    body = api_client.as_user(world.coordinator.user).put(_url(world), payload).json()
    assert body["contact"]["address"]["municipality_nis"] == "44021"


def test_get_family_shows_members_with_languages_and_contact(world, api_client, co_parent):
    api = api_client.as_user(world.coordinator.user)
    api.put(
        _url(world),
        {**GOOD, "preferred_language": "ar", "interpreter_needed": True, "interpreter_language": "ar"},
    )
    body = api.get(_family_url(world)).json()
    members = {m["id"]: m for m in body["members"]}
    mother = members[str(world.t.pregnant_person.public_id)]
    assert (mother["preferred_language"], mother["interpreter_needed"], mother["interpreter_language"]) == (
        "ar",
        True,
        "ar",
    )
    assert mother["contact"]["phones"][0]["number"] == "+32470123456"
    assert mother["contact"]["safe_to_contact"] is True
    assert members[str(co_parent.public_id)]["contact"] == {
        "address": None,
        "phones": [],
        "email": "",
        "safe_to_contact": True,
        "contact_note": "",
    }
    assert AccessEvent.objects.filter(action="read", object_type="Family", category="contact").exists()


def test_without_contact_consent_the_family_shows_no_contact(world, api_client):
    """The GP practice gets consent for the care plan only: it sees the members, not how to reach them."""
    give_consent(world.t, organisation=world.gp_practice, categories=("care_plan",))
    body = api_client.as_user(world.no_consent.user).get(_family_url(world)).json()
    assert body["members"] and all(m["contact"] is None for m in body["members"])
    response = api_client.as_user(world.no_consent.user).put(_url(world), GOOD)
    assert response.status_code == 404


# --- the parent -------------------------------------------------------------------------------------------


def test_parent_sees_only_her_own_contact_and_not_the_warning(world, api_client, co_parent):
    co_parent.phones = [{"number": "+32470990001", "label": "mobile"}]
    co_parent.save()
    world.t.pregnant_person.phones = [{"number": "+32470123456", "label": "mobile"}]
    world.t.pregnant_person.safe_to_contact = False
    world.t.pregnant_person.contact_note = "Nooit bellen: de partner leest mee."
    world.t.pregnant_person.save()
    body = api_client.as_user(world.parent_user).get(_family_url(world)).json()
    members = {m["id"]: m for m in body["members"]}
    own = members[str(world.t.pregnant_person.public_id)]["contact"]
    assert own["phones"] == [{"number": "+32470123456", "label": "mobile"}]
    assert own["safe_to_contact"] is None and own["contact_note"] is None
    assert members[str(co_parent.public_id)]["contact"] is None
    assert "Nooit bellen" not in str(body)


def test_parent_corrects_her_own_phone_and_email(world, api_client):
    api_client.as_user(world.coordinator.user).put(_url(world), GOOD)
    parent = api_client.as_user(world.parent_user)
    own = parent.get(_family_url(world)).json()["members"]
    mine = next(m for m in own if m["id"] == str(world.t.pregnant_person.public_id))
    payload = {
        **mine["contact"],
        "phones": [{"number": "0485 11 22 33", "label": "mobile"}],
        "email": "lotte@voorbeeld.be",
        "preferred_language": mine["preferred_language"],
        "interpreter_needed": mine["interpreter_needed"],
        "interpreter_language": mine["interpreter_language"],
    }
    response = parent.put(_url(world), payload)
    assert response.status_code == 200, response.content
    person = Person.objects.get(pk=world.t.pregnant_person.pk)
    assert person.phones == [{"number": "+32485112233", "label": "mobile"}]
    assert (person.email, person.street) == ("lotte@voorbeeld.be", "Sleepstraat")
    event = AccessEvent.objects.filter(action="update", object_type="Person", user=world.parent_user).get()
    assert (event.actor_kind, event.detail) == ("parent", "contact details: email, phones")


def test_parent_cannot_change_the_co_parents_details(world, api_client, co_parent):
    response = api_client.as_user(world.parent_user).put(
        _url(world, co_parent), {"phones": [{"number": "0470 12 34 56"}]}
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=co_parent.pk).phones == []


def test_parent_cannot_clear_the_warning(world, api_client):
    world.t.pregnant_person.safe_to_contact = False
    world.t.pregnant_person.save()
    response = api_client.as_user(world.parent_user).put(
        _url(world), {"phones": [{"number": "0470 12 34 56"}], "safe_to_contact": True}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"safe_to_contact"}
    assert Person.objects.get(pk=world.t.pregnant_person.pk).safe_to_contact is False


# --- bad input --------------------------------------------------------------------------------------------


def _errors(response):
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phones": [{"number": "0470 12 34 5", "label": "mobile"}]}, "phones.0.number"),
        ({"phones": [{"number": "bel me maar", "label": "mobile"}]}, "phones.0.number"),
        (
            {"phones": [{"number": "0470 12 34 56", "label": "mobile"}, {"number": "12", "label": "home"}]},
            "phones.1.number",
        ),
        ({"phones": [{"number": "0470 12 34 56", "label": "fax"}]}, "phones.0.label"),
        ({"address": {**GOOD["address"], "postal_code": "2000"}}, "address.postal_code"),
        ({"address": {**GOOD["address"], "postal_code": "90000"}}, "address.postal_code"),
        ({"address": {**GOOD["address"], "municipality": "Atlantis"}}, "address.municipality"),
        ({"address": {**GOOD["address"], "house_number": ""}}, "address.house_number"),
        ({"email": "lotte@"}, "email"),
        ({"email": "lotte voorbeeld.be"}, "email"),
        ({"interpreter_needed": True, "interpreter_language": ""}, "interpreter_language"),
        ({"preferred_language": "xx"}, "preferred_language"),
        ({"contact_note": "x" * 301}, "contact_note"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, api_client, change, field):
    api = api_client.as_user(world.coordinator.user)
    before = AccessEvent.objects.filter(action="update").count()
    errors = _errors(api.put(_url(world), {**GOOD, **change}))
    assert set(errors) == {field}
    person = Person.objects.get(pk=world.t.pregnant_person.pk)
    assert (person.phones, person.street, person.email) == ([], "", "")
    assert AccessEvent.objects.filter(action="update").count() == before


def test_every_mistake_is_named_at_once_in_the_users_language(world, api_client):
    payload = {
        **GOOD,
        "address": {**GOOD["address"], "postal_code": "2000"},
        "phones": [{"number": "0470 12 34 5", "label": "mobile"}],
        "email": "lotte@",
    }
    errors = _errors(api_client.as_user(world.coordinator.user).put(_url(world), payload))
    assert set(errors) == {"address.postal_code", "phones.0.number", "email"}
    assert errors["address.postal_code"] == "Postcode 2000 hoort niet bij Gent."
    assert "0470 12 34 56" in errors["phones.0.number"]
    french = api_client.as_user(world.coordinator.user).put(_url(world), payload, HTTP_ACCEPT_LANGUAGE="fr")
    errors = _errors(french)
    assert errors["address.postal_code"] == "Le code postal 2000 n’appartient pas à Gand."
    assert errors["phones.0.number"].startswith("Numéro de téléphone non valable")
