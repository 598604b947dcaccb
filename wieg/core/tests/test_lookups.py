import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wieg.core.models import Municipality, PostalCode

pytestmark = pytest.mark.django_db


def test_any_of_matches_the_same_rows_as_in():
    ids = list(Municipality.objects.filter(province__isnull=False).values_list("pk", flat=True)[:40])
    assert set(Municipality.objects.filter(pk__any_of=ids).values_list("pk", flat=True)) == set(ids)
    # On a foreign key, and combined with other conditions.
    expected = set(PostalCode.objects.filter(municipality_id__in=ids).values_list("pk", flat=True))
    assert expected
    for lookup in ("municipality_id__any_of", "municipality__any_of"):
        assert set(PostalCode.objects.filter(**{lookup: ids}).values_list("pk", flat=True)) == expected


def test_any_of_an_empty_list_matches_nothing():
    assert not Municipality.objects.filter(pk__any_of=[]).exists()
    assert Municipality.objects.exclude(pk__any_of=[]).count() == Municipality.objects.count()


def test_the_sql_does_not_grow_with_the_list_on_postgresql():
    few = list(Municipality.objects.values_list("pk", flat=True)[:2])
    many = list(Municipality.objects.values_list("pk", flat=True)[:200])
    with CaptureQueriesContext(connection) as queries:
        list(Municipality.objects.filter(pk__any_of=few))
        list(Municipality.objects.filter(pk__any_of=many))
    short, long = (len(q["sql"]) for q in queries.captured_queries)
    if connection.vendor == "postgresql":
        # The executed text carries the array literal; the statement itself has one placeholder.
        assert "= ANY(" in queries.captured_queries[1]["sql"]
        assert str(Municipality.objects.filter(pk__any_of=many).query).count("ANY(") == 1
    else:
        assert long > short
