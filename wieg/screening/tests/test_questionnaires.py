"""The questionnaires themselves: the API, refusing stand-in wording everywhere, and the mother filling in
the EPDS her coordinator asked for through the API."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from wieg.accounts.models import Notification
from wieg.core.errors import Conflict
from wieg.screening import catalogue
from wieg.screening.models import Instrument, LicensedText, Screening, ScreeningRequest
from wieg.screening.services import screening_record, screening_request

pytestmark = pytest.mark.django_db

NO_FLAGS_EPDS = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]
# Item 10 "Sometimes" (2 points) and 10 more: total 12, at least 10 (rescreen) and below 13.
SOMETIMES_SELF_HARM = [1, 1, 1, 2, 2, 2, 2, 2, 3, 1]  # 1+1+2+2+1+1+1+1+0+2 points


@contextmanager
def rolled_back():
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def screenings_url(t):
    return f"/api/v1/trajectories/{t.public_id}/screenings"


def test_list_of_questionnaires(api_client, world):
    body = api_client.as_user(world.user("coordinator")).get("/api/v1/questionnaires").json()
    by_key = {q["key"]: q for q in body["items"]}
    assert set(by_key) == {"epds", "whooley", "psychosocial"}
    assert by_key["epds"]["loinc"] == "71354-5" and by_key["epds"]["item_count"] == 10
    assert by_key["epds"]["self_report"] and not by_key["psychosocial"]["self_report"]
    assert by_key["psychosocial"]["item_count"] == 22
    assert by_key["epds"]["fhir_url"] == "https://wieg.be/fhir/Questionnaire/epds"


@pytest.mark.parametrize(
    ("language", "first_item", "item10_answers"),
    [
        ("nl", "Ik heb kunnen lachen", ["Ja, tamelijk vaak", "Soms", "Zelden", "Nooit"]),
        ("fr", "J'ai pu rire", ["Oui, très souvent", "Parfois", "Presque jamais", "Jamais"]),
        ("en", "I have been able to laugh", ["Yes, quite often", "Sometimes", "Hardly ever", "Never"]),
    ],
)
def test_the_epds_in_printed_order_with_scores(api_client, world, language, first_item, item10_answers):
    response = api_client.as_user(world.user("parent")).get(
        f"/api/v1/questionnaires/epds?language={language}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == language and body["version"] == catalogue.instrument("epds").version
    assert [i["number"] for i in body["items"]] == list(range(1, 11))
    assert body["items"][0]["text"].startswith(first_item)
    assert [a["text"] for a in body["items"][9]["answers"]] == item10_answers
    scores = [[a["score"] for a in i["answers"]] for i in body["items"]]
    assert scores == [[0, 1, 2, 3]] * 2 + [[3, 2, 1, 0]] + [[0, 1, 2, 3]] + [[3, 2, 1, 0]] * 6
    assert [i["scoring"] for i in body["items"]][:4] == ["0-3", "0-3", "3-0", "0-3"]
    assert "Cox" in body["citation"] and "150:782-786" in body["citation"]
    flags = {f["code"]: f for f in body["flags"]}
    assert flags["epds_rescreen"]["min_total"] == 10 and flags["epds_assessment"]["min_total"] == 13
    assert flags["epds_self_harm"]["item"] == "self_harm" and flags["epds_self_harm"]["level"] == "urgent"


def test_questionnaire_api_errors(api_client, world, client):
    api = api_client.as_user(world.user("coordinator"))
    assert api.get("/api/v1/questionnaires/phq9").status_code == 404
    bad = api.get("/api/v1/questionnaires/epds?language=de")
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["language"]
    assert client.get("/api/v1/questionnaires").status_code == 401
    whooley = api.get("/api/v1/questionnaires/whooley?language=en").json()
    assert whooley["items"][2]["conditional"] and not whooley["items"][2]["counts"]
    assert whooley["items"][0]["text"].startswith("During the past month, have you often been bothered")


def _stand_in_french_answers():
    LicensedText.objects.create(
        instrument_code="epds",
        item_key="scared",
        language="fr",
        text="Je me suis sentie effrayée",
        options=["réponse 1", "réponse 2", "réponse 3", "réponse 4"],
    )


def test_stand_in_wording_is_refused_everywhere(api_client, world, client):
    _stand_in_french_answers()
    api = api_client.as_user(world.user("coordinator"))
    refused = api.get("/api/v1/questionnaires/epds?language=fr")
    assert refused.status_code == 409 and "5" in refused.json()["detail"]
    assert api.get("/api/v1/questionnaires/epds?language=nl").status_code == 200
    # Scoring refuses in French; in Dutch the real wording is there.
    with translation.override("fr"), pytest.raises(Conflict):
        screening_record(
            actor=world.actor("coordinator"),
            trajectory=world.t,
            instrument_code="epds",
            answers=NO_FLAGS_EPDS,
        )
    assert not Screening.objects.exists()
    posted = api.post(
        screenings_url(world.t),
        {"questionnaire": "epds", "answers": NO_FLAGS_EPDS},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert posted.status_code == 409 and not Screening.objects.exists()
    # The form page in French says why and shows no question.
    client.force_login(world.user("coordinator"))
    client.post(reverse("set_language"), {"language": "fr"})
    page = client.get(reverse("screening:new", args=[world.t.public_id, "epds"]))
    html = page.content.decode()
    assert page.status_code == 409 and 'id="questionnaire-unavailable"' in html
    assert 'type="radio"' not in html and "réponse 1" not in html
    # Asking the mother, who reads French, is refused too.
    world.user("parent").preferred_language = "fr"
    world.user("parent").save()
    with pytest.raises(Conflict):
        screening_request(actor=world.actor("coordinator"), trajectory=world.t, instrument_code="epds")


def test_the_version_with_stand_in_answers_is_retired_and_its_screenings_read_with_the_full_wording(world):
    v1 = Instrument.objects.get(code="epds", version=1)
    assert not v1.active and catalogue.instrument("epds").version == 2
    printed = catalogue.questionnaire(v1, "nl")
    assert printed["items"][9]["options"][0]["text"] == "Ja, tamelijk vaak"
    assert catalogue.incomplete_items(v1, "nl") == []


def _ask(world, code="epds"):
    return screening_request(actor=world.actor("coordinator"), trajectory=world.t, instrument_code=code)


def test_mother_answers_what_she_was_asked_through_the_api(api_client, world):
    parent = api_client.as_user(world.user("parent"))
    payload = {"questionnaire": "epds", "answers": NO_FLAGS_EPDS}
    not_asked = parent.post(screenings_url(world.t), payload)
    assert not_asked.status_code == 409
    assert [e["field"] for e in not_asked.json()["errors"]] == ["questionnaire"]
    asked = _ask(world)
    mother_told = Notification.objects.get(user=world.user("parent"))
    assert mother_told.link == reverse("screening:self_screening", args=[asked.public_id])
    response = parent.post(screenings_url(world.t), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["filled_by"] == "parent" and body["score"] == 0 and body["flags"] == []
    asked.refresh_from_db()
    assert str(asked.screening.public_id) == body["id"]
    told = Notification.objects.get(user=world.user("coordinator"))
    assert world.t.pregnant_person.display_name in told.subject and told.link.endswith(
        f"/results/{body['id']}/"
    )
    assert parent.post(screenings_url(world.t), payload).status_code == 409  # answered once
    # Not her file, or not a parent of this family: nothing to find.
    other = api_client.as_user(world.user("other_parent"))
    assert other.post(screenings_url(world.t), payload).status_code == 404
    assert Screening.objects.count() == 1


def test_only_the_mother_fills_in_her_self_report(api_client, world):
    from wieg.testing.factories import PersonFactory, UserFactory

    partner = UserFactory(username="partner", kind="parent")
    PersonFactory(family=world.t.family, role="co_parent", user=partner)
    _ask(world)
    response = api_client.as_user(partner).post(
        screenings_url(world.t), {"questionnaire": "epds", "answers": NO_FLAGS_EPDS}
    )
    assert response.status_code == 404
    assert not Screening.objects.exists()


def test_item_10_from_the_mother_raises_the_same_signal_and_suggestions_at_once(api_client, world):
    payload = {"questionnaire": "epds", "answers": SOMETIMES_SELF_HARM}
    with rolled_back():
        by_nurse = api_client.as_user(world.user("coordinator")).post(screenings_url(world.t), payload).json()
    _ask(world)
    body = api_client.as_user(world.user("parent")).post(screenings_url(world.t), payload).json()
    assert body["score"] == by_nurse["score"] == 12
    # The mother gets her score, never the team's flags and suggestions (docs/adr/0012); the team does.
    assert body["flags"] == [] and body["suggestions"] == []
    team = api_client.as_user(world.user("coordinator")).get(screenings_url(world.t)).json()["items"]
    seen = next(s for s in team if s["id"] == body["id"])
    assert {f["code"] for f in seen["flags"]} == {"epds_rescreen", "epds_self_harm"}
    assert {f["code"]: f["level"] for f in seen["flags"]}["epds_self_harm"] == "urgent"
    assert {s["rule"] for s in seen["suggestions"]} == {s["rule"] for s in by_nurse["suggestions"]}
    assert {"perinatal_mh", "risk_high", "rescreen_epds"} <= {s["rule"] for s in seen["suggestions"]}
    urgent = Notification.objects.get(user=world.user("coordinator"))
    assert "Dringend" in urgent.subject


def test_portal_offers_the_questionnaire_to_the_mother_only(client, world):
    from wieg.testing.factories import PersonFactory, UserFactory

    asked = _ask(world)
    partner = UserFactory(username="partner", kind="parent")
    PersonFactory(family=world.t.family, role="co_parent", user=partner)
    section = reverse("screening:portal_section", args=[world.t.public_id])
    link = reverse("screening:self_screening", args=[asked.public_id])
    client.force_login(world.user("parent"))
    html = client.get(section).content.decode()
    assert link in html
    form = client.get(link).content.decode()
    assert "De gedachte om mezelf iets aan te doen is bij me opgekomen" in form and 'id="source"' in form
    client.force_login(partner)
    assert link not in client.get(section).content.decode()
    assert client.get(link).status_code == 404
    assert ScreeningRequest.objects.get().screening is None
