"""The caseload API runs a fixed number of queries whatever the caseload size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wieg.testing.factories import make_trajectory

pytestmark = pytest.mark.django_db


def _queries(api):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/trajectories")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def test_caseload_query_count_does_not_grow(world, api_client):
    api = api_client.as_user(world.coordinator.user)
    few, count_few = _queries(api)
    for _ in range(15):
        make_trajectory(world.coordinator, world.kg)
    many, count_many = _queries(api)
    assert (count_few, count_many) == (1, 16)
    assert few == many
