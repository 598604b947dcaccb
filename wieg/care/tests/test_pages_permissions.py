"""Permission matrix: every care page, read and write, for every persona.

Forbidden and missing answer the same 404; analysts, administrators and parents get 404 on professional
pages; a refused write changes nothing and logs no write; an allowed one is in the access log.
"""

import datetime as dt
import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from wieg.care.models import AccessEvent, CareTeamMember, Consent, Exclusion, Trajectory
from wieg.testing.factories import make_professional
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

WRITES = ("create", "update", "delete")


def _client_for(client, world, persona):
    client.force_login(world.user(persona))
    return client


def _writes():
    return AccessEvent.objects.filter(action__in=WRITES).count()


# --- Reads -----------------------------------------------------------------------------------------

PROFESSIONALS = {"coordinator", "member", "no_consent", "excluded", "outsider"}
ON_FILE = {"coordinator", "member"}

# page -> (url builder, personas answered 200; all others 404)
GET_PAGES = {
    "caseload": (lambda w: "/caseload/", PROFESSIONALS),
    "find_family": (lambda w: "/families/find/", PROFESSIONALS),
    "family_new": (lambda w: "/families/new/", PROFESSIONALS),
    "trajectory": (lambda w: f"/trajectories/{w.t.public_id}/", ON_FILE),
    "team": (lambda w: f"/trajectories/{w.t.public_id}/team/", ON_FILE),
    "consents": (lambda w: f"/trajectories/{w.t.public_id}/consents/", ON_FILE),
    "access_log": (lambda w: f"/trajectories/{w.t.public_id}/access-log/", {"coordinator", "parent"}),
    "break_glass": (lambda w: f"/trajectories/{w.t.public_id}/break-glass/", {"no_consent"}),
    "review_queue": (lambda w: "/review/", set()),
    "notifications": (lambda w: "/notifications/", set(PERSONAS)),
}


def _as_each_persona(client, world, check):
    """Run `check(persona)` for every persona inside a savepoint that is rolled back, so that each one
    starts from the same world; returns the mismatches as (persona, what happened)."""
    mismatches = []
    for persona in PERSONAS:
        with transaction.atomic():
            client.force_login(world.user(persona))
            problem = check(persona)
            if problem:
                mismatches.append((persona, problem))
            transaction.set_rollback(True)
        client.logout()
    return mismatches


@pytest.mark.parametrize("page", sorted(GET_PAGES))
def test_get_matrix(world, client, page):
    url_for, allowed = GET_PAGES[page]

    def check(persona):
        response = client.get(url_for(world))
        # Who already sees the file is sent to it instead of opening emergency access.
        sent_to_file = page == "break_glass" and persona in ON_FILE
        expected = 302 if sent_to_file else 200 if persona in allowed else 404
        return None if response.status_code == expected else f"{response.status_code}, expected {expected}"

    assert _as_each_persona(client, world, check) == []


@pytest.mark.parametrize("page", ["trajectory", "team", "consents", "access_log", "break_glass"])
def test_missing_trajectory_is_the_same_404(world, client, page):
    url_for, _ = GET_PAGES[page]
    url = url_for(world).replace(str(world.t.public_id), str(uuid.uuid4()))
    assert _client_for(client, world, "coordinator").get(url).status_code == 404


def test_other_parent_cannot_read_the_access_log(world, client):
    url = f"/trajectories/{world.t.public_id}/access-log/"
    assert _client_for(client, world, "other_parent").get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(f"/trajectories/{world.t.public_id}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("page", "detail"),
    [("trajectory", ""), ("team", "care team"), ("consents", "consents"), ("access_log", "access log")],
)
def test_reads_are_logged(world, client, page, detail):
    url_for, _ = GET_PAGES[page]
    _client_for(client, world, "coordinator").get(url_for(world))
    event = AccessEvent.objects.filter(trajectory=world.t, action="read").first()
    assert event is not None
    assert event.professional_id == world.coordinator.pk
    assert event.organisation_id == world.kg.pk
    assert event.detail == detail
    assert event.break_glass is False


def test_caseload_lists_are_logged(world, client):
    _client_for(client, world, "member").get("/caseload/")
    assert (
        AccessEvent.objects.filter(trajectory=world.t, action="list", professional=world.member).count() == 1
    )


