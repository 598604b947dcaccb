"""The permission matrix: every page and endpoint of the network app and the portal, for every persona."""

import pytest
from django.test import Client
from django.utils import timezone

from wieg.network import services
from wieg.network.models import Registration

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "coordinator",
    "member",
    "no_consent",
    "excluded",
    "outsider",
    "analyst",
    "admin",
    "parent",
    "other_parent",
    "centre",
    "other_centre",
]
PUBLIC = dict.fromkeys(PERSONAS, 200)
STAFF = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302, "admin": 404, "parent": 404, "other_parent": 404}
ONLY_CENTRE = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "centre": 200}
# Perinatal network: its centre and the staff of its partner organisations (K&G, midwives, GP practice).
NETWORK = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": 302,
    "centre": 200,
    "coordinator": 200,
    "member": 200,
    "no_consent": 200,
    "excluded": 200,
}
# The trajectory section: the care team with care-plan consent (the midwives have it, the GP practice not).
TEAM = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "coordinator": 200, "member": 200}
# The portal: parents only (another parent sees their own family on the same URL).
PORTAL = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "parent": 200, "other_parent": 200}


def _user(world, net, persona):
    if persona in {"centre", "other_centre"}:
        return net.user(persona)
    return world.user(persona)


def _client(world, net, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(_user(world, net, persona))
    return client


def _pages(world, net, meeting):
    a, t = net.activity.public_id, world.t.public_id
    return [
        ("/network/", STAFF),
        (f"/network/centres/{net.centre.public_id}/", STAFF),
        ("/network/coverage/", PUBLIC),
        ("/network/activities/", PUBLIC),
        (f"/network/activities/{a}/", PUBLIC),
        (f"/network/activities/{a}/calendar.ics", PUBLIC),
        ("/network/activities/feed.ics", PUBLIC),
        ("/network/manage/activities/new/", {**ONLY_CENTRE, "other_centre": 200}),
        (f"/network/manage/activities/{a}/", ONLY_CENTRE),
        (f"/network/perinatal/{net.network.public_id}/", NETWORK),
        (f"/network/meetings/{meeting.public_id}/", NETWORK),
        (f"/network/trajectories/{t}/activities/", TEAM),
        ("/portal/", PORTAL),
        ("/portal/team/", PORTAL),
        ("/portal/consents/", PORTAL),
        ("/portal/access-log/", PORTAL),
        ("/portal/activities/", PORTAL),
        (f"/portal/sections/{t}/activities/", {**PORTAL, "other_parent": 404}),
    ]


def test_page_matrix(world, net):
    meeting = services.meeting_create(
        actor=net.actor("centre"), network=net.network, starts_at=timezone.now()
    )
    failures = []
    for persona in PERSONAS:
        client = _client(world, net, persona)
        for url, expected in _pages(world, net, meeting):
            status = client.get(url).status_code
            if status != expected[persona]:
                failures.append((persona, url, status, expected[persona]))
    assert failures == []


WRITES = [
    # (url template, data, who may: status on success)
    (
        "/network/manage/activities/{a}/sessions/",
        {"day": "2031-01-06", "start": "09:00", "end": "10:00"},
        {"centre"},
    ),
    ("/network/perinatal/{n}/", {"starts_at": "2031-01-06T19:00"}, {"centre"}),
    ("/network/activities/{a}/register/", {"seats": 1}, {"parent", "other_parent"}),
    (
        "/network/centres/{c}/",
        {"form": "action", "life_domain": "{d}", "title": "Ontbijt", "status": "taken"},
        {"centre"},
    ),
]


def test_write_matrix(world, net):
    failures = []
    for persona in PERSONAS:
        client = _client(world, net, persona)
        for template, data, allowed in WRITES:
            url = template.format(a=net.activity.public_id, n=net.network.public_id, c=net.centre.public_id)
            data = {
                k: v.format(d=net.activity.life_domain_id) if isinstance(v, str) else v
                for k, v in data.items()
            }
            response = client.post(url, data)
            if persona == "anonymous":
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
            elif persona in allowed:
                ok = response.status_code == 302 and "/accounts/login/" not in response["Location"]
            else:
                ok = response.status_code == 404
            if not ok:
                failures.append((persona, url, response.status_code))
    assert failures == []


API = [
    ("/api/v1/family-centres", {**dict.fromkeys(PERSONAS, 200), "anonymous": 401}),
    ("/api/v1/coverage", PUBLIC),
    ("/api/v1/activities", PUBLIC),
]


def test_api_matrix(world, net, api_client):
    failures = []
    for persona in PERSONAS:
        api_client.token = None
        if persona != "anonymous":
            api_client.as_user(_user(world, net, persona))
        for url, expected in API:
            status = api_client.get(url).status_code
            if status != expected[persona]:
                failures.append((persona, url, status))
    assert failures == []


REGISTER = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": 401,
    "parent": 201,
    "coordinator": 201,
    "member": 201,
}


def test_api_registration_matrix(world, net, api_client):
    failures = []
    for persona in PERSONAS:
        api_client.token = None
        if persona != "anonymous":
            api_client.as_user(_user(world, net, persona))
        response = api_client.post(
            f"/api/v1/activities/{net.activity.public_id}/registrations",
            {"trajectory_id": str(world.t.public_id)},
        )
        if response.status_code != REGISTER[persona]:
            failures.append((persona, response.status_code))
        Registration.objects.all().delete()
    assert failures == []


def test_family_centres_api_names_the_contact_person_only_to_professionals(world, net, api_client):
    pro = api_client.as_user(world.coordinator.user).get("/api/v1/family-centres").json()
    gent = next(c for c in pro["items"] if c["name"] == "Huis van het Kind Gent")
    assert gent["contact_person"] == "Nadia Coördinator"
    assert {p["involvement"] for p in gent["partners"]} == {"core", "moderate"}
    assert len(gent["municipalities"]) == 6
    analyst = api_client.as_user(world.analyst_user).get("/api/v1/family-centres").json()
    assert all(c["contact_person"] is None for c in analyst["items"])


def test_centre_staff_keep_partners_and_actions(world, net, client):
    client.force_login(net.user("centre"))
    url = f"/network/centres/{net.centre.public_id}/"
    response = client.post(url, {"form": "partner", "organisation": world.ocmw.pk, "involvement": "core"})
    assert response.status_code == 302
    assert net.centre.partnerships.get(organisation=world.ocmw).involvement == "core"
    response = client.post(
        url, {"form": "partner", "organisation": world.ocmw.pk, "involvement": "occasional"}
    )
    assert net.centre.partnerships.get(organisation=world.ocmw).involvement == "occasional"
    page = client.get(url).content.decode()
    assert "OCMW Gent" in page and "occasioneel betrokken" in page
    other = Client()
    other.force_login(net.user("other_centre"))
    assert (
        other.post(
            url, {"form": "partner", "organisation": world.gp_practice.pk, "involvement": "core"}
        ).status_code
        == 404
    )
    assert not net.centre.partnerships.filter(organisation=world.gp_practice).exists()
