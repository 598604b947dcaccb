"""Plan generation and re-planning with real dates from the pathway data files."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care import services as care
from wieg.care.services.families import MemberInput
from wieg.pathways.models import PlanItem
from wieg.pathways.schedule import add_months, ga_date
from wieg.pathways.selectors import minimum_of
from wieg.pathways.services import contact_record, plan_generate
from wieg.testing.factories import make_trajectory

pytestmark = pytest.mark.django_db

# A due date on Monday 14 June 2027: conception-based week 0 is Monday 7 September 2026.
DUE = dt.date(2027, 6, 14)
NULLIPAROUS_WEEKS = [
    (6, 10),
    (15, 17),
    (24, 26),
    (27, 29),
    (30, 32),
    (33, 35),
    (35, 37),
    (37, 39),
    (39, 41),
    (41, 42),
]
MULTIPAROUS_WEEKS = [(6, 10), (15, 17), (27, 29), (33, 35), (35, 37), (37, 39), (41, 42)]


@pytest.fixture
def frozen_today(monkeypatch):
    """Pretend today is a given date for the services' own date checks."""

    def freeze(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day

    return freeze


def _plan(world, **kwargs):
    t = make_trajectory(world.coordinator, world.kg, **kwargs)
    plan_generate(actor=world.actor("coordinator"), trajectory=t)
    return t


def _counting(t):
    return list(
        PlanItem.objects.filter(trajectory=t, counts_toward_minimum=True)
        .exclude(status="cancelled")
        .order_by("window_start")
    )


def test_first_pregnancy_gets_ten_contacts_on_the_week_grid(world):
    t = _plan(world, due_date=DUE, parity="nulliparous")
    items = _counting(t)
    assert len(items) == 10
    assert [(i.window_start, i.window_end) for i in items] == [
        (ga_date(DUE, a), ga_date(DUE, b)) for a, b in NULLIPAROUS_WEEKS
    ]
    booking = items[0]
    # 6+0 weeks is 238 days before the due date, 10+0 weeks 210 days before.
    assert (booking.window_start, booking.window_end) == (dt.date(2026, 10, 19), dt.date(2026, 11, 16))
    assert items[-1].window_end == DUE + dt.timedelta(weeks=2)


def test_later_pregnancy_gets_seven(world):
    t = _plan(world, due_date=DUE, parity="multiparous")
    items = _counting(t)
    assert len(items) == 7
    assert [(i.window_start, i.window_end) for i in items] == [
        (ga_date(DUE, a), ga_date(DUE, b)) for a, b in MULTIPAROUS_WEEKS
    ]
    assert not PlanItem.objects.filter(trajectory=t, code="prenatal.contact.25w").exists()


def test_prenatal_plan_holds_ultrasounds_tests_and_screening_but_no_birth_items(world):
    t = _plan(world, due_date=DUE)
    codes = set(PlanItem.objects.filter(trajectory=t).values_list("code", flat=True))
    assert {
        "prenatal.ultrasound.1",
        "prenatal.ultrasound.2",
        "prenatal.ultrasound.3",
        "prenatal.test.gestational_diabetes",
        "prenatal.test.gbs",
        "prenatal.vaccination.pertussis",
        "prenatal.screening.psychosocial_first",
        "prenatal.screening.psychosocial_20w",
        "kg.prenatal_intake",
    } <= codes
    assert not any(c.startswith(("postnatal.", "prenatal.raised.")) for c in codes)
    gbs = PlanItem.objects.get(trajectory=t, code="prenatal.test.gbs")
    assert (gbs.window_start, gbs.window_end) == (ga_date(DUE, 35), ga_date(DUE, 37))


def test_moving_the_due_date_moves_only_open_items(world, frozen_today):
    frozen_today(dt.date(2026, 12, 1))
    t = _plan(world, due_date=DUE)
    coordinator = world.actor("coordinator")
    booking = PlanItem.objects.get(trajectory=t, code="prenatal.contact.booking")
    contact_record(
        actor=coordinator, trajectory=t, date=dt.date(2026, 11, 10), kind="consultation", plan_item=booking
    )
    cancelled = PlanItem.objects.get(trajectory=t, code="prenatal.test.nipt")
    from wieg.pathways.services import plan_item_update

    plan_item_update(
        actor=coordinator, item=cancelled, status="cancelled", cancelled_reason="Ouders wensen geen NIPT"
    )
    care.trajectory_update_due_date(actor=coordinator, trajectory=t, due_date=DUE + dt.timedelta(days=10))
    booking.refresh_from_db()
    assert booking.status == "done"
    assert booking.window_start == ga_date(DUE, 6)  # done: not moved
    w16 = PlanItem.objects.get(trajectory=t, code="prenatal.contact.16w")
    assert w16.window_start == ga_date(DUE + dt.timedelta(days=10), 15)
    cancelled.refresh_from_db()
    assert cancelled.status == "cancelled" and cancelled.window_start == ga_date(DUE, 12)
    assert w16.events.filter(action="replanned").exists()


def test_birth_adds_postnatal_and_kind_en_gezin_items_and_keeps_what_was_done(world, frozen_today):
    birth = dt.date(2027, 6, 8)
    frozen_today(birth + dt.timedelta(days=3))
    t = _plan(world, due_date=DUE)
    coordinator = world.actor("coordinator")
    booking = PlanItem.objects.get(trajectory=t, code="prenatal.contact.booking")
    contact_record(
        actor=coordinator, trajectory=t, date=dt.date(2026, 11, 10), kind="consultation", plan_item=booking
    )
    care.birth_register(
        actor=coordinator,
        trajectory=t,
        birth_date=birth,
        child=MemberInput(role="child", given_name="Mila", family_name="Peeters"),
    )
    items = {i.code: i for i in PlanItem.objects.filter(trajectory=t)}
    assert items["prenatal.contact.booking"].status == "done"
    for day in range(1, 6):
        visit = items[f"postnatal.midwife.day.{day}"]
        assert visit.window_start == visit.window_end == birth + dt.timedelta(days=day)
    further = [c for c in items if c.startswith("postnatal.midwife.further.")]
    assert len(further) == 6  # the parameter in postnatal.json
    screening = items["postnatal.neonatal_screening"]
    assert (screening.window_start, screening.window_end) == (dt.date(2027, 6, 10), dt.date(2027, 6, 12))
    hearing = items["postnatal.hearing_test"]
    assert hearing.window_start <= birth + dt.timedelta(weeks=3) <= hearing.window_end
    mood = items["postnatal.mood_screening"]
    assert mood.window_start <= birth + dt.timedelta(weeks=6) <= mood.window_end
    assert items["kg.vaccination_8w"].window_start == birth + dt.timedelta(weeks=8)
    assert items["kg.consult_15m"].window_start == add_months(birth, 15) == dt.date(2028, 9, 8)
    assert items["kg.consult_30m"].window_start == dt.date(2029, 12, 8)
    # 41 weeks' window starts after the birth: no longer needed. 38 weeks' window had opened: it stays.
    assert items["prenatal.contact.41w"].status == "cancelled"
    assert items["prenatal.contact.38w"].status == "planned"
    assert not any(
        c.startswith("postnatal.midwife.multiple") or c == "postnatal.nicu_home_visit" for c in items
    )


def test_risk_level_switches_the_shared_follow_up(world, frozen_today):
    frozen_today(dt.date(2026, 12, 1))
    t = _plan(world, due_date=DUE)
    coordinator = world.actor("coordinator")
    assert not PlanItem.objects.filter(trajectory=t, code__startswith="prenatal.raised.").exists()
    care.trajectory_set_risk_level(actor=coordinator, trajectory=t, risk_level="raised")
    raised = PlanItem.objects.filter(trajectory=t, code__startswith="prenatal.raised.", status="planned")
    assert set(raised.values_list("code", flat=True)) == {
        "prenatal.raised.gynaecologist_advice",
        "prenatal.raised.shared_24w",
        "prenatal.raised.shared_32w",
        "prenatal.raised.birth_plan",
    }
    assert set(raised.values_list("disciplines", flat=True)) == {",gynaecologist,"}
    assert len(_counting(t)) == 10  # the minimum does not change
    care.trajectory_set_risk_level(actor=coordinator, trajectory=t, risk_level="low")
    assert not PlanItem.objects.filter(
        trajectory=t, code__startswith="prenatal.raised.", status="planned"
    ).exists()
    assert PlanItem.objects.get(trajectory=t, code="prenatal.raised.shared_24w").cancelled_automatically
    care.trajectory_set_risk_level(actor=coordinator, trajectory=t, risk_level="high")
    assert (
        PlanItem.objects.filter(trajectory=t, code__startswith="prenatal.raised.", status="planned").count()
        == 5
    )


def test_creating_a_trajectory_through_the_service_generates_the_plan(world):
    from wieg.testing.factories import PersonFactory

    person = PersonFactory()
    person.family.created_by = world.coordinator
    person.family.save()
    t = care.trajectory_create(
        actor=world.actor("coordinator"),
        family=person.family,
        pregnant_person=person,
        due_date=timezone.localdate() + dt.timedelta(weeks=30),
        parity="multiparous",
        consent_categories=["contact", "care_plan", "medical"],
        recorded_via="verbal",
    )
    assert len(_counting(t)) == 7


def test_minimum_at_several_dates(world, frozen_today):
    frozen_today(dt.date(2027, 3, 20))
    # In care from 5+0 weeks: every window of the grid was still ahead.
    t = _plan(world, due_date=DUE, parity="nulliparous", start_date=ga_date(DUE, 5))
    coordinator = world.actor("coordinator")
    items = {i.code: i for i in PlanItem.objects.filter(trajectory=t)}
    # Before anything: 1 November 2026, inside the booking window.
    assert minimum_of(t, dt.date(2026, 11, 1)) == type(minimum_of(t, DUE))(0, 0, 10, 0)
    contact_record(
        actor=coordinator,
        trajectory=t,
        date=dt.date(2026, 11, 3),
        kind="consultation",
        plan_item=items["prenatal.contact.booking"],
    )
    m = minimum_of(t, dt.date(2026, 11, 20))
    assert (m.expected_by_now, m.done, m.total, m.missed, m.behind) == (1, 1, 10, 0, False)
    # 15 March 2027 is 27+0 weeks: the booking, 16 w and 25 w windows have closed; 16 w was missed.
    contact_record(
        actor=coordinator,
        trajectory=t,
        date=dt.date(2027, 3, 1),
        kind="home_visit",
        plan_item=items["prenatal.contact.25w"],
    )
    m = minimum_of(t, dt.date(2027, 3, 15))
    assert (m.expected_by_now, m.done, m.total, m.missed, m.behind) == (3, 2, 10, 1, True)
    # After 42 weeks every window has closed.
    m = minimum_of(t, DUE + dt.timedelta(weeks=3))
    assert (m.expected_by_now, m.done, m.missed) == (10, 2, 8)