def test_parent_sees_the_access_log_of_their_family(world, client):
    _client_for(client, world, "coordinator").get(f"/trajectories/{world.t.public_id}/")
    client.logout()
    response = _client_for(client, world, "parent").get(f"/trajectories/{world.t.public_id}/access-log/")
    assert response.status_code == 200
    assert "Els Verhoeven" in response.content.decode()


# --- Writes ----------------------------------------------------------------------------------------


def _due_date(w):
    return f"/trajectories/{w.t.public_id}/due-date/", {
        "due_date": (timezone.localdate() + dt.timedelta(weeks=12))
    }


def _risk(w):
    return f"/trajectories/{w.t.public_id}/risk-level/", {"risk_level": "high"}


def _birth(w):
    return f"/trajectories/{w.t.public_id}/birth/", {
        "birth_date": timezone.localdate(),
        "plurality": 1,
        "child_1_given_name": "Mila",
        "child_1_family_name": "Test",
        "child_1_sex": "female",
        "gestational_age_weeks": 39,
    }


def _close(w):
    return f"/trajectories/{w.t.public_id}/close/", {"reason": "moved_away"}


def _team_add(w):
    newcomer = make_professional("newcomer", w.midwives, discipline="midwife")
    return f"/trajectories/{w.t.public_id}/team/", {
        "professional": newcomer.public_id,
        "role": "postnatal_care",
    }


def _team_end(w):
    member = CareTeamMember.objects.get(trajectory=w.t, professional=w.no_consent)
    return f"/trajectories/{w.t.public_id}/team/{member.pk}/end/", {}


def _handover(w):
    return f"/trajectories/{w.t.public_id}/coordinator/", {"professional": w.member.public_id}


def _consent_give(w):
    return f"/trajectories/{w.t.public_id}/consents/", {
        "organisation": w.gp_practice.public_id,
        "categories": ["contact", "medical"],
        "recorded_via": "signed_form",
    }


def _consent_withdraw(w):
    consent = Consent.objects.get(trajectory=w.t, organisation=w.midwives)
    return f"/trajectories/{w.t.public_id}/consents/{consent.public_id}/withdraw/", {"recorded_via": "verbal"}


def _exclusion_add(w):
    return f"/trajectories/{w.t.public_id}/exclusions/", {
        "professional": w.no_consent.public_id,
        "recorded_via": "verbal",
    }


def _exclusion_lift(w):
    exclusion = Exclusion.objects.get(trajectory=w.t, professional=w.excluded)
    return f"/trajectories/{w.t.public_id}/exclusions/{exclusion.pk}/lift/", {}


def _break_glass(w):
    return f"/trajectories/{w.t.public_id}/break-glass/", {
        "reason": "Acute zorgen om het kind, moeder onbereikbaar",
        "confirm": "on",
    }


# write -> (request builder, personas allowed)
POSTS = {
    "due_date": (_due_date, ON_FILE),
    "risk_level": (_risk, ON_FILE),
    "birth": (_birth, ON_FILE),
    "close": (_close, {"coordinator"}),
    "team_add": (_team_add, {"coordinator"}),
    "team_end": (_team_end, {"coordinator"}),
    "coordinator_handover": (_handover, {"coordinator"}),
    "consent_give": (_consent_give, ON_FILE),
    "consent_withdraw": (_consent_withdraw, ON_FILE),
    "exclusion_add": (_exclusion_add, ON_FILE),
    "exclusion_lift": (_exclusion_lift, ON_FILE),
    "break_glass": (_break_glass, {"no_consent"}),
}


@pytest.mark.parametrize("action", sorted(POSTS))
def test_post_matrix(world, client, action):
    build, allowed = POSTS[action]

    def check(persona):
        url, data = build(world)
        before = _writes()
        response = client.post(url, data)
        if action == "break_glass" and persona in ON_FILE:
            expected, wrote = 302, False  # sent to the file they already see, nothing opened
        elif persona in allowed:
            expected, wrote = 302, True
        else:
            expected, wrote = 404, False
        if response.status_code != expected:
            return f"{response.status_code}, expected {expected}"
        if (_writes() > before) != wrote:
            return "wrote to the access log" if not wrote else "no write in the access log"
        if wrote:
            event = AccessEvent.objects.filter(action__in=WRITES).order_by("-id").first()
            if event.user_id != world.user(persona).pk or event.channel != "web":
                return "the access event names someone else"
        return None

    assert _as_each_persona(client, world, check) == []


