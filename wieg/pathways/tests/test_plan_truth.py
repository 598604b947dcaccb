"""A plan that tells the truth, with real dates: nothing is late that closed before the family came into
care, long-missed items are acknowledged with a reason, and events close what they fulfil (a screening its
items and moments, an accepted referral what asked for it, a contact its appointment)."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wieg.care.models import AccessEvent, Trajectory
from wieg.care.services import break_glass_open
from wieg.pathways.models import PlanEvent, PlanItem
from wieg.pathways.rules import plan_rule
from wieg.pathways.schedule import ga_date
from wieg.pathways.selectors import WorklistFilter, minimum_of, plan_items_of, worklist
from wieg.pathways.services import contact_record, plan_generate
from wieg.screening.selectors import due_moments, moments_done
from wieg.screening.services import screening_record
from wieg.testing.factories import make_trajectory
from wieg.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# Due on Monday 14 June 2027; the family comes into care at 20+0 weeks, Monday 25 January 2027.
DUE = dt.date(2027, 6, 14)
START = ga_date(DUE, 20)
# Windows that had closed by 20 weeks: 7 items, 2 of them among the 10 contacts of a first pregnancy.
BEFORE_ENROLMENT = {
    "prenatal.contact.booking",  # 6-10 w
    "prenatal.contact.16w",  # 15-17 w
    "prenatal.ultrasound.1",  # 11-14 w
    "prenatal.test.booking_bloods",  # 6-12 w
    "prenatal.test.fasting_glucose",  # 6-12 w
    "prenatal.test.nipt",  # 12-16 w
    "prenatal.screening.psychosocial_first",  # 6-16 w
}
END_25W = ga_date(DUE, 26)  # Monday 8 March 2027: the 25-week contact's window closes
CHANGES_PLAN = {"coordinator", "member"}
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today(monkeypatch):
    """Pretend today is a given day (timezone.localdate() without an argument)."""
    real = timezone.localdate

    def freeze(day):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, *a, **k: day if value is None else real(value, *a, **k)
        )
        return day

    return freeze


@pytest.fixture
def at_20_weeks(world, today):
    """The world's family (a first pregnancy) registered at 20+0 weeks, its plan generated that day."""
    today(START)
    Trajectory.objects.filter(pk=world.t.pk).update(due_date=DUE, start_date=START)
    world.t.refresh_from_db()
    plan_generate(actor=world.actor("coordinator"), trajectory=world.t)
    return world


def _statuses(t, day) -> dict[str, str]:
    return {i.code: i.display_status for i in plan_items_of(t, day)}


def _item(t, code) -> PlanItem:
    return PlanItem.objects.get(trajectory=t, code=code)


def _url(t, rest):
    return f"/api/v1/trajectories/{t.public_id}/{rest}"


# --- before enrolment ---------------------------------------------------------------------------------


def test_registered_at_20_weeks_starts_with_no_overdue_item(at_20_weeks, api_client):
    t = at_20_weeks.t
    statuses = _statuses(t, START)
    assert {c for c, s in statuses.items() if s == "before_enrolment"} == BEFORE_ENROLMENT
    assert not {c for c, s in statuses.items() if s in ("overdue", "missed")}
    assert statuses["prenatal.contact.25w"] == "planned" and statuses["kg.prenatal_intake"] == "due"
    # The minimum: 10 contacts for a first pregnancy, of which 8 were still possible.
    m = minimum_of(t, START)
    assert (m.expected_by_now, m.done, m.total, m.missed, m.behind) == (0, 0, 8, 0, False)

    body = api_client.as_user(at_20_weeks.user("coordinator")).get(_url(t, "plan")).json()
    by_code = {i["code"]: i["status"] for i in body["items"]}
    assert by_code["prenatal.contact.booking"] == "before_enrolment"
    assert "overdue" not in by_code.values()
    assert body["minimum"] == {"expected_by_now": 0, "done": 0, "total": 8, "missed": 0, "behind": False}

    with transaction.atomic():
        result = worklist(at_20_weeks.actor("coordinator"), WorklistFilter(scope="organisation"))
    assert [r for r in result.sections["overdue"]["rows"] if r.trajectory.pk == t.pk] == []


