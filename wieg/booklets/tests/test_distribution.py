"""The distribution registry: each step and its refusals, never twice, replacements, 'already have one'."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.booklets import selectors, services
from wieg.booklets.models import Distribution
from wieg.care.models import AccessEvent
from wieg.core.errors import Conflict, Forbidden, InvalidInput

from .conftest import born

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def hand_out(world, persona="coordinator", **kwargs):
    kwargs.setdefault("step", "prenatal_intake")
    return services.distribution_record(actor=world.actor(persona), trajectory=world.t, **kwargs)


def test_step_1_by_kind_en_gezin_before_birth(world):
    d = hand_out(world)
    assert (d.step, d.kind, d.edition, d.organisation) == (
        "prenatal_intake",
        "handed_out",
        "2023-06",
        world.kg,
    )
    assert AccessEvent.objects.filter(
        object_id=str(d.public_id), action="create", trajectory=world.t
    ).exists()


def test_step_1_refused_after_birth(world):
    born(world.t)
    with pytest.raises(InvalidInput) as exc:
        hand_out(world)
    assert "stap 3" in str(exc.value.errors["step"][0]).lower()


def test_step_1_refused_for_a_midwife(world):
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, "member", step="prenatal_intake")
    assert "step" in exc.value.errors


def test_step_2_by_independent_midwife_before_and_after_birth(world):
    d = hand_out(world, "member", step="independent_midwife")
    assert d.organisation == world.midwives


def test_step_2_refused_for_kind_en_gezin(world):
    with pytest.raises(InvalidInput):
        hand_out(world, step="independent_midwife")


def test_step_3_only_after_birth(world):
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, step="first_postnatal_contact")
    assert "geboorte" in str(exc.value.errors["step"][0])
    born(world.t)
    assert hand_out(world, step="first_postnatal_contact").step == "first_postnatal_contact"


def test_step_3_date_before_birth_refused(world):
    born(world.t, days_ago=3)
    with pytest.raises(InvalidInput):
        hand_out(world, step="first_postnatal_contact", handed_out_on=TODAY() - dt.timedelta(days=5))


def test_nicu_only_with_a_nicu_admission(world, on_team):
    on_team("nicu_nurse", "nicu")
    born(world.t, nicu=False)
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, "nicu_nurse", step="nicu")
    assert "NICU" in str(exc.value.errors["step"][0])
    born(world.t, nicu=True)
    assert hand_out(world, "nicu_nurse", step="nicu").step == "nicu"


def test_maternity_ward_refused_with_explanation(world, on_team):
    on_team("ward_nurse", "maternity_ward")
    born(world.t)
    for step in ("first_postnatal_contact", "nicu", "independent_midwife"):
        with pytest.raises(InvalidInput) as exc:
            hand_out(world, "ward_nurse", step=step)
        assert "Kraamklinieken" in str(exc.value.errors["step"][0])


def test_future_date_and_unknown_edition_refused(world):
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, handed_out_on=TODAY() + dt.timedelta(days=1), edition="1999")
    assert set(exc.value.errors) == {"handed_out_on", "edition"}


def test_older_edition_is_recorded(world):
    assert hand_out(world, edition="2019-01").edition == "2019-01"


def test_second_child_booklet_refused_with_who_and_when(world):
    first = hand_out(world, handed_out_on=TODAY() - dt.timedelta(days=10))
    with pytest.raises(Conflict) as exc:
        hand_out(world, "member", step="independent_midwife")
    message = str(exc.value.message)
    assert "Els Verhoeven" in message and world.kg.name in message
    assert first.handed_out_on.strftime("%d/%m/%Y") in message
    assert Distribution.objects.filter(trajectory=world.t).count() == 1


def test_replacement_needs_a_first_booklet_and_a_reason(world):
    with pytest.raises(InvalidInput):
        hand_out(world, replacement=True, replacement_reason="lost")
    hand_out(world)
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, replacement=True)
    assert "replacement_reason" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        hand_out(world, replacement=True, replacement_reason="other")
    assert "replacement_note" in exc.value.errors
    r = hand_out(world, "member", step="", replacement=True, replacement_reason="lost")
    assert r.kind == "replacement"
    figures = selectors.figures()
    assert figures.replacements == 1 and figures.double_distributions == 0


def test_parents_already_have_one_counts_as_handed_out(world):
    d = hand_out(world, step="", already_had=True, received_from="kraamkliniek AZ Sint-Jan")
    assert d.kind == "already_had" and d.step == ""
    assert selectors.turn_of(world.t).step is None
    with pytest.raises(Conflict) as exc:
        hand_out(world)
    assert "kraamkliniek AZ Sint-Jan" in str(exc.value.message)
    assert selectors.figures().already_had == 1


def test_twins_get_one_each(world):
    world.t.plurality = 2
    world.t.save()
    hand_out(world, child_number=1)
    hand_out(world, child_number=2)
    with pytest.raises(Conflict):
        hand_out(world, child_number=2)
    with pytest.raises(InvalidInput):
        hand_out(world, child_number=3)


def test_pregnancy_booklet_is_not_a_child_booklet(world):
    hand_out(world, booklet="pregnancy", step="")
    assert selectors.turn_of(world.t).step == "prenatal_intake"


@pytest.mark.parametrize("persona", ["no_consent", "excluded", "outsider", "analyst", "admin", "parent"])
def test_only_the_team_with_consent_hands_out(world, persona):
    with pytest.raises(Forbidden):
        hand_out(world, persona)


def test_closed_trajectory_refused(world):
    world.t.status, world.t.closed_reason = "closed", "moved_away"
    world.t.save()
    with pytest.raises(Forbidden):
        hand_out(world)


def test_whose_turn(world, on_team):
    assert selectors.turn_of(world.t).step == "prenatal_intake"
    assert selectors.turn_of(world.t).organisation_id == world.kg.pk
    born(world.t)
    # The midwife follows the family after the birth: her turn.
    assert selectors.turn_of(world.t).step == "independent_midwife"
    assert selectors.turn_of(world.t).organisation_id == world.midwives.pk
    world.t.team.filter(professional=world.member).update(end=timezone.now() - dt.timedelta(seconds=1))
    assert selectors.turn_of(world.t).step == "first_postnatal_contact"
    nicu = on_team("nicu_nurse", "nicu")
    born(world.t, nicu=True)
    turn = selectors.turn_of(world.t)
    assert turn.step == "nicu" and turn.organisation_id == nicu.memberships.get().organisation_id
