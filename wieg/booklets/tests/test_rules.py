"""The rules are data: the real numbers of the procedure of 1 August 2024, and a new version takes over."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.booklets import rules, services
from wieg.booklets.models import RuleSet
from wieg.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_procedure_of_1_august_2024():
    r = rules.current()
    assert r.version == "2024-08-01"
    assert (r.max_per_order, r.need_window_months) == (50, 6)
    assert r.new_practice_floor >= 1
    assert r.current_edition("child") == "2023-06"  # the new Kindboekje since 1 June 2023
    assert r.follow_up_for("pregnancy") == "pregnancy_follow_up"
    assert r.refused_organisation_kinds == ["maternity_ward"]
    assert [
        r.step(s)["number"] for s in ("prenatal_intake", "independent_midwife", "first_postnatal_contact")
    ] == [
        1,
        2,
        3,
    ]
    assert r.step("nicu")["requires_nicu_admission"] is True
    assert r.coverage_days == 14


def test_a_new_version_of_the_rules_takes_over(world):
    data = dict(RuleSet.objects.get(version="2024-08-01").data)
    data["orders"] = {**data["orders"], "max_per_order": 20, "new_practice_floor": 40}
    RuleSet.objects.create(
        version="2026-01-01", valid_from=timezone.localdate() - dt.timedelta(days=1), data=data
    )
    with pytest.raises(InvalidInput) as exc:
        services.order_place(
            actor=world.actor("member"),
            booklet="child",
            quantity=21,
            practice_name="De Wieg",
            declares_independent_midwife=True,
        )
    assert "20" in str(exc.value.errors["quantity"][0])


def test_months_ago_handles_month_ends():
    assert rules.months_ago(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert rules.months_ago(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_loading_the_files_is_idempotent():
    assert rules.load_rule_files() == 1
    assert rules.load_rule_files() == 1
    assert RuleSet.objects.filter(version="2024-08-01").count() == 1
