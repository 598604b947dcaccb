"""Pages: permission matrix over the personas, the form's field errors, content hidden without consent."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import reverse

from wieg.screening import catalogue
from wieg.screening.models import Flag, Screening
from wieg.screening.services import screening_record
from wieg.testing.factories import make_trajectory


@contextmanager
def rolled_back():
    """One world for all personas: each persona's requests run in a savepoint rolled back afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


pytestmark = pytest.mark.django_db

PERSONAS = ("coordinator", "member", "no_consent", "excluded", "outsider", "analyst", "admin", "parent")
URGENT_EPDS = [0, 0, 3, 0, 3, 3, 3, 3, 3, 0]  # item 10 "yes, quite often": 3 points


@pytest.fixture
def screened(world):
    return screening_record(
        actor=world.actor("coordinator"), trajectory=world.t, instrument_code="epds", answers=URGENT_EPDS
    )


def pages(world, screening):
    t = world.t.public_id
    return {
        "section": (reverse("screening:trajectory_section", args=[t]), {"coordinator", "member"}),
        "new": (reverse("screening:new", args=[t, "epds"]), {"coordinator"}),
        "detail": (reverse("screening:detail", args=[screening.public_id]), {"coordinator"}),
        "worklist": (
            reverse("screening:worklist_section"),
            {"coordinator", "member", "no_consent", "excluded", "outsider"},
        ),
    }


def test_permission_matrix_pages(client, world, screened):
    for persona in PERSONAS:
        with rolled_back():
            client.force_login(world.user(persona))
            for name, (url, allowed) in pages(world, screened).items():
                status = client.get(url).status_code
                assert status == (200 if persona in allowed else 404), (name, status)


def test_permission_matrix_posts(client, world, screened):
    for persona in PERSONAS:
        with rolled_back():
            client.force_login(world.user(persona))
            flag = Flag.objects.get(code="epds_self_harm")
            suggestion = screened.suggestions.first()
            allowed = persona == "coordinator"
            response = client.post(
                reverse("screening:flag_action", args=[flag.public_id]), {"action_taken": "gebeld"}
            )
            assert response.status_code == (302 if allowed else 404)
            response = client.post(
                reverse("screening:suggestion_decide", args=[suggestion.public_id]),
                {"decision": "dismiss", "reason": "niet nodig"},
            )
            assert response.status_code == (302 if allowed else 404)
            response = client.post(
                reverse("screening:new", args=[world.t.public_id, "whooley"]),
                {"item_low_mood": "1", "item_little_interest": "1"},
            )
            assert response.status_code == (302 if allowed else 404)


def test_without_psychosocial_consent_the_section_shows_due_and_urgent_but_no_content(
    client, world, screened
):
    client.force_login(world.user("member"))
    html = client.get(reverse("screening:trajectory_section", args=[world.t.public_id])).content.decode()
    assert "beoordeling vandaag nog" in html  # the urgent alert is visible to the team
    assert "geen toestemming" in html
    assert str(screened.public_id) not in html and "Gedachten aan zelfbeschadiging" not in html
    assert "uiterlijk" in html  # the psychosocial intake at 16 weeks is overdue (the family is at 20 weeks)


def test_coordinator_without_psychosocial_consent_sees_what_is_overdue(client, world):
    t = make_trajectory(world.coordinator, world.kg, categories=("contact", "care_plan"))
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("screening:trajectory_section", args=[t.public_id])).content.decode()
    assert "te laat" in html and "Psychosociale screening bij het eerste contact" in html
    assert reverse("screening:new", args=[t.public_id, "psychosocial"]) not in html


def test_urgent_alert_until_action_recorded(client, world, screened):
    client.force_login(world.user("coordinator"))
    section = reverse("screening:trajectory_section", args=[world.t.public_id])
    worklist = reverse("screening:worklist_section")
    flag = Flag.objects.get(code="epds_self_harm")
    alert = f'id="urgent-{flag.public_id}"'
    assert alert in client.get(section).content.decode()
    assert 'id="urgent-flags"' in client.get(worklist).content.decode()
    client.post(reverse("screening:flag_action", args=[flag.public_id]), {"action_taken": "Huisarts gebeld"})
    assert alert not in client.get(section).content.decode()
    assert 'id="urgent-flags"' not in client.get(worklist).content.decode()


def test_form_shows_field_errors_and_saves(client, world):
    client.force_login(world.user("coordinator"))
    url = reverse("screening:new", args=[world.t.public_id, "epds"])
    keys = [i["key"] for i in catalogue.instrument("epds").definition["items"]]
    data = {f"item_{k}": "0" for k in keys[:-1]}
    response = client.post(url, data)
    assert response.status_code == 422
    assert (
        'id="item-self_harm"' in response.content.decode() and "niet beantwoord" in response.content.decode()
    )
    assert not Screening.objects.exists()
    data["item_self_harm"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.score == 18  # first position: 0 on items 1, 2, 4; 3 on the reverse items 3 and 5-9


def test_worklist_shows_overdue_screenings_without_results(client, world, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone

    # 20 weeks pregnant (the factory's due date): the intake psychosocial screening (16 weeks) is overdue.
    client.force_login(world.user("coordinator"))
    url = reverse("screening:worklist_section")
    html = client.get(url).content.decode()
    assert 'id="overdue-screenings"' in html and world.t.pregnant_person.display_name in html
    screening_record(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        instrument_code="psychosocial",
        answers={i["key"]: 0 for i in catalogue.instrument("psychosocial").definition["items"]},
    )
    screening_record(
        actor=world.actor("coordinator"), trajectory=world.t, instrument_code="whooley", answers=[1, 1]
    )
    assert world.t.pregnant_person.display_name not in client.get(url).content.decode()
    # A fixed number of queries at two list sizes.
    due = timezone.localdate() + dt.timedelta(weeks=18)
    make_trajectory(world.coordinator, world.kg, due_date=due)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
        queries = len(few)
    for _ in range(5):
        make_trajectory(world.coordinator, world.kg, due_date=due)
    with django_assert_max_num_queries(queries):
        html = client.get(url).content.decode()
    assert html.count("Psychosociale screening bij het eerste contact") == 6
