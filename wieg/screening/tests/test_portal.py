"""The EPDS self-screening the team asks for, filled in by the parent in the portal."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import reverse

from wieg.accounts.models import Notification
from wieg.screening.models import Flag, Screening, ScreeningRequest


@contextmanager
def rolled_back():
    """One world for all personas: each persona's requests run in a savepoint rolled back afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


pytestmark = pytest.mark.django_db

EPDS_KEYS = ["laugh", "enjoy", "blame", "anxious", "scared", "coping", "sleep", "sad", "crying", "self_harm"]


def test_team_asks_parent_answers_team_sees_result(client, world, api_client):
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("screening:request_self_screening", args=[world.t.public_id, "epds"]))
    assert response.status_code == 302
    asked = ScreeningRequest.objects.get()
    # Asking twice is refused while the first is open; the psychosocial questionnaire is not for the portal.
    client.post(reverse("screening:request_self_screening", args=[world.t.public_id, "epds"]))
    client.post(reverse("screening:request_self_screening", args=[world.t.public_id, "psychosocial"]))
    assert ScreeningRequest.objects.count() == 1

    client.force_login(world.user("parent"))
    section = client.get(reverse("screening:portal_section", args=[world.t.public_id])).content.decode()
    link = reverse("screening:self_screening", args=[asked.public_id])
    assert link in section
    data = {f"item_{k}": "0" for k in EPDS_KEYS[:-1]}
    assert client.post(link, data).status_code == 422  # item 10 missing
    data["item_self_harm"] = "1"  # "sometimes"
    done = client.post(link, data)
    assert (
        done.status_code == 200
        and 'id="help-today"' in done.content.decode()
        and "1813" in done.content.decode()
    )
    screening = Screening.objects.get()
    assert screening.respondent == "parent" and screening.entered_by == world.user("parent")
    assert Flag.objects.filter(code="epds_self_harm", level="urgent").exists()
    assert Notification.objects.filter(user=world.user("coordinator"), subject__contains="Dringend").exists()
    assert "already" in client.get(link).context  # filled in once
    assert Screening.objects.count() == 1

    # The parent sees their own self-screening through the API; the coordinator sees everything.
    listed = api_client.as_user(world.user("parent")).get(
        f"/api/v1/trajectories/{world.t.public_id}/screenings"
    )
    assert listed.json()["count"] == 1


def test_only_team_with_psychosocial_consent_asks(client, world):
    for persona in ["member", "no_consent", "outsider", "analyst", "parent"]:
        with rolled_back():
            client.force_login(world.user(persona))
            response = client.post(
                reverse("screening:request_self_screening", args=[world.t.public_id, "epds"])
            )
            assert response.status_code == 404
            assert not ScreeningRequest.objects.exists()


def test_only_the_family_answers(client, world):
    asked = ScreeningRequest.objects.create(trajectory=world.t, instrument_code="whooley")
    for persona in ["other_parent", "coordinator", "outsider", "analyst"]:
        with rolled_back():
            client.force_login(world.user(persona))
            assert client.get(reverse("screening:self_screening", args=[asked.public_id])).status_code == 404
            assert (
                client.get(reverse("screening:portal_section", args=[world.t.public_id])).status_code == 404
            )
