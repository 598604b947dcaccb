"""The attack of issue 15 and its variants: suppression undone by subtraction.

Each test asks what a reader may ask (API, pages, CSV; analyst and family centre), computes the
difference the reader would compute, and asserts that it cannot be computed: a figure it needs is
hidden. The last test audits everything at once: every shown figure of every allowed request is an
equation over the families per (municipality, month, risk level), and no small cell may follow from them.
"""

import csv
import datetime as dt
import html
import io
import re
from itertools import product

import pytest
from django.core.cache import cache
from django.urls import reverse

from wieg.core.models import Municipality
from wieg.monitoring.dimensions import zone_of_nis
from wieg.testing.factories import OrganisationFactory, make_professional

from .builders import AALST, ANTWERPEN, GENT, OOST_VLAANDEREN, cohort

pytestmark = pytest.mark.django_db
API = "/api/v1/monitoring/indicators"
YEAR = 2025
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
PERIODS = [str(YEAR), *(f"{YEAR}-Q{q}" for q in range(1, 5)), *MONTHS]


@pytest.fixture(autouse=True)
def kept_releases(monkeypatch):
    """One release per indicator and year, kept between the many requests of a test."""
    monkeypatch.setattr("wieg.monitoring.selectors.CACHE_SECONDS", 300)
    cache.clear()
    yield
    cache.clear()


def _day(month: int, day: int = 10) -> dt.date:
    return dt.date(YEAR, month, day)


@pytest.fixture
def centre_world(world):
    """A family centre in Gent (2 families in January, 6 in every other month), Aalst next to it in
    another zone, and Antwerp. The issue's attack: January is "< 5"; the year minus the other months
    would give it away."""
    gent = Municipality.objects.get(nis_code=GENT)
    centre = OrganisationFactory(name="Huis van het Kind Gent", kind="family_centre", municipality=gent)
    coordinator = make_professional("centre", centre, discipline="family_centre_coordinator")
    cohort(GENT, 2, coordinator=2, start_date=_day(1))
    for month in range(2, 13):
        cohort(GENT, 6, coordinator=6, start_date=_day(month))
        cohort(ANTWERPEN, 7, coordinator=5, start_date=_day(month))
    cohort(AALST, 3, start_date=_day(5), risk_level="high")
    cohort(AALST, 9, start_date=_day(6))
    return centre, coordinator


def _api_table(api, params):
    response = api.get(API, params)
    assert response.status_code == 200, response.content
    data = response.json()
    rows = {item["group"]: item["figures"] for item in data["items"]}
    return rows, data["total"]


def _shown(figure):
    return None if figure["suppressed"] else figure["value"]


def test_ranges_of_months_are_refused_on_every_channel(world, client, api_client):
    params = {"indicator": "trajectories_started", "group_by": "family_centre", "period": "2025-02:2026-01"}
    response = api_client.as_user(world.analyst_user).get(API, params)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"period"}
    client.force_login(world.analyst_user)
    assert client.get(reverse("monitoring:dashboard"), params).status_code == 422
    assert client.get(reverse("monitoring:export"), params).status_code == 422


@pytest.mark.parametrize("indicator", ["trajectories_started", "coordinator"])
def test_january_cannot_be_found_from_the_year_and_the_other_months(
    world, api_client, centre_world, indicator
):
    centre, _coordinator = centre_world
    api = api_client.as_user(world.analyst_user)
    column = "count" if indicator == "trajectories_started" else "numerator"
    key = str(centre.pk)

    def centre_figure(period):
        rows, _total = _api_table(
            api, {"indicator": indicator, "group_by": "family_centre", "period": period}
        )
        return rows[key][column] if key in rows else {"value": 0, "suppressed": False}

    january = centre_figure(MONTHS[0])
    assert january["suppressed"]
    year = _shown(centre_figure(str(YEAR)))
    others = [_shown(centre_figure(m)) for m in MONTHS[1:]]
    quarter = _shown(centre_figure(f"{YEAR}-Q1"))
    # year - (February..December) and Q1 - (February, March): a figure in each difference is hidden.
    assert year is None or None in others
    assert quarter is None or None in others[:2]
    # The same for the centre's own coordinator, split by month over the year.
    rows, total = _api_table(
        api_client.as_user(_coordinator.user),
        {"indicator": indicator, "group_by": "month", "period": str(YEAR)},
    )
    assert rows[MONTHS[0]][column]["suppressed"]
    assert _shown(total[column]) is None or sum(r[column]["suppressed"] for r in rows.values()) >= 2


