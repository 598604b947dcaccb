"""The caseload page: what a row shows, filters, and a fixed query count whatever the caseload size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wieg.care.models import AccessEvent
from wieg.testing.factories import add_to_team, give_consent, make_trajectory

pytestmark = pytest.mark.django_db


def _grow_caseload(world, n):
    for i in range(n):
        t = make_trajectory(
            world.coordinator, world.kg, due_date=timezone.localdate() + dt.timedelta(weeks=i % 30)
        )
        if i % 3 == 0:  # some where the nurse is only a team member
            give_consent(t, organisation=world.midwives)
            add_to_team(t, world.member, world.midwives, role="prenatal_care")
        if i % 4 == 0:
            t.birth_date = timezone.localdate() - dt.timedelta(days=10 * i + 1)
            t.save()


def _caseload_queries(client, url="/caseload/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url", ["/caseload/", "/caseload/?role=coordinator", "/caseload/?role=member"])
def test_caseload_query_count_does_not_grow(world, client, django_assert_num_queries, url):
    client.force_login(world.coordinator.user)
    _grow_caseload(world, 2)
    small, _ = _caseload_queries(client, url)
    _grow_caseload(world, 12)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def test_member_caseload_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.member.user)
    _grow_caseload(world, 3)
    small, first = _caseload_queries(client)
    _grow_caseload(world, 12)
    with django_assert_max_num_queries(small):
        response = client.get("/caseload/")
    assert len(response.context["rows"]) > len(first.context["rows"])


def test_caseload_row_shows_family_phase_due_date_coordinator(world, client):
    client.force_login(world.member.user)
    response = client.get("/caseload/")
    html = response.content.decode()
    assert world.t.pregnant_person.display_name in html
    assert world.t.due_date.strftime("%d/%m/%Y") in html
    assert "Els Verhoeven" in html  # the coordinator
    assert "zwangerschap" in html  # the phase


def test_caseload_filters_by_role(world, client):
    client.force_login(world.member.user)
    assert client.get("/caseload/?role=coordinator").context["rows"] == []
    assert [t.pk for t in client.get("/caseload/?role=member").context["rows"]] == [world.t.pk]


def test_caseload_shows_age_after_birth_and_a_next_step(world, client):
    world.t.due_date = timezone.localdate() - dt.timedelta(days=2)
    world.t.save()
    client.force_login(world.coordinator.user)
    html = client.get("/caseload/").content.decode()
    assert "Geboorte registreren" in html
    world.t.birth_date = timezone.localdate() - dt.timedelta(days=70)
    world.t.save()
    html = client.get("/caseload/").content.decode()
    assert "oud" in html


def test_caseload_logs_one_list_event_per_row(world, client):
    _grow_caseload(world, 4)
    client.force_login(world.coordinator.user)
    response = client.get("/caseload/")
    shown = len(response.context["rows"])
    assert AccessEvent.objects.filter(action="list", professional=world.coordinator).count() == shown


def test_closed_trajectories_are_a_separate_list(world, client):
    client.force_login(world.coordinator.user)
    world.t.status, world.t.closed_reason = "closed", "moved_away"
    world.t.save()
    assert client.get("/caseload/").context["rows"] == []
    assert [t.pk for t in client.get("/caseload/?status=closed").context["rows"]] == [world.t.pk]
