"""Bad input is a clear 4xx on every channel (API, pages, FHIR), never a 500, and nothing is half-saved.

The cases are the ones an attack found giving a 500: a NUL byte in any text or filter, offset=10^20 and
offset=-1, a malformed X-Wieg-Organisation header, JSON nested 1000 deep; and the ones answered wrongly:
an oversized body as an HTML 400, a text/plain body parsed as JSON, a birth date of 0001-01-01.
"""

import json

import pytest

from wieg.care.models import AccessEvent, Family, Person, Trajectory
from wieg.core.pagination import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE = 10**20


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def _fields(body):
    return {e["field"] for e in body.get("errors", [])}


def _outcome(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return body


def _counts():
    return Family.objects.count(), Person.objects.count(), Trajectory.objects.count()


def _family(**member):
    return {
        "municipality_nis": "44021",
        "members": [{"role": "pregnant_parent", "given_name": "Lotte", "family_name": "Janssens", **member}],
    }


@pytest.fixture
def nurse(world, api_client):
    return api_client.as_user(world.coordinator.user)


@pytest.fixture
def fhir(client):
    from wieg.fhir.tests.conftest import FhirClient

    return FhirClient(client)


@pytest.fixture
def token(world):
    from wieg.accounts.models import ApiToken

    return ApiToken.issue(world.coordinator.user)[1]


# --- A NUL byte ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload, field",
    [
        (_family(given_name="Lot" + NUL + "te"), "members.0.given_name"),
        (_family(family_name=NUL), "members.0.family_name"),
        ({**_family(), "municipality_nis": "4402" + NUL}, "municipality_nis"),
        (_family(national_number="8507300332" + NUL), "members.0.national_number"),
    ],
)
def test_a_nul_byte_in_a_json_field_is_a_422_naming_the_field(nurse, payload, field):
    before = _counts()
    body = _problem(nurse.post("/api/v1/families", payload), 422)
    assert _fields(body) == {field}
    assert _counts() == before


def test_a_nul_byte_in_a_json_key_or_a_lone_surrogate_is_a_422(nurse, token, client):
    body = _problem(nurse.post("/api/v1/families", {**_family(), "x" + NUL: 1}), 422)
    assert _fields(body) == {"x?"}
    member = '{"role": "child", "given_name": "\\ud800", "family_name": "B"}'
    raw = '{"municipality_nis": "44021", "members": [' + member + "]}"
    response = client.post(
        "/api/v1/families", raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert _fields(_problem(response, 422)) == {"members.0.given_name"}


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/api/v1/referrals", {"status": "sent" + NUL}, "status"),
        ("/api/v1/organisations", {"kind": NUL}, "kind"),
        ("/api/v1/trajectories", {"role": "member", "x": NUL}, "x"),
        ("/api/v1/families/lookup", {"national_number": "85073003328" + NUL}, "national_number"),
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_a_422_naming_it(nurse, path, params, field):
    before = AccessEvent.objects.count()
    body = _problem(nurse.get(path, params), 422)
    assert _fields(body) == {field}
    assert AccessEvent.objects.count() == before


def test_a_nul_byte_in_a_public_api_filter_is_a_422(client):
    assert _fields(_problem(client.get("/api/v1/activities", {"kind": "a" + NUL}), 422)) == {"kind"}


def test_a_nul_byte_in_a_form_post_is_a_422_page_naming_the_field_and_nothing_is_saved(world, client):
    client.force_login(world.coordinator.user)
    before = _counts()
    response = client.post(
        "/families/new/",
        {
            "municipality": "44021",
            "given_name": "Lot" + NUL + "te",
            "family_name": "Janssens",
            "birth_date": "1994-03-02",
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "given_name" in html and "NUL" in html
    assert _counts() == before


def test_a_nul_byte_in_a_page_filter_is_a_422(world, client):
    client.force_login(world.coordinator.user)
    response = client.get("/caseload/", {"status": "closed" + NUL})
    assert response.status_code == 422
    assert "status" in response.content.decode()
    response = client.get("/network/activities/", {"kind": NUL})
    assert response.status_code == 422


def test_a_nul_byte_in_a_path_is_not_found(world, nurse, client):
    _problem(nurse.get(f"/api/v1/trajectories/{world.t.public_id}{NUL}"), 404)
    assert client.get(f"/fhir/r4/Patient/{NUL}").status_code == 404


def test_a_nul_byte_in_a_fhir_search_is_a_422_outcome_naming_the_parameter(world, fhir):
    fhir.as_user(world.user("coordinator"))
    body = _outcome(fhir.get("/fhir/r4/Patient", {"family": "Jans" + NUL}), 422)
    assert body["issue"][0]["expression"] == ["family"]


def test_a_nul_byte_in_a_fhir_bundle_is_a_422_outcome_naming_the_path(world, fhir):
    from wieg.fhir.tests.bundles import transaction_bundle

    bundle = transaction_bundle(organisation=world.kg, coordinator=world.coordinator)
    bundle["entry"][0]["resource"]["name"][0]["family"] = "Wou" + NUL + "ters"
    before = _counts()
    fhir.as_user(world.user("coordinator"))
    body = _outcome(fhir.post("/fhir/r4/", bundle), 422)
    assert body["issue"][0]["expression"] == ["entry.0.resource.name.0.family"]
    assert _counts() == before


# --- One pagination --------------------------------------------------------------------------------


def _paginated(world):
    return [
        "/api/v1/trajectories",
        f"/api/v1/trajectories/{world.t.public_id}/access-log",
        "/api/v1/referrals",
        "/api/v1/booklet-orders",
        "/api/v1/activities",
    ]


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"offset": HUGE}, "offset", f"Hoogstens {MAX_OFFSET}."),
        ({"offset": -1}, "offset", "Minstens 0."),
        ({"limit": 0}, "limit", "Minstens 1."),
        ({"limit": MAX_LIMIT + 1}, "limit", f"Hoogstens {MAX_LIMIT}."),
        ({"limit": "lots"}, "limit", "Geef een geheel getal."),
    ],
)
def test_every_list_has_the_same_bounds_and_the_same_error(world, nurse, params, field, message):
    for path in _paginated(world):
        body = _problem(nurse.get(path, params), 422)
        assert body["errors"] == [{"field": field, "message": message}], path