def test_a_small_zone_cannot_be_found_from_its_province_and_the_other_zones(world, api_client, centre_world):
    api = api_client.as_user(world.analyst_user)
    params = {"indicator": "trajectories_started", "period": f"{YEAR}-05"}
    zones, zone_total = _api_table(api, {**params, "group_by": "zone"})
    provinces, _ = _api_table(api, {**params, "group_by": "province"})
    in_province, province_total = _api_table(api, {**params, "group_by": "zone", "province": OOST_VLAANDEREN})
    assert zones["dender"]["count"]["suppressed"]  # Aalst: 3 families in May
    # Oost-Vlaanderen minus Gent, whichever table the province comes from.
    gent = _shown(zones["gent"]["count"])
    assert gent is None or _shown(provinces[OOST_VLAANDEREN]["count"]) is None
    assert gent is None or _shown(province_total["count"]) is None
    assert _shown(in_province["gent"]["count"]) is None or _shown(province_total["count"]) is None
    # Flanders and Brussels minus the other provinces.
    shown = [_shown(row["count"]) for key, row in provinces.items() if key != OOST_VLAANDEREN]
    assert _shown(provinces[OOST_VLAANDEREN]["count"]) is not None or (
        None in shown or _shown(zone_total["count"]) is None
    )


def test_a_small_category_cannot_be_found_from_the_total_and_the_other_categories(
    world, api_client, centre_world
):
    api = api_client.as_user(world.analyst_user)
    params = {"indicator": "trajectories_started", "period": f"{YEAR}-05", "province": OOST_VLAANDEREN}
    rows, total = _api_table(api, {**params, "group_by": "risk_level"})
    assert rows["high"]["count"]["suppressed"]  # 3 high-risk families in Aalst in May
    others = [_shown(r["count"]) for k, r in rows.items() if k != "high"]
    assert _shown(total["count"]) is None or None in others
    # The total is the same figure in every split of the same period and area.
    _zones, zone_total = _api_table(api, {**params, "group_by": "zone"})
    assert zone_total == total


def _page_figures(client, params):
    page = client.get(reverse("monitoring:dashboard"), params).text
    out = {}
    for key, cells in re.findall(r'<tr data-group="([^"]+)"><th scope="row">[^<]*</th>(.*?)</tr>', page):
        out[key] = [html.unescape(c) for c in re.findall(r'<td class="num[^"]*">([^<]*)</td>', cells)]
    return out


def _csv_figures(client, params):
    text = client.get(reverse("monitoring:export"), params).content.decode()
    return {row[4]: row[5:] for row in list(csv.reader(io.StringIO(text)))[1:]}


@pytest.mark.parametrize("group_by", ["family_centre", "zone", "month", "risk_level"])
def test_pages_and_csv_show_the_same_cells_as_the_api(world, client, api_client, centre_world, group_by):
    api = api_client.as_user(world.analyst_user)
    client.force_login(world.analyst_user)
    for period in (str(YEAR), f"{YEAR}-Q1", MONTHS[0], MONTHS[4]):
        params = {"indicator": "trajectories_started", "group_by": group_by, "period": period}
        rows, total = _api_table(api, params)
        expected = {key: [row["count"]["display"]] for key, row in rows.items()}
        csv_rows = _csv_figures(client, params)
        assert {k: v for k, v in csv_rows.items() if k != "total"} == expected
        assert csv_rows["total"] == [total["count"]["display"]]
        page = _page_figures(client, params)
        if group_by != "total":
            assert page.pop("total") == [total["count"]["display"]]
        assert page == expected


# The audit: every shown figure of every allowed request, as equations. ----------------------------------

PRIME = 2**61 - 1


