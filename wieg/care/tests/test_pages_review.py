"""Break-the-glass review queue for privacy reviewers, navigation per persona, and the language switch."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from wieg.care.models import AccessEvent, BreakGlassAccess
from wieg.directory.models import Membership
from wieg.testing.factories import make_professional
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

REASON = "Acute zorgen om het kind, moeder onbereikbaar"


@pytest.fixture
def opened(world, client):
    """The GP without consent opened the K&G file in an emergency; the GP practice's reviewer looks at it."""
    client.force_login(world.no_consent.user)
    client.post(f"/trajectories/{world.t.public_id}/break-glass/", {"reason": REASON, "confirm": "on"})
    client.logout()
    return BreakGlassAccess.objects.get(trajectory=world.t)


@pytest.fixture
def reviewer(world):
    return make_professional(
        "reviewer", world.gp_practice, discipline="other", role="reviewer", given_name="Rita"
    )


def test_reviewer_sees_the_queue_and_reviews(world, client, opened, reviewer):
    client.force_login(reviewer.user)
    html = client.get("/review/").content.decode()
    assert REASON in html
    assert 'data-nav="review_queue"' in html
    response = client.post(
        f"/review/{opened.public_id}/", {"outcome": "justified", "note": "Terecht, kind in gevaar"}
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.review_outcome == "justified"
    assert opened.reviewed_by == reviewer
    assert AccessEvent.objects.filter(
        action="update", professional=reviewer, detail="review: justified"
    ).exists()
    assert REASON not in client.get("/review/").content.decode()
    assert REASON in client.get("/review/?all=1").content.decode()


def test_review_without_outcome_changes_nothing(world, client, opened, reviewer):
    client.force_login(reviewer.user)
    response = client.post(f"/review/{opened.public_id}/", {"outcome": "maybe"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.reviewed_at is None


def test_reviewer_of_another_organisation_gets_404(world, client, opened):
    other_reviewer = make_professional("kg_reviewer", world.kg, role="reviewer")
    client.force_login(other_reviewer.user)
    assert REASON not in client.get("/review/").content.decode()
    assert client.post(f"/review/{opened.public_id}/", {"outcome": "unjustified"}).status_code == 404
    opened.refresh_from_db()
    assert opened.reviewed_at is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_reviewers_may_review(world, client, opened, persona):
    client.force_login(world.user(persona))
    assert client.post(f"/review/{opened.public_id}/", {"outcome": "unjustified"}).status_code == 404
    opened.refresh_from_db()
    assert opened.reviewed_at is None


def test_break_glass_expires(world, client, opened):
    BreakGlassAccess.objects.filter(pk=opened.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(world.no_consent.user)
    assert client.get(f"/trajectories/{world.t.public_id}/").status_code == 404


def test_ended_membership_removes_the_reviewer_role(world, client, opened, reviewer):
    Membership.objects.filter(professional=reviewer).update(end=timezone.now() - dt.timedelta(seconds=1))
    client.force_login(reviewer.user)
    assert client.get("/review/").status_code == 404


# --- Navigation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_navigation_per_persona(world, client, persona):
    client.force_login(world.user(persona))
    html = client.get("/notifications/").content.decode()
    entries = set(re.findall(r'data-nav="([a-z_]+)"', html))
    if persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}:
        assert {"caseload", "find_family", "family_new"} <= entries
        assert "review_queue" not in entries
    else:
        assert not entries & {"caseload", "find_family", "family_new", "review_queue"}


# --- Language -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Mijn gezinnen"), ("fr", "Mes familles"), ("en", "My families")]
)
def test_language_switch(world, client, language, text):
    client.force_login(world.coordinator.user)
    response = client.post("/i18n/setlang/", {"language": language, "next": "/caseload/"})
    assert response.status_code == 302
    html = client.get("/caseload/").content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{text}</h1>" in html


def test_user_language_is_the_default(world, client):
    user = world.coordinator.user
    user.preferred_language = "fr"
    user.save()
    client.force_login(user)
    assert "<h1>Mes familles</h1>" in client.get("/caseload/").content.decode()


def test_form_errors_come_in_the_users_language(world, client):
    client.force_login(world.coordinator.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/families/new/", {"national_number": "85073003329"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