def test_the_bounds_themselves_are_accepted(world, nurse):
    for path in _paginated(world):
        response = nurse.get(path, {"limit": MAX_LIMIT, "offset": MAX_OFFSET})
        assert response.status_code == 200, (path, response.content)
        assert response.json()["items"] == []


def test_pagination_pages_through_the_access_log(world, nurse):
    url = f"/api/v1/trajectories/{world.t.public_id}/access-log"
    for _ in range(5):
        nurse.get(f"/api/v1/trajectories/{world.t.public_id}")
    # Reading the log is logged too (newest first): the second page starts one event later.
    first = nurse.get(url, {"limit": 2, "offset": 0}).json()
    second = nurse.get(url, {"limit": 2, "offset": 3}).json()
    whole = nurse.get(url, {"limit": MAX_LIMIT}).json()
    assert len(first["items"]) == len(second["items"]) == 2 and first["count"] >= 4
    assert whole["count"] == first["count"] + 2
    assert first["items"] + second["items"] == whole["items"][2:6]


def test_the_pagination_error_speaks_the_requested_language(nurse):
    dutch = nurse.get("/api/v1/trajectories", {"offset": -1}, HTTP_ACCEPT_LANGUAGE="nl").json()
    french = nurse.get("/api/v1/trajectories", {"offset": -1}, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert dutch["errors"][0]["message"] == "Minstens 0."
    assert french["errors"][0]["message"] not in ("Minstens 0.", "")


@pytest.mark.parametrize("offset, status", [(HUGE, 422), (-1, 422), (MAX_OFFSET, 200)])
def test_fhir_search_offset_is_bounded(world, fhir, offset, status):
    fhir.as_user(world.user("coordinator"))
    response = fhir.get("/fhir/r4/EpisodeOfCare", {"_offset": offset})
    if status == 200:
        assert response.status_code == 200 and response.json()["total"] >= 1
    else:
        assert _outcome(response, status)["issue"][0]["expression"] == ["_offset"]


# --- Headers, content types, sizes, depth ----------------------------------------------------------


@pytest.mark.parametrize("header", ["nope", "1' OR '1'='1", "0" * 5000])
def test_a_malformed_organisation_header_is_a_400_naming_it(nurse, header):
    body = _problem(nurse.get("/api/v1/me", HTTP_X_WIEG_ORGANISATION=header), 400)
    assert _fields(body) == {"X-Wieg-Organisation"}


def test_a_well_formed_organisation_header_still_picks_the_organisation(world, nurse):
    response = nurse.get("/api/v1/me", HTTP_X_WIEG_ORGANISATION=str(world.kg.public_id))
    assert response.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "text/html"])
