import datetime as dt

import pytest

from wieg.core.models import Municipality, PostalCode, Province
from wieg.core.reference import load_reference_data
from wieg.core.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_all_flemish_and_brussels_municipalities_are_loaded():
    assert Municipality.objects.filter(region="flanders").count() == 285
    assert Municipality.objects.filter(region="brussels").count() == 19
    assert Province.objects.filter(region="flanders").count() == 5
    ghent = Municipality.objects.get(nis_code="44021")
    assert ghent.name_nl == "Gent" and ghent.name_fr == "Gand"
    assert ghent.province.name_nl == "Provincie Oost-Vlaanderen"
    assert set(ghent.postal_codes.values_list("code", flat=True)) >= {"9000", "9030", "9050"}
    assert Municipality.objects.get(nis_code="21004").province is None  # Brussels has no province


def test_reloading_is_idempotent_and_closes_vanished_municipalities():
    gone = Municipality.objects.create(nis_code="99999", name_nl="Oud", name_fr="Vieux", region="flanders")
    counts = load_reference_data(Province, Municipality, PostalCode, today=dt.date(2026, 1, 1))
    assert counts["municipalities"] == 304 and counts["closed"] == 1
    gone.refresh_from_db()
    assert gone.valid_to == dt.date(2026, 1, 1)
    assert Municipality.objects.in_scope().valid_on(dt.date(2026, 6, 1)).count() == 304


def test_merged_municipality_points_to_its_successor():
    deinze = Municipality.objects.get(nis_code="44083")  # Deinze absorbed Nevele on 1 January 2019
    old = Municipality.objects.create(
        nis_code="44049",
        name_nl="Nevele",
        name_fr="Nevele",
        region="flanders",
        valid_to=dt.date(2018, 12, 31),
        successor=deinze,
    )
    assert old not in Municipality.objects.valid_on(dt.date(2025, 1, 1))
    assert old in Municipality.objects.valid_on(dt.date(2018, 6, 1))


def test_easter_and_belgian_public_holidays():
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    holidays = set(public_holidays(2026))
    assert len(holidays) == 10
    assert {
        dt.date(2026, 4, 6),
        dt.date(2026, 5, 14),
        dt.date(2026, 5, 25),
        dt.date(2026, 7, 21),
        dt.date(2026, 11, 11),
        dt.date(2026, 12, 25),
    } <= holidays


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(dt.date(2026, 11, 11))  # Armistice, a Wednesday
    # Tuesday 10 November 2026 + 2 working days: Wednesday is a holiday, so Friday 13
    assert add_working_days(dt.date(2026, 11, 10), 2) == dt.date(2026, 11, 13)
    # Over Christmas and New Year
    assert add_working_days(dt.date(2026, 12, 24), 3) == dt.date(2026, 12, 30)
    assert working_days_between(dt.date(2026, 11, 9), dt.date(2026, 11, 16)) == 4
