"""The worklist rows show how to reach the pregnant parent: her phone as a tel: link only with the contact
category and never when she is not safe to contact, her language and interpreter need; with a fixed number
of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wieg.pathways.services import plan_generate
from wieg.testing.factories import add_to_team, give_consent, make_professional, make_trajectory

pytestmark = pytest.mark.django_db

MOBILE = "+32470123456"


def _reach(person, *, safe=True, interpreter=""):
    person.phones = [{"number": MOBILE, "label": "mobile"}]
    person.safe_to_contact = safe
    person.preferred_language = interpreter or "nl"
    person.interpreter_needed, person.interpreter_language = bool(interpreter), interpreter
    person.save()


def _worklist(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("pathways:worklist"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_row_shows_the_phone_language_and_interpreter(client, world):
    # 20 weeks pregnant without a first contact: the family is on the worklist.
    _reach(world.t.pregnant_person, interpreter="bg")
    html = _worklist(client, world.coordinator.user)
    assert f'<a href="tel:{MOBILE}">0470 12 34 56</a>' in html
    assert "Bulgaars" in html and "tolk Bulgaars" in html


def test_never_the_phone_of_someone_not_safe_to_contact(client, world):
    _reach(world.t.pregnant_person, safe=False)
    html = _worklist(client, world.coordinator.user)
    assert world.t.pregnant_person.display_name in html
    assert MOBILE not in html and "0470 12 34 56" not in html
    assert 'data-warning="not-safe"' in html


def test_without_the_contact_category_no_phone_and_no_warning(client, world, api_client):
    """A social worker whose organisation has consent for the care plan only sees the family on her
    worklist, not how to reach her, nor that she is not safe to contact (that too is contact information)."""
    carer = make_professional("carer", world.ocmw, discipline="social_worker")
    t = make_trajectory(world.coordinator, world.kg)
    give_consent(t, organisation=world.ocmw, categories=("care_plan",))
    add_to_team(t, carer, world.ocmw)
    _reach(t.pregnant_person, safe=False)
    other = make_trajectory(world.coordinator, world.kg)
    give_consent(other, organisation=world.ocmw, categories=("contact", "care_plan"))
    add_to_team(other, carer, world.ocmw)
    _reach(other.pregnant_person)
    html = _worklist(client, carer.user)
    assert t.pregnant_person.display_name in html and other.pregnant_person.display_name in html
    assert html.count(f'href="tel:{MOBILE}"') == 1  # the other family's, with the contact category
    assert 'data-warning="not-safe"' not in html
    rows = {
        r["trajectory_id"]: r
        for r in api_client.as_user(carer.user).get("/api/v1/worklist").json()["items"]
        if r["trajectory_id"] in {str(t.public_id), str(other.public_id)}
    }
    assert (rows[str(t.public_id)]["phone"], rows[str(t.public_id)]["safe_to_contact"]) == (None, None)
    assert rows[str(other.public_id)]["phone"] == MOBILE


def test_rows_that_show_contact_details_log_a_contact_read(client, world, api_client):
    """The worklist is a care plan list; where it also shows how to reach a family, the log says so."""
    from wieg.care.models import AccessEvent

    carer = make_professional("carer", world.ocmw, discipline="social_worker")
    plan_only = make_trajectory(world.coordinator, world.kg)
    give_consent(plan_only, organisation=world.ocmw, categories=("care_plan",))
    add_to_team(plan_only, carer, world.ocmw)
    reachable = make_trajectory(world.coordinator, world.kg)
    give_consent(reachable, organisation=world.ocmw, categories=("contact", "care_plan"))
    add_to_team(reachable, carer, world.ocmw)
    for channel in ("page", "api"):
        before = AccessEvent.objects.count()
        if channel == "page":
            _worklist(client, carer.user)
        else:
            assert api_client.as_user(carer.user).get("/api/v1/worklist").status_code == 200
        new = AccessEvent.objects.order_by("pk")[before:]
        logged = {(e.trajectory_id, e.category) for e in new if e.detail == "worklist"}
        assert (reachable.pk, "care_plan") in logged and (reachable.pk, "contact") in logged, channel
        assert (plan_only.pk, "care_plan") in logged and (plan_only.pk, "contact") not in logged, channel


def _grow(world, n):
    for i in range(n):
        t = make_trajectory(
            world.coordinator, world.kg, due_date=timezone.localdate() + dt.timedelta(weeks=10 + i % 10)
        )
        _reach(t.pregnant_person, safe=i % 3 != 0, interpreter="ar" if i % 2 else "")
        plan_generate(actor=world.actor("coordinator"), trajectory=t)


@pytest.mark.parametrize("scope", ["me", "organisation"])
def test_fixed_query_count_with_the_contact_columns(client, world, django_assert_num_queries, scope):
    client.force_login(world.coordinator.user)
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("pathways:worklist"), {"scope": scope})
    _grow(world, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pathways:worklist"), {"scope": scope})
    html = response.content.decode()
    assert html.count('href="tel:') > first.content.decode().count('href="tel:') > 0
    assert html.count('data-warning="not-safe"') > 0


def test_worklist_api_keeps_a_fixed_query_count(world, api_client, django_assert_num_queries):
    api = api_client.as_user(world.coordinator.user)
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/worklist")
    _grow(world, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        items = api.get("/api/v1/worklist").json()["items"]
    assert any(i["phone"] == MOBILE for i in items)
    assert any(i["safe_to_contact"] is False and i["phone"] is None for i in items)
