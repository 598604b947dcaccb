"""Screening API: scoring through the server, 422s naming the answer, the psychosocial category guarding
results, suggestions and the urgent flag."""

from contextlib import contextmanager

import pytest
from django.db import transaction

from wieg.accounts.models import Notification
from wieg.care.models import AccessEvent
from wieg.screening.models import Flag, Screening, Suggestion


@contextmanager
def rolled_back():
    """One world for all personas: each persona's requests run in a savepoint rolled back afterwards."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


pytestmark = pytest.mark.django_db

NO_FLAGS_EPDS = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]  # every item worth 0 points


def url(t):
    return f"/api/v1/trajectories/{t.public_id}/screenings"


def post(api_client, world, payload, who="coordinator"):
    return api_client.as_user(world.user(who)).post(url(world.t), payload)


def test_epds_scored_on_the_server_with_reverse_items(api_client, world):
    # Printed positions: items 1, 2, 4 at position 3 (3 points each), the others at position 0 (3 points each)
    response = post(api_client, world, {"instrument": "epds", "answers": [3, 3, 0, 3, 0, 0, 0, 0, 0, 3]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["score"] == 27  # item 10 at its last position (never) is worth 0
    codes = {f["code"] for f in body["flags"]}
    assert codes == {"epds_rescreen", "epds_assessment"}
    assert {s["rule"] for s in body["suggestions"]} >= {"perinatal_mh", "mhc_vulnerable", "risk_raised"}
    event = AccessEvent.objects.filter(object_type="Screening", action="create").get()
    assert event.category == "psychosocial"


def test_item_10_raises_urgent_flag_and_tells_the_coordinator(api_client, world):
    answers = list(NO_FLAGS_EPDS)
    answers[9] = 2  # "hardly ever": 1 point
    response = post(api_client, world, {"instrument": "epds", "answers": answers})
    assert response.status_code == 201
    body = response.json()
    assert body["score"] == 1
    assert [f["code"] for f in body["flags"]] == ["epds_self_harm"]
    assert body["flags"][0]["level"] == "urgent"
    assert Notification.objects.filter(user=world.user("coordinator")).count() == 1
    # Recording the action closes the alert.
    flag_id = body["flags"][0]["id"]
    api = api_client.as_user(world.user("coordinator"))
    assert api.post(f"/api/v1/flags/{flag_id}/action", {"action_taken": ""}).status_code == 422
    done = api.post(
        f"/api/v1/flags/{flag_id}/action", {"action_taken": "Huisarts belde vandaag, opvolging morgen"}
    )
    assert done.status_code == 200 and done.json()["action_taken_at"]
    assert api.post(f"/api/v1/flags/{flag_id}/action", {"action_taken": "nog eens"}).status_code == 409


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ([0] * 9, "answers"),
        ([0] * 11, "answers"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 4], "answers.9"),
        ([0, 0, -1, 0, 0, 0, 0, 0, 0, 0], "answers.2"),
        ([0, 0, "x", 0, 0, 0, 0, 0, 0, 0], "answers.2"),
        ({"laugh": 0}, "answers.enjoy"),
        (None, "answers"),
    ],
)
def test_bad_answers_are_422_naming_the_answer(api_client, world, answers, field):
    response = post(api_client, world, {"instrument": "epds", "answers": answers})
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Screening.objects.exists()


def test_unknown_instrument_is_422(api_client, world):
    response = post(api_client, world, {"instrument": "phq9", "answers": []})
    assert response.status_code == 422
    assert "instrument" in {e["field"] for e in response.json()["errors"]}


def _psychosocial(**chosen):
    from wieg.screening import catalogue

    keys = [i["key"] for i in catalogue.instrument("psychosocial").definition["items"]]
    assert set(chosen) <= set(keys)
    return {k: chosen.get(k, 0) for k in keys}


def test_psychosocial_flags_and_suggestions(api_client, world):
    answers = _psychosocial(
        finances_making_ends_meet=3, social_support_help_after_birth=2, language_understands=2
    )
    response = post(api_client, world, {"instrument": "psychosocial", "answers": answers})
    assert response.status_code == 201, response.content
    body = response.json()
    assert {f["code"] for f in body["flags"]} == {"income", "social_isolation", "language"}
    rules = {s["rule"]: s for s in body["suggestions"]}
    assert {
        "mhc_vulnerable",
        "ocmw_income_housing",
        "interpreter",
        "family_centre_isolation",
        "risk_raised",
        "extra_contacts_vulnerable",
    } <= set(rules)
    assert rules["mhc_vulnerable"]["due_by"] is not None
    # The same rule is not proposed twice while the first is open.
    again = post(api_client, world, {"instrument": "psychosocial", "answers": answers}).json()
    assert again["suggestions"] == []


def test_accepting_risk_suggestion_raises_risk_level(api_client, world):
    answers = _psychosocial(domestic_violence_hurt=1)
    body = post(api_client, world, {"instrument": "psychosocial", "answers": answers}).json()
    high = next(s for s in body["suggestions"] if s["rule"] == "risk_high")
    api = api_client.as_user(world.user("coordinator"))
    assert api.post(f"/api/v1/suggestions/{high['id']}/accept", {}).status_code == 200
    world.t.refresh_from_db()
    assert world.t.risk_level == "high"
    raised = next(s for s in body["suggestions"] if s["rule"] == "risk_raised")
    # Dismissing needs a reason; a lower level never lowers the risk.
    assert api.post(f"/api/v1/suggestions/{raised['id']}/dismiss", {"reason": ""}).status_code == 422
    assert api.post(f"/api/v1/suggestions/{raised['id']}/dismiss", {"reason": "al hoog"}).status_code == 200
    assert Suggestion.objects.get(public_id=raised["id"]).status == "dismissed"


def test_whooley(api_client, world):
    body = post(api_client, world, {"instrument": "whooley", "answers": [0, 1, 0]}).json()
    assert {f["code"] for f in body["flags"]} == {"whooley_positive", "whooley_wants_help"}
    assert "epds_after_whooley" in {s["rule"] for s in body["suggestions"]}


# Who may record and who may read screening results: psychosocial consent, team, no exclusion.
WRITE = {
    "coordinator": 201,
    "member": 404,
    "no_consent": 404,
    "excluded": 404,
    "outsider": 404,
    "analyst": 404,
    "admin": 404,
    "parent": 409,  # her own file, but nobody asked her to fill in a questionnaire
}


def test_permission_matrix_post(api_client, world):
    for persona, status in WRITE.items():
        with rolled_back():
            response = post(api_client, world, {"instrument": "epds", "answers": NO_FLAGS_EPDS}, who=persona)
            assert response.status_code == status


READ = {
    "coordinator": 1,
    "member": None,
    "no_consent": None,
    "excluded": None,
    "outsider": None,
    "analyst": None,
    "admin": None,
    "parent": 0,
}  # parents see only their own self-screenings


def test_permission_matrix_list(api_client, world):
    assert post(api_client, world, {"instrument": "epds", "answers": NO_FLAGS_EPDS}).status_code == 201
    for persona, count in READ.items():
        with rolled_back():
            response = api_client.as_user(world.user(persona)).get(url(world.t))
            if count is None:
                assert response.status_code == 404
            else:
                assert response.status_code == 200 and response.json()["count"] == count


def test_suggestion_and_flag_endpoints_are_404_for_others(api_client, world):
    answers = list(NO_FLAGS_EPDS)
    answers[9] = 0
    body = post(api_client, world, {"instrument": "epds", "answers": answers}).json()
    flag = Flag.objects.get()
    suggestion = body["suggestions"][0]["id"]
    for persona in ("member", "outsider", "parent", "analyst"):
        api = api_client.as_user(world.user(persona))
        assert api.post(f"/api/v1/flags/{flag.public_id}/action", {"action_taken": "x"}).status_code == 404
        assert api.post(f"/api/v1/suggestions/{suggestion}/accept", {}).status_code == 404
