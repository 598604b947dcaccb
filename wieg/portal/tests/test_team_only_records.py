"""Issue 15, the critical item: a parent (a co-parent included) read the professional's psychosocial
screening and the psychosocial contact notes. What professionals record in the psychosocial category is
one rule in wieg.care.policies (ADR 0012); here it is tried on the JSON API, the pages, the htmx
fragments, the parents' portal, the access log, notifications and e-mail, for every persona.
FHIR (read, search, $everything) and the bulk export are tried in wieg/fhir/tests/test_team_only_records.py.
"""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from wieg.accounts.models import Notification
from wieg.core.registry import registry
from wieg.testing.personas import ALL_PERSONAS
from wieg.testing.records import CARE_PLAN_NOTE, NOTE, record_psychosocial

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    mail.outbox.clear()
    return record_psychosocial(world)


@contextmanager
def rolled_back():
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _leaks(text: str, records) -> list[str]:
    return [secret for secret in records.secrets() if secret in text]


# --- JSON API -------------------------------------------------------------------------------------

# persona -> the screenings they list (None: 404)
SCREENINGS = {
    "coordinator": {"screening", "own"},
    "member": None,  # the midwives' consent leaves out the psychosocial category
    "no_consent": None,
    "excluded": None,
    "outsider": None,
    "analyst": None,
    "admin": None,
    "parent": {"own"},  # her own EPDS, not the coordinator's screening
    "co_parent": set(),  # not even her EPDS
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_screenings(api_client, world, records, persona):
    response = api_client.as_user(world.user(persona)).get(
        f"/api/v1/trajectories/{world.t.public_id}/screenings"
    )
    expected = SCREENINGS[persona]
    if expected is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    names = {str(records.screening.public_id): "screening", str(records.own.public_id): "own"}
    items = response.json()["items"]
    assert {names[i["id"]] for i in items} == expected
    if persona == "coordinator":
        assert _leaks(response.content.decode(), records)  # the team reads it all
    else:
        assert not _leaks(response.content.decode(), records)
        # Her own answers, without the team's reading of them (flags, suggestions, decisions).
        assert all(i["flags"] == [] and i["suggestions"] == [] for i in items)


# persona -> the note categories they read on the home visit (None: 404)
CONTACT_NOTES = {
    "coordinator": {"care_plan", "psychosocial"},
    "member": {"care_plan"},
    "no_consent": None,
    "excluded": None,
    "outsider": None,
    "analyst": None,
    "admin": None,
    "parent": {"care_plan"},
    "co_parent": {"care_plan"},
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_contact_notes(api_client, world, records, persona):
    response = api_client.as_user(world.user(persona)).get(
        f"/api/v1/trajectories/{world.t.public_id}/contacts"
    )
    expected = CONTACT_NOTES[persona]
    if expected is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    contact = next(c for c in response.json()["items"] if c["id"] == str(records.contact.public_id))
    assert {n["category"] for n in contact["notes"]} == expected
    assert CARE_PLAN_NOTE in response.content.decode()
    assert (NOTE in response.content.decode()) is ("psychosocial" in expected)


@pytest.mark.parametrize("persona", ["parent", "co_parent"])
def test_api_trajectory_detail_names_no_psychosocial_category_for_parents(
    api_client, world, records, persona
):
    body = api_client.as_user(world.user(persona)).get(f"/api/v1/trajectories/{world.t.public_id}").json()
    assert body["visible_categories"] == ["care_plan", "contact", "medical"]


# --- pages and htmx fragments ---------------------------------------------------------------------

PAGES = {
    # name: (url, personas that get 200)
    "screening_detail": (
        lambda w, r: reverse("screening:detail", args=[r.screening.public_id]),
        {"coordinator"},
    ),
    "own_screening_detail": (
        lambda w, r: reverse("screening:detail", args=[r.own.public_id]),
        {"coordinator"},
    ),
    "screening_section": (
        lambda w, r: reverse("screening:trajectory_section", args=[w.t.public_id]),
        {"coordinator", "member"},  # the midwife sees what is due, not the results
    ),
    "plan_section": (
        lambda w, r: reverse("pathways:plan_section", args=[w.t.public_id]),
        {"coordinator", "member"},
    ),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_professional_pages_and_fragments(client, world, records, page, htmx):
    url_of, allowed = PAGES[page]
    url = url_of(world, records)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for persona in ALL_PERSONAS:
        client.force_login(world.user(persona))
        response = client.get(url, **headers)
        assert response.status_code == (200 if persona in allowed else 404), (persona, page)
        text = response.content.decode()
        if persona == "coordinator" and page != "own_screening_detail":
            assert _leaks(text, records), page  # the team reads the content here
        elif response.status_code == 200:  # a 404 page repeats the address asked for, nothing more
            assert not _leaks(text, records), (persona, page)


def test_access_log_page_names_no_psychosocial_record_to_parents(client, world, records):
    url = reverse("care:access_log", args=[world.t.public_id])
    client.force_login(world.user("coordinator"))
    assert "caw_violence_residence" in client.get(url).content.decode()  # the coordinator's log says it
    for persona in ("parent", "co_parent"):
        client.force_login(world.user(persona))
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert not _leaks(text, records) and "psychosocial v" not in text, persona
        assert "Suggestion" in text  # the parents still see that something was done, and by whom


# --- the parents' portal --------------------------------------------------------------------------


def _portal_urls(world, records):
    query = f"?t={world.t.public_id}"
    urls = [reverse(f"portal:{name}") + query for name in ("home", "team", "consents", "access_log")]
    urls.append(reverse("portal:access_log") + query + "&mine=1")
    for section in registry.sections["portal"]:
        urls.append(reverse(section.url_name, kwargs={"trajectory_id": world.t.public_id}))
    urls.append(reverse("screening:portal_section", args=[world.t.public_id]))
    urls.append(reverse("screening:self_screening", args=[records.request.public_id]))
    return urls


@pytest.mark.parametrize("persona", ["parent", "co_parent"])
def test_portal_shows_parents_nothing_the_team_recorded(client, world, records, persona):
    client.force_login(world.user(persona))
    for url in _portal_urls(world, records):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _leaks(response.content.decode(), records), (persona, url)


def test_portal_sections_are_for_the_family_only(client, world, records):
    urls = _portal_urls(world, records)[5:]  # the sections of the trajectory and the questionnaire
    for persona in ALL_PERSONAS:
        if persona in {"parent", "co_parent"}:
            continue
        with rolled_back():
            client.force_login(world.user(persona))
            for url in urls:
                assert client.get(url).status_code == 404, (persona, url)


# --- notifications and e-mail ---------------------------------------------------------------------


def test_notifications_and_mail_tell_parents_nothing_the_team_recorded(world, records):
    from django.utils import timezone

    from wieg.pathways.reminders import send_reminders

    send_reminders(timezone.localdate())
    coordinator = Notification.objects.filter(user=world.user("coordinator"))
    assert coordinator.filter(subject__contains="Dringend").exists()  # the urgent EPDS reached the team
    for persona in ("parent", "co_parent"):
        user = world.user(persona)
        for n in Notification.objects.filter(user=user):
            assert not _leaks(f"{n.subject} {n.body}", records) and "screening" not in n.subject.lower()
        for message in mail.outbox:
            if user.email in message.to:
                assert not _leaks(f"{message.subject} {message.body}", records)
