"""Contact details on the pages: the trajectory page and its form (a permission matrix over the personas),
the caseload rows (tel: link, language, interpreter; never the phone of someone not safe to contact) with a
fixed query count, and the parent's own page in the portal."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wieg.care.models import AccessEvent, Person
from wieg.core.models import Municipality
from wieg.testing.factories import PersonFactory, make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

MOBILE = "+32470123456"


def _reachable(person, *, safe=True, language="nl", interpreter=""):
    person.street, person.house_number, person.postal_code = "Sleepstraat", "12", "9000"
    person.address_municipality = Municipality.objects.get(nis_code="44021")
    person.phones = [{"number": MOBILE, "label": "mobile"}]
    person.email = "lotte@voorbeeld.be"
    person.preferred_language = language
    person.interpreter_needed, person.interpreter_language = bool(interpreter), interpreter
    person.safe_to_contact = safe
    person.contact_note = "" if safe else "Nooit bellen: de partner leest mee."
    person.save()
    return person


def _detail(world):
    return f"/trajectories/{world.t.public_id}/"


def _form_url(world, person=None):
    person = person or world.t.pregnant_person
    return f"/trajectories/{world.t.public_id}/members/{person.public_id}/contact/"


def _form_data(person, **changes):
    prefix = f"c{person.pk}-"
    data = {
        "street": "Sleepstraat",
        "house_number": "12",
        "box": "",
        "postal_code": "9000",
        "municipality": "Gent",
        "phone_0_number": "0470 12 34 56",
        "phone_0_label": "mobile",
        "phone_1_number": "",
        "phone_1_label": "mobile",
        "email": "lotte@voorbeeld.be",
        "preferred_language": "nl",
        "interpreter_language": "",
        "contact_note": "",
    }
    data.update(changes)
    return {prefix + k: v for k, v in data.items() if v is not None}


# --- the trajectory page ----------------------------------------------------------------------------------

SEES_FILE = {"coordinator", "member"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_trajectory_page_shows_contact_details_to_the_team_only(client, world, persona):
    _reachable(world.t.pregnant_person)
    client.force_login(world.user(persona))
    response = client.get(_detail(world))
    if persona not in SEES_FILE:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert f'href="tel:{MOBILE}"' in html and "0470 12 34 56" in html
    assert "Sleepstraat 12" in html and "9000 Gent" in html
    # Both may change the contact details (the midwives' consent covers the contact category).
    assert f'action="{_form_url(world)}"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_contact_form_get_and_post(client, world, persona):
    client.force_login(world.user(persona))
    person = world.t.pregnant_person
    get = client.get(_form_url(world))
    post = client.post(_form_url(world), _form_data(person))
    stored = Person.objects.get(pk=person.pk)
    if persona in SEES_FILE:
        assert get.status_code == 200
        assert post.status_code == 302 and post.url.endswith("#contact")
        assert stored.phones == [{"number": MOBILE, "label": "mobile"}]
        event = AccessEvent.objects.get(action="update", object_type="Person")
        assert (event.user, event.trajectory, event.category) == (world.user(persona), world.t, "contact")
    else:
        assert get.status_code == post.status_code == 404
        assert stored.phones == [] and stored.street == ""
        assert not AccessEvent.objects.filter(action="update", object_type="Person").exists()


def test_not_safe_to_contact_shows_the_warning_beside_the_phone_on_the_trajectory_page(client, world):
    _reachable(world.t.pregnant_person, safe=False)
    client.force_login(world.coordinator.user)
    html = client.get(_detail(world)).content.decode()
    card = html[html.index(f'id="contact-{world.t.pregnant_person.public_id}"') :]
    card = card[: card.index("</article>")]
    assert "Niet veilig om te contacteren" in card and "Nooit bellen: de partner leest mee." in card
    assert card.index('data-warning="not-safe"') < card.index(f'href="tel:{MOBILE}"')


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone_1_number": "0470 12 34 5"}, "phone_1_number", "Geen geldig telefoonnummer"),
        ({"postal_code": "2000"}, "postal_code", "Postcode 2000 hoort niet bij Gent."),
        ({"email": "lotte@"}, "email", "Geen geldig e-mailadres"),
        ({"interpreter_needed": "on"}, "interpreter_language", "Voor welke taal is een tolk nodig?"),
    ],
)
def test_bad_input_is_a_form_error_on_its_field_and_saves_nothing(client, world, changes, field, message):
    person = world.t.pregnant_person
    client.force_login(world.coordinator.user)
    response = client.post(_form_url(world), _form_data(person, **changes))
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    assert Person.objects.get(pk=person.pk).phones == []
    assert not AccessEvent.objects.filter(action="update", object_type="Person").exists()


def test_the_error_comes_in_french_for_a_french_speaking_nurse(client, world):
    world.coordinator.user.preferred_language = "fr"
    world.coordinator.user.save()
    client.force_login(world.coordinator.user)
    response = client.post(_form_url(world), _form_data(world.t.pregnant_person, postal_code="2000"))
    assert response.context["form"].errors["postal_code"] == ["Le code postal 2000 n’appartient pas à Gand."]


def test_the_nurse_sets_an_interpreter_and_a_warning(client, world):
    person = world.t.pregnant_person
    client.force_login(world.coordinator.user)
    data = _form_data(
        person,
        preferred_language="ar",
        interpreter_needed="on",
        interpreter_language="ar",
        not_safe_to_contact="on",
        contact_note="Enkel contact via de consultatie.",
    )
    assert client.post(_form_url(world), data).status_code == 302
    stored = Person.objects.get(pk=person.pk)
    assert (stored.interpreter_needed, stored.interpreter_language, stored.safe_to_contact) == (
        True,
        "ar",
        False,
    )
    html = client.get("/caseload/").content.decode()
    assert "tolk Arabisch" in html and MOBILE not in html and "niet contacteren" in html


# --- the caseload -----------------------------------------------------------------------------------------


def test_caseload_row_shows_phone_link_language_and_interpreter(client, world):
    _reachable(world.t.pregnant_person, language="tr", interpreter="tr")
    client.force_login(world.member.user)
    html = client.get("/caseload/").content.decode()
    assert f'<a href="tel:{MOBILE}">0470 12 34 56</a>' in html
    assert "Turks" in html and "tolk Turks" in html


def test_caseload_never_shows_the_phone_of_someone_not_safe_to_contact(client, world):
    _reachable(world.t.pregnant_person, safe=False)
    for user in (world.coordinator.user, world.member.user):
        client.force_login(user)
        html = client.get("/caseload/").content.decode()
        assert MOBILE not in html and "0470 12 34 56" not in html
        assert 'data-warning="not-safe"' in html
        assert "Nooit bellen" not in html  # the note stays on the trajectory page


def test_caseload_api_never_gives_the_phone_of_someone_not_safe_to_contact(world, api_client):
    _reachable(world.t.pregnant_person, safe=False)
    (row,) = api_client.as_user(world.coordinator.user).get("/api/v1/trajectories").json()["items"]
    assert (row["phone"], row["safe_to_contact"]) == (None, False)
    _reachable(world.t.pregnant_person, safe=True)
    (row,) = api_client.as_user(world.coordinator.user).get("/api/v1/trajectories").json()["items"]
    assert row["phone"] == MOBILE


def _grow(world, n):
    for i in range(n):
        t = make_trajectory(
            world.coordinator, world.kg, due_date=timezone.localdate() + dt.timedelta(weeks=i % 30)
        )
        _reachable(t.pregnant_person, safe=i % 3 != 0, language="ar" if i % 2 else "nl", interpreter="ar")
        PersonFactory(family=t.family, role="co_parent", phones=[{"number": MOBILE, "label": "mobile"}])


def test_caseload_keeps_a_fixed_query_count_with_the_contact_column(client, world, django_assert_num_queries):
    client.force_login(world.coordinator.user)
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        first = client.get("/caseload/")
    _grow(world, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/caseload/")
    assert len(response.context["rows"]) == len(first.context["rows"]) + 12 == 15
    # 15 rows: the world's family without a phone, 14 with one, 5 of those not safe to contact.
    html = response.content.decode()
    assert (html.count('href="tel:'), html.count('data-warning="not-safe"')) == (9, 5)


def test_caseload_api_keeps_a_fixed_query_count(world, api_client, django_assert_num_queries):
    api = api_client.as_user(world.coordinator.user)
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/trajectories")
    _grow(world, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert api.get("/api/v1/trajectories").json()["count"] == 15


# --- the parents' portal ----------------------------------------------------------------------------------


def _portal(world):
    return f"/portal/contact/?t={world.t.public_id}"


def test_parent_sees_her_own_details_and_not_the_warning(client, world):
    _reachable(world.t.pregnant_person, safe=False)
    co_parent = PersonFactory(
        family=world.t.family, role="co_parent", phones=[{"number": "+32485112233", "label": "mobile"}]
    )
    client.force_login(world.parent_user)
    html = client.get(_portal(world)).content.decode()
    assert "0470 12 34 56" in html and "Sleepstraat 12" in html
    assert "0485 11 22 33" not in html and co_parent.given_name not in html
    assert "Nooit bellen" not in html and "Niet veilig" not in html
    read = AccessEvent.objects.filter(action="read", object_type="Person", user=world.parent_user).get()
    assert read.trajectory == world.t


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_portal_contact_page(client, world, persona):
    client.force_login(world.user(persona))
    response = client.get(_portal(world))
    assert response.status_code == (200 if persona == "parent" else 404)


def test_parent_corrects_her_phone_and_email_and_the_team_sees_it_in_the_log(client, world):
    _reachable(world.t.pregnant_person)
    client.force_login(world.parent_user)
    response = client.post(
        "/portal/contact/",
        {
            "t": str(world.t.public_id),
            "phone_0_number": "0485 11 22 33",
            "phone_0_label": "mobile",
            "email": "",
        },
    )
    assert response.status_code == 302
    stored = Person.objects.get(pk=world.t.pregnant_person.pk)
    assert (stored.phones, stored.email, stored.street) == (
        [{"number": "+32485112233", "label": "mobile"}],
        "",
        "Sleepstraat",
    )
    client.force_login(world.coordinator.user)
    log = client.get(f"/trajectories/{world.t.public_id}/access-log/").content.decode()
    row = log[log.index("contact details: email, phones") - 600 :]
    assert "Lotte" in row[:700] and "gewijzigd" in row
    assert AccessEvent.objects.filter(
        action="update", object_type="Person", user=world.parent_user, trajectory=world.t
    ).exists()


def test_parent_gets_a_clear_error_in_her_language_and_nothing_is_saved(client, world):
    world.parent_user.preferred_language = "fr"
    world.parent_user.save()
    client.force_login(world.parent_user)
    response = client.post(
        "/portal/contact/",
        {"t": str(world.t.public_id), "phone_0_number": "12 34", "phone_0_label": "mobile", "email": "x@"},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["phone_0_number"][0].startswith("Numéro de téléphone non valable")
    assert errors["email"][0].startswith("Adresse e-mail non valable")
    assert Person.objects.get(pk=world.t.pregnant_person.pk).phones == []


def test_a_co_parent_with_her_own_account_sees_only_her_own(client, world):
    """The other family's co-parent has an account: her portal shows her own details, not the mother's."""
    other = world.other_t
    mother = _reachable(other.pregnant_person)
    mother.phones = [{"number": "+32485998877", "label": "mobile"}]
    mother.save()
    own = Person.objects.get(user=world.other_parent_user)
    own.phones = [{"number": "+32486001122", "label": "mobile"}]
    own.save()
    client.force_login(world.other_parent_user)
    html = client.get(f"/portal/contact/?t={other.public_id}").content.decode()
    assert "0486 00 11 22" in html
    assert "0485 99 88 77" not in html and "Sleepstraat" not in html