def test_minimum_counts_only_what_was_still_possible(at_20_weeks, today):
    t = at_20_weeks.t
    # 30+0 weeks, Monday 5 April 2027: the 25 w (24-26) and 28 w (27-29) windows have closed.
    day = today(ga_date(DUE, 30))
    m = minimum_of(t, day)
    assert (m.expected_by_now, m.done, m.total, m.missed) == (2, 0, 8, 2)
    # The midwife saw her on 20 March, inside the 28-week window: that contact was for it.
    contact_record(
        actor=at_20_weeks.actor("member"), trajectory=t, date=dt.date(2027, 3, 20), kind="consultation"
    )
    m = minimum_of(t, day)
    assert (m.expected_by_now, m.done, m.total, m.missed, m.behind) == (2, 1, 8, 1, True)
    # A later pregnancy registered at 20 weeks: 7 contacts, booking and 16 w before enrolment.
    later = make_trajectory(
        at_20_weeks.coordinator, at_20_weeks.kg, due_date=DUE, start_date=START, parity="multiparous"
    )
    plan_generate(actor=at_20_weeks.actor("coordinator"), trajectory=later)
    assert minimum_of(later, START).total == 5
    # Done after all (it happened elsewhere before she came): it counts as done, and toward the total.
    booking = _item(later, "prenatal.contact.booking")
    contact_record(
        actor=at_20_weeks.actor("coordinator"),
        trajectory=later,
        date=dt.date(2026, 11, 9),
        kind="consultation",
        plan_item=booking,
    )
    assert (minimum_of(later, START).done, minimum_of(later, START).total) == (1, 6)


# --- a contact closes the item it was for -------------------------------------------------------------


def test_a_contact_closes_the_appointment_it_was_for(at_20_weeks, today):
    t = at_20_weeks.t
    midwife = at_20_weeks.actor("member")
    # Wednesday 7 April 2027: the 31 w window is open (5-19 April), the 28 w one closed 9 days ago,
    # the 25 w one 30 days ago (missed: more than 28 days).
    day = today(dt.date(2027, 4, 7))
    assert _statuses(t, day)["prenatal.contact.25w"] == "missed"
    first = contact_record(actor=midwife, trajectory=t, date=day, kind="consultation")
    assert first.plan_item.code == "prenatal.contact.31w"  # the one whose window holds the day
    second = contact_record(actor=midwife, trajectory=t, date=day, kind="home_visit")
    assert second.plan_item.code == "prenatal.contact.28w"  # late, but still the one it was for
    third = contact_record(actor=midwife, trajectory=t, date=day, kind="phone")
    assert third.plan_item is None  # the 25-week contact was missed long ago: not this one
    assert _statuses(t, day)["prenatal.contact.25w"] == "missed"
    assert _item(t, "prenatal.contact.28w").done_on == day


# --- missed after the set time, acknowledged with a reason --------------------------------------------


def test_late_becomes_missed_after_the_set_time(at_20_weeks, today, api_client):
    t = at_20_weeks.t
    days = plan_rule("missed_after_days")
    assert days == 28
    client = api_client.as_user(at_20_weeks.user("coordinator"))
    item = _item(t, "prenatal.contact.25w")
    assert item.window_end == END_25W

    still_late = today(END_25W + dt.timedelta(days=days))  # 5 April: 28 days late
    assert _statuses(t, still_late)["prenatal.contact.25w"] == "overdue"
    with transaction.atomic():
        late_rows = worklist(at_20_weeks.actor("member"), WorklistFilter()).sections["overdue"]["rows"]
    assert item.pk in [r.item.pk for r in late_rows]
    early = client.post(_url(t, f"plan/{item.public_id}/acknowledge"), {"reason": "Elders gedaan"})
    assert early.status_code == 409  # still worth doing: not acknowledged as missed

    missed = today(END_25W + dt.timedelta(days=days + 1))  # 6 April: 29 days late
    assert _statuses(t, missed)["prenatal.contact.25w"] == "missed"
    with transaction.atomic():
        late_rows = worklist(at_20_weeks.actor("member"), WorklistFilter()).sections["overdue"]["rows"]
    late_codes = [r.item.code for r in late_rows]
    assert "prenatal.contact.25w" not in late_codes and "prenatal.contact.28w" in late_codes
    body = client.get(_url(t, "plan")).json()
    assert {i["code"]: i["status"] for i in body["items"]}["prenatal.contact.25w"] == "missed"
    assert body["minimum"]["missed"] == 2  # a missed contact is still missed for the minimum

    no_reason = client.post(_url(t, f"plan/{item.public_id}/acknowledge"), {"reason": "  "})
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    reason = "Gezin was drie weken in Marokko"
    done = client.post(_url(t, f"plan/{item.public_id}/acknowledge"), {"reason": reason})
    assert done.status_code == 200, done.content
    out = done.json()
    assert (out["status"], out["acknowledged_reason"]) == ("missed", reason)
    assert out["acknowledged_at"] is not None
    item.refresh_from_db()
    assert (item.status, item.acknowledged_by_id) == ("missed", at_20_weeks.coordinator.pk)
    event = AccessEvent.objects.get(object_type="PlanItem", object_id=str(item.public_id), action="update")
    assert (event.user, event.category, event.trajectory_id) == (
        at_20_weeks.user("coordinator"),
        "care_plan",
        t.pk,
    )
    assert not AccessEvent.objects.filter(detail__contains="Marokko").exists()  # free text stays out
    assert PlanEvent.objects.filter(item=item, action="acknowledged", detail=reason).exists()
    again = client.post(_url(t, f"plan/{item.public_id}/acknowledge"), {"reason": reason})
    assert again.status_code == 409