def test_json_only_with_a_json_content_type(world, token, client, content_type):
    before = _counts()
    response = client.post(
        "/api/v1/families",
        json.dumps(_family()),
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    body = _problem(response, 415)
    assert content_type in body["detail"]
    assert _counts() == before


def test_json_with_a_charset_or_a_json_suffix_is_accepted(world, token, client):
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.post(
            "/api/v1/families",
            json.dumps(_family()),
            content_type=content_type,
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 201, response.content


def test_an_oversized_api_body_is_a_413_problem(world, token, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    before = _counts()
    payload = _family(given_name="x" * 5000)
    response = client.post(
        "/api/v1/families",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    _problem(response, 413)
    assert _counts() == before


def test_an_oversized_fhir_body_is_a_413_outcome(world, fhir, settings):
    from wieg.fhir.tests.bundles import transaction_bundle

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    fhir.as_user(world.user("coordinator"))
    _outcome(
        fhir.post("/fhir/r4/", transaction_bundle(organisation=world.kg, coordinator=world.coordinator)), 413
    )


def test_an_oversized_form_post_is_a_413_and_a_form_with_too_many_fields_a_400(world, client, settings):
    client.force_login(world.coordinator.user)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = client.post("/families/new/", {"given_name": "x" * 5000})
    assert response.status_code == 413
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/families/new/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400


def _nested(depth):
    return "[" * depth + "]" * depth


def test_json_nested_1000_deep_is_a_400(world, token, client):
    for depth in (100, 1000, 100_000):
        response = client.post(
            f"/api/v1/trajectories/{world.t.public_id}/screenings",
            '{"instrument": "epds", "answers": ' + _nested(depth) + "}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert "nest" in _problem(response, 400)["detail"]


def test_a_fhir_bundle_nested_1000_deep_is_a_400_outcome(world, fhir, client):
    fhir.as_user(world.user("coordinator"))
    before = _counts()
    for depth in (100, 1000):
        body = '{"resourceType": "Bundle", "type": "transaction", "entry": ' + _nested(depth) + "}"
        response = client.post(
            "/fhir/r4/",
            body,
            content_type="application/fhir+json",
            HTTP_AUTHORIZATION=f"Bearer {fhir.token}",
        )
        _outcome(response, 400)
    assert _counts() == before


def test_a_fhir_bundle_as_text_plain_is_a_415_outcome(world, fhir, client):
    fhir.as_user(world.user("coordinator"))
    response = client.post(
        "/fhir/r4/", "{}", content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {fhir.token}"
    )
    _outcome(response, 415)


# --- Plausible dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("birth_date", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_an_implausible_birth_date_is_a_422_naming_the_field(nurse, birth_date):
    before = _counts()
    body = _problem(nurse.post("/api/v1/families", _family(birth_date=birth_date)), 422)
    assert _fields(body) == {"members.0.birth_date"}
    assert _counts() == before


def test_the_earliest_birth_date_the_national_number_can_hold_is_accepted(nurse):
    response = nurse.post("/api/v1/families", _family(role="caregiver", birth_date="1900-01-01"))
    assert response.status_code == 201, response.content


def test_an_implausible_birth_date_is_a_form_error_on_the_page(world, client):
    from wieg.care.tests.test_pages_forms import _family_data

    client.force_login(world.coordinator.user)
    before = _counts()
    response = client.post("/families/new/", _family_data(birth_date="1899-12-31"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["birth_date"]
    assert _counts() == before


@pytest.mark.parametrize(
    "path, payload, field",
    [
        (
            "birth",
            {"birth_date": "0001-01-01", "child": {"given_name": "A", "family_name": "B"}},
            "birth_date",
        ),
        ("contacts", {"date": "0001-01-01", "kind": "phone"}, "date"),
        ("contacts", {"date": "9999-12-31", "kind": "phone"}, "date"),
        (
            "plan",
            {"title": "x", "kind": "goal", "window_start": "0001-01-01", "window_end": "0001-01-02"},
            "window_start",
        ),
        ("booklets", {"handed_out_on": "0001-01-01"}, "handed_out_on"),
    ],
)
def test_implausible_dates_of_a_trajectory_are_a_422_naming_the_field(world, nurse, path, payload, field):
    body = _problem(nurse.post(f"/api/v1/trajectories/{world.t.public_id}/{path}", payload), 422)
    assert field in _fields(body)


@pytest.mark.parametrize("due_date", ["0001-01-01", "9999-12-31", "2020-01-01", "2099-01-01"])
def test_an_implausible_due_date_is_a_422(world, nurse, due_date):
    body = _problem(nurse.patch(f"/api/v1/trajectories/{world.t.public_id}", {"due_date": due_date}), 422)
    assert _fields(body) == {"due_date"}


# --- What the API tells about itself ---------------------------------------------------------------


def test_health_tells_neither_version_nor_database_type(client):
    body = client.get("/api/v1/health").json()
    assert body == {"status": "ok", "database": "ok"}


def test_the_openapi_document_declares_problems_and_enums(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "404", "422"):
                content = operation["responses"][status]["content"]
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }
            if "requestBody" in operation:
                assert {"413", "415"} <= set(operation["responses"]), (method, path)
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/trajectories"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == MAX_LIMIT
    assert parameters["offset"]["schema"]["maximum"] == MAX_OFFSET

    def enum(schema):
        options = schema.get("anyOf", [schema])
        return next(o["enum"] for o in options if "enum" in o)

    assert enum(parameters["status"]["schema"]) == ["active", "closed"]
    referrals = {p["name"]: p for p in document["paths"]["/api/v1/referrals"]["get"]["parameters"]}
    assert "in_progress" in enum(referrals["status"]["schema"])
