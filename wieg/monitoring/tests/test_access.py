"""Who sees monitoring, and proof that no page or endpoint ever gives an analyst a row about one family."""

import re

import pytest
from django.urls import reverse

from wieg.core.models import Municipality
from wieg.monitoring import indicators as catalogue
from wieg.monitoring.dimensions import DIMENSIONS
from wieg.testing.factories import OrganisationFactory, make_professional

from .builders import ANTWERPEN, GENT, cohort

pytestmark = pytest.mark.django_db

CARE_PERSONAS = ("coordinator", "member", "no_consent", "excluded", "outsider", "admin", "parent")
API = "/api/v1/monitoring/indicators"


def family_centre_coordinator(nis=GENT):
    centre = OrganisationFactory(
        name="Huis van het Kind Gent",
        kind="family_centre",
        municipality=Municipality.objects.get(nis_code=nis),
    )
    return make_professional("centre", centre, discipline="family_centre_coordinator")


def monitoring_pages():
    pages = [
        reverse("monitoring:dashboard"),
        reverse("monitoring:definitions"),
        reverse("monitoring:export"),
        reverse("monitoring:tiles"),
    ]
    pages += [reverse("monitoring:definition", args=[key]) for key in catalogue.INDICATORS]
    return pages


@pytest.mark.parametrize("persona", CARE_PERSONAS)
def test_care_personas_get_404_on_every_monitoring_page_and_endpoint(world, client, api_client, persona):
    client.force_login(world.user(persona))
    for url in monitoring_pages():
        assert client.get(url).status_code == 404, url
    api = api_client.as_user(world.user(persona))
    for query in ("", "?indicator=coordinator"):
        response = api.get(API + query)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_anonymous_is_sent_to_login_and_the_api_asks_for_a_token(world, client):
    for url in monitoring_pages():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get(API).status_code == 401


def test_analyst_sees_every_page_and_the_api(world, client, api_client):
    client.force_login(world.analyst_user)
    for url in monitoring_pages():
        assert client.get(url).status_code == 200, url
    catalogue_response = api_client.as_user(world.analyst_user).get(API)
    assert catalogue_response.status_code == 200
    keys = {item["key"] for item in catalogue_response.json()["items"]}
    assert set(catalogue.INDICATORS) == keys


def test_family_centre_coordinator_sees_the_dashboard_for_their_area(world, client):
    coordinator = family_centre_coordinator()
    cohort(GENT, 6, coordinator=6)
    cohort(ANTWERPEN, 40, coordinator=40)
    client.force_login(coordinator.user)
    response = client.get(
        reverse("monitoring:dashboard"), {"indicator": "trajectories_started", "group_by": "total"}
    )
    assert response.status_code == 200
    assert "Huis van het Kind Gent" in response.text
    # The world's two families in Gent + the 6: Antwerp's 40 are outside the area.
    assert re.search(r'<tr data-group="all"><th scope="row">Totaal</th><td class="num">8</td>', response.text)


def test_navigation_entry_for_analysts_only(world, client):
    client.force_login(world.analyst_user)
    assert 'data-nav="monitoring"' in client.get(reverse("monitoring:definitions")).text
    client.force_login(world.coordinator.user)
    assert 'data-nav="monitoring"' not in client.get(reverse("care:caseload")).text