@pytest.mark.parametrize("persona", PERSONAS)
def test_acknowledge_endpoint_matrix(at_20_weeks, today, api_client, persona):
    today(END_25W + dt.timedelta(days=29))
    item = _item(at_20_weeks.t, "prenatal.contact.25w")
    response = api_client.as_user(at_20_weeks.user(persona)).post(
        _url(at_20_weeks.t, f"plan/{item.public_id}/acknowledge"), {"reason": "Elders gedaan"}
    )
    assert response.status_code == (200 if persona in CHANGES_PLAN else 404)
    item.refresh_from_db()
    assert (item.status == "missed") is (persona in CHANGES_PLAN)
    assert AccessEvent.objects.filter(object_type="PlanItem", action="update").exists() is (
        persona in CHANGES_PLAN
    )


@pytest.mark.parametrize("persona", (*PERSONAS, "break_glass"))
def test_acknowledge_button_matrix(client, at_20_weeks, today, persona):
    """Only who may change the care plan sees the button and may press it; break-the-glass reads only."""
    today(END_25W + dt.timedelta(days=29))
    t = at_20_weeks.t
    item = _item(t, "prenatal.contact.25w")
    user = at_20_weeks.user("no_consent" if persona == "break_glass" else persona)
    if persona == "break_glass":
        break_glass_open(
            actor=at_20_weeks.actor("no_consent"),
            trajectory=t,
            reason="Moeder opgenomen op spoed, partner onbereikbaar",
        )
    client.force_login(user)
    page = client.get(reverse("pathways:plan_section", kwargs={"trajectory_id": t.public_id}), **HTMX)
    sees = persona in CHANGES_PLAN | {"break_glass"}
    assert page.status_code == (200 if sees else 404)
    if sees:
        html = page.content.decode()
        assert 'data-code="prenatal.contact.25w" data-status="missed"' in html
        assert ('data-role="acknowledge"' in html) is (persona in CHANGES_PLAN)
    url = reverse(
        "pathways:item_action",
        kwargs={"trajectory_id": t.public_id, "item_id": item.public_id, "action": "acknowledge"},
    )
    pressed = client.post(url, {"reason": "Elders gedaan"}, **HTMX)
    assert pressed.status_code == (200 if persona in CHANGES_PLAN else 404)
    item.refresh_from_db()
    assert item.status == ("missed" if persona in CHANGES_PLAN else "planned")
    if persona in CHANGES_PLAN:
        assert item.acknowledged_reason == "Elders gedaan"
        html = pressed.content.decode()
        assert "Elders gedaan" in html and f'id="other-reason-{item.public_id}"' not in html


def test_a_typed_reason_wins_and_an_empty_one_is_a_field_error(client, at_20_weeks, today):
    today(END_25W + dt.timedelta(days=29))
    t = at_20_weeks.t
    item = _item(t, "prenatal.contact.25w")
    client.force_login(at_20_weeks.user("coordinator"))
    url = reverse(
        "pathways:item_action",
        kwargs={"trajectory_id": t.public_id, "item_id": item.public_id, "action": "acknowledge"},
    )
    empty = client.post(url, {"other_reason": ""}, **HTMX)
    assert empty.status_code == 422 and "errorlist" in empty.content.decode()
    item.refresh_from_db()
    assert item.status == "planned"
    client.post(url, {"reason": "Elders gedaan", "other_reason": "Verhuisd naar Antwerpen"}, **HTMX)
    item.refresh_from_db()
    assert (item.status, item.acknowledged_reason) == ("missed", "Verhuisd naar Antwerpen")


# --- a screening closes its item and its moment ---------------------------------------------------------