@pytest.mark.parametrize("action", sorted(POSTS))
def test_post_on_a_missing_trajectory_is_404(world, client, action):
    url, data = POSTS[action][0](world)
    url = url.replace(str(world.t.public_id), str(uuid.uuid4()))
    assert _client_for(client, world, "coordinator").post(url, data).status_code == 404


@pytest.mark.parametrize("action", ["due_date", "risk_level", "birth", "close", "team_add", "consent_give"])
def test_get_on_a_write_url_is_not_a_500(world, client, action):
    url, _ = POSTS[action][0](world)
    assert _client_for(client, world, "coordinator").get(url).status_code in {200, 405}


def test_break_glass_opens_the_file_with_a_banner_and_logs_it(world, client):
    url, data = _break_glass(world)
    c = _client_for(client, world, "no_consent")
    response = c.post(url, data)
    assert response.status_code == 302
    page = c.get(f"/trajectories/{world.t.public_id}/")
    assert page.status_code == 200
    assert 'id="break-glass-banner"' in page.content.decode()
    read = AccessEvent.objects.filter(trajectory=world.t, action="read", professional=world.no_consent).get()
    assert read.break_glass is True
    # The coordinator is told, and sees it in the header.
    client.logout()
    coordinator_page = _client_for(client, world, "coordinator").get("/caseload/").content.decode()
    assert 'data-unread="1"' in coordinator_page


def test_break_glass_needs_a_reason_of_20_characters(world, client):
    url, _ = _break_glass(world)
    response = _client_for(client, world, "no_consent").post(url, {"reason": "te kort", "confirm": "on"})
    assert response.status_code == 422
    assert "reason" in response.context["form"].errors
    assert not AccessEvent.objects.filter(action="create", professional=world.no_consent).exists()


def test_excluded_professional_cannot_break_the_glass(world, client):
    url, data = _break_glass(world)
    assert _client_for(client, world, "excluded").post(url, data).status_code == 404


def test_closed_trajectory_refuses_changes_without_500(world, client):
    Trajectory.objects.filter(pk=world.t.pk).update(status="closed", closed_reason="moved_away")
    url, data = _due_date(world)
    assert _client_for(client, world, "coordinator").post(url, data).status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "admin", "parent"])
@pytest.mark.parametrize(
    "url", ["/families/new/", "/families/find/", "/organisation/", "/review/", "/caseload/"]
)
def test_non_professionals_get_404_on_professional_posts(world, client, persona, url):
    client.force_login(world.user(persona))
    families = Trajectory.objects.count()
    response = client.post(url, {"search": "number", "nn-national_number": "85073003328", "organisation": 1})
    assert response.status_code in {404, 405}
    assert Trajectory.objects.count() == families


@pytest.mark.parametrize("persona", ["coordinator", "member", "no_consent", "excluded", "outsider"])
def test_every_professional_may_start_a_family(world, client, persona):
    client.force_login(world.user(persona))
    response = client.post(
        "/families/new/",
        {
            "municipality": "44021",
            "preferred_language": "nl",
            "given_name": "Nina",
            "family_name": "Wouters",
            "birth_date": "1990-01-01",
            "co_sex": "unknown",
            "due_date": (timezone.localdate() + dt.timedelta(weeks=30)),
            "parity": "multiparous",
            "plurality": "2",
            "risk_level": "raised",
            "consent_categories": ["contact"],
            "recorded_via": "signed_form",
        },
    )
    assert response.status_code == 302
    created = Trajectory.objects.get(pregnant_person__given_name="Nina")
    assert created.coordinator_assignments.get().professional == getattr(world, persona)


def test_404_page_is_friendly_and_reveals_nothing(world, client):
    client.force_login(world.outsider.user)
    response = client.get(f"/trajectories/{world.t.public_id}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Niet gevonden" in html
    assert world.t.pregnant_person.family_name not in html
