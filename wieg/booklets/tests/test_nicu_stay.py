"""The NICU hands out the child booklet during a long admission (rules file: during_admission, 14 days).

Real dates: born on 2 March 2026, admitted to the NICU the same day.
"""

import datetime as dt

import pytest

from wieg.booklets import rules, selectors, services
from wieg.booklets.models import Distribution
from wieg.care.models import Trajectory
from wieg.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

BORN = dt.date(2026, 3, 2)


def _stay(world, admitted=BORN, discharged=None):
    Trajectory.objects.filter(pk=world.t.pk).update(
        due_date=dt.date(2026, 3, 20),
        birth_date=BORN,
        nicu_admission=admitted is not None,
        nicu_admission_date=admitted,
        nicu_discharge_date=discharged,
    )
    world.t.refresh_from_db()


def _hand_out(world, day):
    return services.distribution_record(
        actor=world.actor("nicu_nurse"), trajectory=world.t, step="nicu", handed_out_on=day
    )


def test_the_rules_file_gives_the_numbers():
    nicu = rules.current(dt.date(2026, 3, 2)).step("nicu")
    assert nicu["min_admission_days"] == 14 and nicu["during_admission"] is True


def test_a_stay_of_17_days_lets_the_nicu_hand_out_during_it(world, on_team):
    on_team("nicu_nurse", "nicu")
    _stay(world, discharged=dt.date(2026, 3, 19))
    assert _hand_out(world, dt.date(2026, 3, 9)).step == "nicu"


def test_a_stay_of_exactly_14_days_is_long_enough(world, on_team):
    on_team("nicu_nurse", "nicu")
    _stay(world, discharged=dt.date(2026, 3, 16))
    assert _hand_out(world, dt.date(2026, 3, 16)).step == "nicu"


def test_a_stay_of_13_days_is_not_a_long_admission(world, on_team):
    on_team("nicu_nurse", "nicu")
    _stay(world, discharged=dt.date(2026, 3, 15))
    with pytest.raises(InvalidInput) as exc:
        _hand_out(world, dt.date(2026, 3, 9))
    message = str(exc.value.errors["step"][0])
    assert "13 dagen" in message and "14 dagen" in message
    assert not Distribution.objects.filter(trajectory=world.t).exists()


def test_not_after_the_discharge_nor_before_the_admission(world, on_team):
    on_team("nicu_nurse", "nicu")
    _stay(world, admitted=dt.date(2026, 3, 4), discharged=dt.date(2026, 3, 30))
    for day in (dt.date(2026, 3, 31), dt.date(2026, 3, 3)):
        with pytest.raises(InvalidInput) as exc:
            _hand_out(world, day)
        assert "04/03/2026" in str(exc.value.errors["step"][0])
    assert not Distribution.objects.filter(trajectory=world.t).exists()


def test_still_admitted_means_it_may_still_be_long(world, on_team):
    on_team("nicu_nurse", "nicu")
    _stay(world, discharged=None)
    assert _hand_out(world, dt.date(2026, 3, 5)).step == "nicu"


def test_whose_turn_follows_the_stay(world, on_team):
    nicu = on_team("nicu_nurse", "nicu")
    nicu_org = nicu.memberships.get().organisation_id
    # Still admitted: the NICU's turn.
    _stay(world, discharged=None)
    assert selectors.turn_of(world.t).step == "nicu"
    assert selectors.turn_of(world.t).organisation_id == nicu_org
    assert selectors.suggested_step(rules.current(), "nicu", world.t) == "nicu"
    # Discharged after 17 days, before today: no longer the NICU's turn.
    _stay(world, discharged=dt.date(2026, 3, 19))
    assert selectors.turn_of(world.t).step != "nicu"
    assert selectors.suggested_step(rules.current(), "nicu", world.t) == ""
    # A 5-day stay was never a long admission.
    _stay(world, discharged=dt.date(2026, 3, 7))
    assert selectors.turn_of(world.t).step != "nicu"