def _plan_and_panel_agree(t, day):
    """Every screening item is done exactly when every moment it stands for is done in the panel."""
    done_moments = moments_done(t)
    open_moments = {m["key"] for m in due_moments(t, today=day)}
    checked = 0
    for item in PlanItem.objects.filter(trajectory=t):
        keys = [k.split(":", 1)[1] for k in item.fulfilled_by if k.startswith("screening:")]
        if not keys:
            continue
        checked += 1
        assert (item.status == "done") is all(k in done_moments for k in keys), item.code
        if item.status == "done":
            assert not open_moments & set(keys), item.code
    assert checked  # a plan with screening items


def _whooley(world, t, day):
    return screening_record(
        actor=world.actor("coordinator"),
        trajectory=t,
        instrument_code="whooley",
        answers={"low_mood": 1, "little_interest": 1},
        performed_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
    )


def test_a_screening_closes_its_plan_item_and_its_moment(at_20_weeks, today, api_client):
    t = at_20_weeks.t
    item = _item(t, "prenatal.screening.psychosocial_20w")  # 20-21 w: the Whooley questions
    assert item.fulfilled_by == ["screening:mid_pregnancy_mood"] and item.closed_by_screening
    day = today(dt.date(2027, 1, 27))  # 20+2 weeks
    assert "mid_pregnancy_mood" in {m["key"] for m in due_moments(t, today=day)}
    client = api_client.as_user(at_20_weeks.user("coordinator"))
    # Only the screening itself closes it: not a click, not a contact.
    by_hand = client.patch(_url(t, f"plan/{item.public_id}"), {"status": "done"})
    assert by_hand.status_code == 409
    contact = client.post(
        _url(t, "contacts"),
        {"date": day.isoformat(), "kind": "consultation", "plan_item_id": str(item.public_id)},
    )
    assert contact.status_code == 409
    _plan_and_panel_agree(t, day)

    _whooley(at_20_weeks, t, day)
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", day)
    assert "mid_pregnancy_mood" not in {m["key"] for m in due_moments(t, today=day)}
    assert PlanEvent.objects.filter(item=item, action="done", detail="screening").exists()
    assert AccessEvent.objects.filter(
        trajectory=t, action="update", category="care_plan", detail__contains="(screening)"
    ).exists()
    _plan_and_panel_agree(t, day)
    # And it cannot be reopened while the panel says the screening was done.
    reopen = client.patch(_url(t, f"plan/{item.public_id}"), {"status": "planned"})
    assert reopen.status_code == 409


def test_a_screening_outside_the_moment_closes_nothing(at_20_weeks, today):
    t = at_20_weeks.t
    # The mid-pregnancy moment was due at 22 w (8 February) and counts a late screening for 4 weeks.
    day = today(dt.date(2027, 3, 20))
    _whooley(at_20_weeks, t, day)
    assert _item(t, "prenatal.screening.psychosocial_20w").status == "planned"
    assert "mid_pregnancy_mood" in {m["key"] for m in due_moments(t, today=day)}
    _plan_and_panel_agree(t, day)


def test_the_first_contact_screening_needs_both_of_its_moments(world, today):
    day = today(dt.date(2026, 12, 7))  # 14+0 weeks
    t = make_trajectory(world.coordinator, world.kg, due_date=DUE, start_date=ga_date(DUE, 9))
    plan_generate(actor=world.actor("coordinator"), trajectory=t)
    item = _item(t, "prenatal.screening.psychosocial_first")
    assert item.status == "planned"
    from wieg.screening import catalogue

    definition = catalogue.instrument("psychosocial").definition
    screening_record(
        actor=world.actor("coordinator"),
        trajectory=t,
        instrument_code="psychosocial",
        answers={i["key"]: 0 for i in definition["items"]},
        performed_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
    )
    assert _item(t, item.code).status == "planned"  # the mood questions are still to come
    _plan_and_panel_agree(t, day)
    _whooley(world, t, day)
    assert _item(t, item.code).status == "done"
    _plan_and_panel_agree(t, day)


def test_the_epds_through_the_api_closes_the_postnatal_mood_item(world, api_client):
    today = timezone.localdate()
    t = make_trajectory(
        world.coordinator,
        world.kg,
        due_date=today - dt.timedelta(days=40),
        birth_date=today - dt.timedelta(days=42),  # six weeks ago: inside the 5-7 week window
        start_date=today - dt.timedelta(days=250),
    )
    plan_generate(actor=world.actor("coordinator"), trajectory=t)
    item = _item(t, "postnatal.mood_screening")
    assert item.status == "planned"
    response = api_client.as_user(world.user("coordinator")).post(
        _url(t, "screenings"), {"instrument": "epds", "answers": [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]}
    )
    assert response.status_code == 201, response.content
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", today)
    _plan_and_panel_agree(t, today)