class Span:
    """The sums a reader can compute: linear combinations of the shown figures (exact, modulo a large
    prime, which for these small 0/1 systems is the rank over the rationals)."""

    def __init__(self):
        self.rows: dict[int, list[int]] = {}

    def reduce(self, vector) -> list[int]:
        vector = [int(x) % PRIME for x in vector]
        for pivot in sorted(self.rows):
            if vector[pivot]:
                factor, row = vector[pivot], self.rows[pivot]
                vector = [(a - factor * b) % PRIME for a, b in zip(vector, row, strict=True)]
        return vector

    def add(self, vector) -> None:
        reduced = self.reduce(vector)
        pivot = next((i for i, x in enumerate(reduced) if x), None)
        if pivot is not None:
            inverse = pow(reduced[pivot], PRIME - 2, PRIME)
            self.rows[pivot] = [x * inverse % PRIME for x in reduced]

    def __contains__(self, vector) -> bool:
        return not any(self.reduce(vector))


def _requests(province_codes, coordinator_user):
    splits = ["total", "month", "province", "zone", "family_centre", "risk_level", "vulnerability"]
    for period, group_by, province in product(PERIODS, splits, ["", *province_codes]):
        yield (
            None,
            {
                "indicator": "trajectories_started",
                "period": period,
                "group_by": group_by,
                "province": province,
            },
        )
    for period, group_by in product(PERIODS, ["total", "month", "risk_level", "vulnerability"]):
        yield coordinator_user, {"indicator": "trajectories_started", "period": period, "group_by": group_by}


def test_no_combination_of_allowed_requests_yields_a_small_cell(world, api_client, centre_world):
    centre, coordinator = centre_world
    from wieg.care.models import Trajectory

    # The finest truth: families per (municipality, month, risk level); every figure is a sum of these.
    truth: dict[tuple, int] = {}
    for nis, start, risk in Trajectory.objects.filter(start_date__year=YEAR).values_list(
        "family__municipality__nis_code", "start_date", "risk_level"
    ):
        key = (nis, f"{start:%Y-%m}", risk)
        truth[key] = truth.get(key, 0) + 1
    cells = sorted(truth)
    province_of = dict(Municipality.objects.values_list("nis_code", "province__nis_code"))
    zones = zone_of_nis()
    centre_nis = GENT

    def months_of(period):
        if len(period) == 4:
            return set(MONTHS)
        if "Q" in period:
            q = int(period[-1])
            return set(MONTHS[3 * q - 3 : 3 * q])
        return {period}

    def member(cell, params, audience, group_by, key):
        nis, month, risk = cell
        if month not in months_of(params["period"]):
            return False
        if audience is not None and nis != centre_nis:
            return False
        if params.get("province") and province_of.get(nis) != params["province"]:
            return False
        return {
            "total": True,
            "month": month == key,
            "province": (province_of.get(nis) or "-") == key,
            "zone": zones.get(nis, f"-{province_of.get(nis)}") == key,
            "family_centre": (str(centre.pk) if nis == centre_nis else "-") == key,
            "risk_level": risk == key,
            "vulnerability": key == "not_flagged",
        }[group_by]

    span, hidden = Span(), []
    provinces = sorted({province_of[c[0]] for c in cells})
    for user, params in _requests(provinces, coordinator.user):
        api = api_client.as_user(user or world.analyst_user)
        rows, total = _api_table(api, params)
        group_by = params["group_by"]
        figures = [(key, row["count"]) for key, row in rows.items()]
        figures.append((None, total["count"]))
        for key, figure in figures:
            vector = [
                1.0 if member(c, params, user, "total" if key is None else group_by, key) else 0.0
                for c in cells
            ]
            if figure["suppressed"]:
                hidden.append((params, key, vector))
            else:
                assert figure["value"] == sum(truth[c] for c, v in zip(cells, vector, strict=True) if v), (
                    params
                )
                span.add(vector)

    # No hidden figure follows from the shown ones (the January of the issue among them) ...
    assert hidden
    for params, key, vector in hidden:
        assert vector not in span, (params, key)
    # ... nor any small group of families at the finest grain.
    for i, cell in enumerate(cells):
        if 0 < truth[cell] < 5:
            assert [int(j == i) for j in range(len(cells))] not in span, cell