def test_analyst_home_is_the_dashboard(world, client):
    client.force_login(world.analyst_user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:dashboard")


def test_analyst_gets_404_on_care_pages_and_endpoints(world, client, api_client):
    client.force_login(world.analyst_user)
    for t in (world.t, world.other_t):
        assert client.get(reverse("care:trajectory_detail", args=[t.public_id])).status_code == 404
    assert client.get(reverse("care:caseload")).status_code == 404
    api = api_client.as_user(world.analyst_user)
    for t in (world.t, world.other_t):
        for path in (f"/api/v1/trajectories/{t.public_id}", f"/api/v1/trajectories/{t.public_id}/access-log"):
            assert api.get(path).status_code == 404, path
    listing = api.get("/api/v1/trajectories")
    assert listing.status_code == 404 or listing.json()["count"] == 0


NUMBER = re.compile(r"^\d+$")


def _assert_no_small_figure(display: str, where: str):
    """A visible count is 0 or at least 5: a single family never shows as a figure."""
    if NUMBER.match(display):
        assert int(display) == 0 or int(display) >= 5, f"{where}: {display}"


def _identifiers(world):
    from wieg.care.models import Family, Person, Trajectory

    ids = [str(x) for x in Trajectory.objects.values_list("public_id", flat=True)]
    ids += [str(x) for x in Family.objects.values_list("public_id", flat=True)]
    ids += [p.family_name for p in Person.objects.all()]
    return ids


def test_no_page_or_endpoint_shows_a_row_about_one_family(world, client, api_client):
    # One lone family in Antwerp next to a larger cohort in Gent; the world adds two more families.
    cohort(GENT, 20, coordinator=17, psychosocial=9)
    cohort(ANTWERPEN, 1, coordinator=1)
    client.force_login(world.analyst_user)
    api = api_client.as_user(world.analyst_user)
    identifiers = _identifiers(world)
    for indicator in catalogue.available():
        if not indicator.counts_families:
            continue  # municipalities and family centres are public figures
        for dimension in DIMENSIONS.values():
            if not dimension.available() or not indicator.supports(dimension.key):
                continue
            params = {"indicator": indicator.key, "group_by": dimension.key}
            where = f"{indicator.key}/{dimension.key}"
            data = api.get(API, params).json()
            for item in [*data["items"], {"figures": data["total"]}]:
                for name, figure in item["figures"].items():
                    if name != "value":
                        _assert_no_small_figure(figure["display"], where)
            page = client.get(reverse("monitoring:dashboard"), params).text
            tiles = client.get(reverse("monitoring:tiles"), params).text
            for figure in re.findall(r'class="big">([^<%]*)</strong>', tiles):
                _assert_no_small_figure(figure.strip(), where)
            for pair in re.findall(r'class="muted small">([^<]*) / ([^<]*)</span>', tiles):
                for figure in pair:
                    _assert_no_small_figure(figure.strip(), where)
            page += tiles
            for cell in re.findall(r'<td class="num[^"]*">([^<]*)</td>', page):
                if "%" not in cell:
                    _assert_no_small_figure(cell.strip(), where)
            export = client.get(reverse("monitoring:export"), params).content.decode()
            for line in export.splitlines()[1:]:
                for cell in line.split(",")[5:]:
                    if "." not in cell:
                        _assert_no_small_figure(cell, where)
            for text in (str(data), page, export):
                assert not any(identifier in text for identifier in identifiers), where


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "nope"}, "indicator"),
        ({"indicator": "coordinator", "period": "2026-13"}, "period"),
        ({"indicator": "coordinator", "period": "last year"}, "period"),
        ({"indicator": "coordinator", "period": "2026-05:2026-01"}, "period"),
        ({"indicator": "coordinator", "group_by": "family"}, "group_by"),
        ({"indicator": "coordinator", "group_by": "municipality"}, "group_by"),
        ({"indicator": "coordinator", "province": "99999"}, "province"),
        ({"indicator": "coordinator", "province": "50000"}, "province"),  # Hainaut: outside Wieg's territory
    ],
)
def test_unknown_values_are_422_naming_the_field(world, client, api_client, params, field):
    response = api_client.as_user(world.analyst_user).get(API, params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}
    client.force_login(world.analyst_user)
    assert client.get(reverse("monitoring:dashboard"), params).status_code == 422
    assert client.get(reverse("monitoring:export"), params).status_code == 422


def test_an_indicator_whose_app_has_not_landed_is_listed_as_not_yet_available(world, client, api_client):
    planned = [i for i in catalogue.INDICATORS.values() if not i.available]
    if not planned:
        pytest.skip("every indicator is available")
    indicator = planned[0]
    data = api_client.as_user(world.analyst_user).get(API, {"indicator": indicator.key}).json()
    assert data["available"] is False and data["items"] == []
    client.force_login(world.analyst_user)
    page = client.get(reverse("monitoring:dashboard")).text
    assert f'href="{reverse("monitoring:definition", args=[indicator.key])}"' in page
    assert "nog niet beschikbaar" in page


def test_the_figures_api_answers_the_same_as_the_table(world, client, api_client):
    cohort(GENT, 15, coordinator=10)
    cohort(ANTWERPEN, 10, coordinator=5)
    data = (
        api_client.as_user(world.analyst_user)
        .get(API, {"indicator": "coordinator", "group_by": "province"})
        .json()
    )
    by_group = {item["group"]: item["figures"] for item in data["items"]}
    # The world's two families live in Gent and have a coordinator.
    assert by_group["40000"]["denominator"] == {"value": 17, "display": "17", "suppressed": False}
    assert by_group["40000"]["numerator"]["value"] == 12
    assert by_group["10000"]["numerator"] == {"value": 5, "display": "5", "suppressed": False}
    assert data["total"]["denominator"]["value"] == 27  # 25 + the world's two families (Gent)
    client.force_login(world.analyst_user)
    csv_text = client.get(
        reverse("monitoring:export"), {"indicator": "coordinator", "group_by": "province"}
    ).content
    assert b"coordinator" in csv_text and b",12,17,70.6" in csv_text
