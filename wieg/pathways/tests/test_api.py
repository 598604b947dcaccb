"""API v1: plan, item changes, contacts and the worklist, over every persona."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care.models import AccessEvent
from wieg.pathways.models import PlanItem
from wieg.pathways.services import contact_record, plan_generate
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

SEES_PLAN = {"coordinator", "member", "parent"}
CHANGES_PLAN = {"coordinator", "member"}


@pytest.fixture
def planned(world):
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    return world


def _fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def _url(t, rest=""):
    return f"/api/v1/trajectories/{t.public_id}/{rest}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_plan_matrix(api_client, planned, persona):
    response = api_client.as_user(planned.user(persona)).get(_url(planned.t, "plan"))
    assert response.status_code == (200 if persona in SEES_PLAN else 404)
    if response.status_code == 404:
        assert response["Content-Type"] == "application/problem+json"
        return
    body = response.json()
    # The family came into care at 20 weeks: the booking and 16-week windows had closed, 10 - 2 remain.
    assert body["minimum"]["total"] == 8
    assert body["count"] == len(body["items"])
    item = body["items"][0]
    assert set(item) >= {
        "id",
        "code",
        "title",
        "window_start",
        "window_end",
        "status",
        "counts_toward_minimum",
    }
    assert AccessEvent.objects.filter(
        trajectory=planned.t, category="care_plan", action="read", user=planned.user(persona)
    ).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_patch_item_matrix(api_client, planned, persona):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.test.nipt")
    response = api_client.as_user(planned.user(persona)).patch(
        _url(planned.t, f"plan/{item.public_id}"),
        {"status": "cancelled", "cancelled_reason": "Geen NIPT gewenst"},
    )
    assert response.status_code == (200 if persona in CHANGES_PLAN else 404)
    item.refresh_from_db()
    assert (item.status == "cancelled") is (persona in CHANGES_PLAN)


def test_patch_moves_a_window_and_validates(api_client, planned):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.28w")
    client = api_client.as_user(planned.user("coordinator"))
    start = item.window_start + dt.timedelta(days=3)
    response = client.patch(_url(planned.t, f"plan/{item.public_id}"), {"window_start": start.isoformat()})
    assert response.status_code == 200 and response.json()["window_start"] == start.isoformat()
    item.refresh_from_db()
    assert item.window_locked
    bad = client.patch(
        _url(planned.t, f"plan/{item.public_id}"),
        {"window_end": (item.window_start - dt.timedelta(days=1)).isoformat()},
    )
    assert bad.status_code == 422 and "window_end" in _fields(bad)
    no_reason = client.patch(_url(planned.t, f"plan/{item.public_id}"), {"status": "cancelled"})
    assert no_reason.status_code == 422 and "cancelled_reason" in _fields(no_reason)
    garbage = client.patch(_url(planned.t, f"plan/{item.public_id}"), {"window_start": "31/02/2027"})
    assert garbage.status_code == 422
    missing = client.patch(_url(planned.t, "plan/00000000-0000-0000-0000-000000000000"), {"status": "done"})
    assert missing.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_contact_matrix(api_client, planned, persona):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.booking")
    response = api_client.as_user(planned.user(persona)).post(
        _url(planned.t, "contacts"),
        {
            "date": timezone.localdate().isoformat(),
            "kind": "consultation",
            "plan_item_id": str(item.public_id),
            "notes": {"medical": "Bloeddruk normaal"},
        },
    )
    assert response.status_code == (201 if persona in CHANGES_PLAN else 404)
    item.refresh_from_db()
    assert (item.status == "done") is (persona in CHANGES_PLAN)


def test_contact_fulfils_the_matching_item_without_naming_it(api_client, planned):
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.16w")
    day = min(item.window_start + dt.timedelta(days=1), timezone.localdate())
    PlanItem.objects.filter(pk=item.pk).update(window_start=day - dt.timedelta(days=1), window_end=day)
    response = api_client.as_user(planned.user("member")).post(
        _url(planned.t, "contacts"), {"date": day.isoformat(), "kind": "home_visit"}
    )
    assert response.status_code == 201
    assert response.json()["plan_item_id"] == str(item.public_id)
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", day)


def test_contact_errors(api_client, planned):
    client = api_client.as_user(planned.user("member"))
    future = client.post(
        _url(planned.t, "contacts"),
        {"date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(), "kind": "phone"},
    )
    assert future.status_code == 422 and "date" in _fields(future)
    kind = client.post(
        _url(planned.t, "contacts"), {"date": timezone.localdate().isoformat(), "kind": "telepathy"}
    )
    assert kind.status_code == 422
    # The midwife's practice has no psychosocial consent: she cannot write such a note.
    note = client.post(
        _url(planned.t, "contacts"),
        {"date": timezone.localdate().isoformat(), "kind": "phone", "notes": {"psychosocial": "..."}},
    )
    assert note.status_code == 422 and "notes.psychosocial" in _fields(note)
    item = PlanItem.objects.get(trajectory=planned.t, code="prenatal.contact.booking")
    body = {"date": timezone.localdate().isoformat(), "kind": "phone", "plan_item_id": str(item.public_id)}
    assert client.post(_url(planned.t, "contacts"), body).status_code == 201
    assert client.post(_url(planned.t, "contacts"), body).status_code == 409


def test_psychosocial_notes_are_hidden_from_the_member(api_client, planned):
    contact_record(
        actor=planned.actor("coordinator"),
        trajectory=planned.t,
        date=timezone.localdate(),
        kind="home_visit",
        notes={"psychosocial": "Angstklachten", "medical": "Gewicht 68 kg"},
    )
    member = api_client.as_user(planned.user("member")).get(_url(planned.t, "contacts")).json()
    notes = [n for c in member["items"] for n in c["notes"]]
    assert {n["category"] for n in notes} == {"medical"}
    assert "Angstklachten" not in str(member)
    coordinator = api_client.as_user(planned.user("coordinator")).get(_url(planned.t, "contacts")).json()
    assert {n["category"] for c in coordinator["items"] for n in c["notes"]} == {"medical", "psychosocial"}
    assert AccessEvent.objects.filter(
        trajectory=planned.t, category="psychosocial", action="read", user=planned.user("coordinator")
    ).exists()
    assert not AccessEvent.objects.filter(
        trajectory=planned.t, category="psychosocial", action="read", user=planned.user("member")
    ).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_worklist_matrix(api_client, planned, persona):
    PlanItem.objects.filter(trajectory=planned.t, code="prenatal.contact.booking").update(
        window_start=timezone.localdate() - dt.timedelta(days=30),
        window_end=timezone.localdate() - dt.timedelta(days=2),
    )
    response = api_client.as_user(planned.user(persona)).get("/api/v1/worklist", {"scope": "organisation"})
    professional = persona in {"coordinator", "member", "no_consent", "excluded", "outsider"}
    assert response.status_code == (200 if professional else 404)
    if not professional:
        return
    ids = {row["trajectory_id"] for row in response.json()["items"]}
    assert (str(planned.t.public_id) in ids) is (persona in {"coordinator", "member"})


def test_worklist_sections(api_client, planned):
    today = timezone.localdate()
    PlanItem.objects.filter(trajectory=planned.t, code="prenatal.contact.25w").update(
        window_start=today - dt.timedelta(days=30), window_end=today - dt.timedelta(days=1)
    )
    PlanItem.objects.filter(trajectory=planned.t, code="prenatal.contact.28w").update(
        window_start=today, window_end=today + dt.timedelta(days=10)
    )
    client = api_client.as_user(planned.user("coordinator"))
    body = client.get("/api/v1/worklist", {"scope": "me"}).json()
    overdue = [r["item"]["code"] for r in body["items"] if r["section"] == "overdue"]
    due = [r["item"]["code"] for r in body["items"] if r["section"] == "due_this_week"]
    assert "prenatal.contact.25w" in overdue
    assert "prenatal.contact.28w" in due
    # Before the family came into care (the booking window closed at 10 weeks): never late.
    assert "prenatal.contact.booking" not in overdue
    assert client.get("/api/v1/worklist", {"scope": "everyone"}).status_code == 422
    assert client.get("/api/v1/worklist", {"scope": "me", "weeks": 99}).status_code == 422


def test_worklist_flags_families_out_of_view(api_client, planned):
    from wieg.care.models import CoordinatorAssignment, Trajectory

    today = timezone.localdate()
    # 20 weeks pregnant, started 8 weeks ago, never seen.
    Trajectory.objects.filter(pk=planned.t.pk).update(
        due_date=today + dt.timedelta(weeks=20), start_date=today - dt.timedelta(weeks=8)
    )
    client = api_client.as_user(planned.user("member"))
    sections = {(r["section"], r["trajectory_id"]) for r in client.get("/api/v1/worklist").json()["items"]}
    t_id = str(planned.t.public_id)
    assert ("first_contact_missing", t_id) in sections
    assert ("no_contact", t_id) in sections
    assert ("no_coordinator", t_id) not in sections
    body = client.get("/api/v1/worklist", {"weeks": 10}).json()
    assert ("no_contact", t_id) not in {(r["section"], r["trajectory_id"]) for r in body["items"]}
    contact_record(
        actor=planned.actor("member"),
        trajectory=planned.t,
        date=today - dt.timedelta(days=3),
        kind="consultation",
    )
    CoordinatorAssignment.objects.filter(trajectory=planned.t).update(end=timezone.now())
    sections = {(r["section"], r["trajectory_id"]) for r in client.get("/api/v1/worklist").json()["items"]}
    assert ("first_contact_missing", t_id) not in sections
    assert ("no_contact", t_id) not in sections
    assert ("no_coordinator", t_id) in sections


def test_add_an_action_with_an_owner(api_client, planned):
    client = api_client.as_user(planned.user("coordinator"))
    today = timezone.localdate()
    response = client.post(
        _url(planned.t, "plan"),
        {
            "title": "Aanvraag kraamzorg opvolgen",
            "kind": "action",
            "window_start": today.isoformat(),
            "window_end": (today + dt.timedelta(days=14)).isoformat(),
            "owner_id": str(planned.member.public_id),
        },
    )
    assert response.status_code == 201
    assert response.json()["owner"]["display_name"] == "Sofie Claes"
    assert response.json()["status"] == "due"
    mine = api_client.as_user(planned.user("member")).get("/api/v1/worklist").json()
    assert "Aanvraag kraamzorg opvolgen" in [r["item"]["title"] for r in mine["items"] if r["item"]]
