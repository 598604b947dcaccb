"""The dashboard aggregates in the database: the same number of queries whatever the number of families."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wieg.monitoring import indicators as catalogue
from wieg.monitoring.indicators.base import Measure

from .builders import ANTWERPEN, BRUGGE, GENT, cohort

pytestmark = pytest.mark.django_db

VIEWS = [
    ("monitoring:dashboard", {"indicator": "coordinator", "group_by": "province"}),
    ("monitoring:tiles", {"period": "2026"}),
    ("monitoring:dashboard", {"indicator": "reach_by_phase", "group_by": "month"}),
    ("monitoring:export", {"indicator": "consent_team", "group_by": "zone"}),
]


def _queries(client, name, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name), params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "params"), VIEWS)
def test_query_count_does_not_grow_with_the_data(world, client, name, params):
    client.force_login(world.analyst_user)
    cohort(GENT, 5, coordinator=5)
    small = _queries(client, name, params)
    cohort(GENT, 40, coordinator=30, psychosocial=10)
    cohort(ANTWERPEN, 25, coordinator=20)
    cohort(BRUGGE, 12, coordinator=12, team_without_consent=4)
    assert _queries(client, name, params) == small
    # Session, user, the transaction, one aggregate for the indicator and one per cohort of tiles, labels,
    # and a few small queries for the (public, not per family) family centre figures.
    assert small <= 12 + len(catalogue.available())


def test_the_overview_tiles_share_one_query(world, client, django_assert_max_num_queries):
    client.force_login(world.analyst_user)
    cohort(GENT, 20, coordinator=15)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:tiles"), {"indicator": "coordinator"})
    assert response.status_code == 200
    assert 'data-indicator="coordinator"' in response.text
    aggregates = [q for q in ctx.captured_queries if 'COUNT(*) AS "families"' in q["sql"]]
    cohorts = {i.compute.cohort_key for i in catalogue.available() if isinstance(i.compute, Measure)}
    # One query for all the tiles over the same rows and date.
    assert len(aggregates) == len(cohorts)


def test_aggregates_are_kept_for_a_few_minutes(world, client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr("wieg.monitoring.selectors.CACHE_SECONDS", 300)
    cache.clear()
    client.force_login(world.analyst_user)
    params = {"indicator": "coordinator", "group_by": "province"}
    first = _queries(client, "monitoring:dashboard", params) + _queries(client, "monitoring:tiles", params)
    second = _queries(client, "monitoring:dashboard", params) + _queries(client, "monitoring:tiles", params)
    assert second < first
    cache.clear()