# --- an accepted referral closes what asked for it -------------------------------------------------------

MHC_PATHWAY = {
    "code": "test_maternity_home_care",
    "version": "2026.1",
    "labels": {"nl": "Kraamzorg", "fr": "Soins de maternité", "en": "Maternity home care"},
    "items": [
        {
            "code": "mhc.request",
            "kind": "action",
            "labels": {
                "nl": "Kraamzorg aanvragen (minstens 6 weken voor de uitgerekende datum)",
                "fr": "Demander des soins de maternité à domicile",
                "en": "Request maternity home care",
            },
            "window": {"anchor": "due_date", "unit": "ga_weeks", "start": 20, "end": 34},
            "disciplines": ["nurse"],
            "fulfilled_by": ["referral:maternity_home_care"],
        }
    ],
}
# Every EPDS item at its most worrying answer but item 10: the assessment flag, which suggests
# maternity home care before the birth.
EPDS_ASSESSMENT = [3, 3, 0, 3, 0, 0, 0, 0, 0, 3]


def test_an_accepted_referral_closes_the_suggestion_and_the_item_that_asked_for_it(world, api_client):
    from wieg.directory.actors import actor_for
    from wieg.pathways.loader import load
    from wieg.pathways.models import PathwayTemplate, TemplateItem
    from wieg.referrals.services import referral_accept, referral_create, referral_decline
    from wieg.screening.models import Suggestion
    from wieg.testing.factories import OrganisationFactory, give_consent, make_professional

    load(PathwayTemplate, TemplateItem, files=[MHC_PATHWAY])
    t = world.t
    plan_generate(actor=world.actor("coordinator"), trajectory=t)
    item = _item(t, "mhc.request")
    assert item.fulfilled_by == ["referral:maternity_home_care"] and item.status == "planned"
    client = api_client.as_user(world.user("coordinator"))
    assert client.post(_url(t, "screenings"), {"instrument": "epds", "answers": EPDS_ASSESSMENT}).status_code
    suggestion = Suggestion.objects.get(trajectory=t, rule_key="mhc_vulnerable")
    assert suggestion.status == "open"

    services = []
    for name in ("Kraamzorg Het Nest", "Kraamzorg De Ooievaar"):
        organisation = OrganisationFactory(name=name, kind="maternity_home_care")
        carer = make_professional(f"carer{len(services)}", organisation, discipline="maternity_carer")
        give_consent(t, organisation=organisation, categories=("contact", "care_plan"))
        services.append((organisation, actor_for(carer.user)))
    coordinator = world.actor("coordinator")

    def refer(organisation):
        # Through the referral form, not from the suggestion: the suggestion is not linked.
        return referral_create(
            actor=coordinator,
            trajectory=t,
            to_organisation=organisation,
            service="maternity_home_care",
            reason="Weinig steun thuis na de geboorte",
        )

    (full, full_carer), (nest, nest_carer) = services
    referral_decline(actor=full_carer, referral=refer(full), reason="Geen plaats in juni")
    suggestion.refresh_from_db()
    item.refresh_from_db()
    assert (suggestion.status, item.status) == ("open", "planned")  # declined: still to arrange

    accepted = referral_accept(actor=nest_carer, referral=refer(nest))
    suggestion.refresh_from_db()
    item.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.decided_by_id == world.coordinator.pk
    assert "Kraamzorg De Ooievaar" in suggestion.reason
    assert (item.status, item.done_on) == ("done", timezone.localdate(accepted.answered_at))
    assert AccessEvent.objects.filter(
        object_type="Suggestion", action="update", user=nest_carer.user, category="psychosocial"
    ).exists()
    assert PlanEvent.objects.filter(item=item, action="done").get().detail == (
        "referral maternity_home_care accepted"
    )


def test_the_pathway_files_name_only_known_kinds_of_event():
    from wieg.pathways.loader import TemplateError, expand_items

    bad = {**MHC_PATHWAY, "items": [{**MHC_PATHWAY["items"][0], "fulfilled_by": ["booklet:child"]}]}
    with pytest.raises(TemplateError, match="fulfilled_by"):
        expand_items(bad)
    assert expand_items(MHC_PATHWAY)[0]["fulfilled_by"] == ["referral:maternity_home_care"]
