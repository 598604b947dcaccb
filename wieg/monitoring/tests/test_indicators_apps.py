"""Indicators on the apps around care, on constructed data with exact figures. Each test runs once the app
it reads has landed (the model exists), and is skipped before."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from wieg.monitoring.access import Audience
from wieg.monitoring.selectors import compute, parse_params
from wieg.testing.factories import OrganisationFactory, ProfessionalFactory

from .builders import ANTWERPEN, BRUGGE, GENT, cohort

pytestmark = pytest.mark.django_db
ANALYST = Audience(kind="analyst")
TODAY = timezone.localdate()


def model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        pytest.skip(f"{label} has not landed")


def figures(indicator, group_by="total", period=None, province=None, on=None):
    """The figures for the calendar year of `on` (the date that puts the families in the cohort)."""
    period = period or str((on or TODAY).year)
    params = parse_params(
        {"indicator": indicator, "group_by": group_by, "period": period, "province": province}
    )
    result = compute(params, ANALYST)
    rows = {row.label: {k: f.display for k, f in row.figures.items()} for row in result.rows}
    return rows, {k: f.display for k, f in result.total.figures.items()}


def days(n):
    return dt.timedelta(days=n)


# Care plans -------------------------------------------------------------------------------------------


def test_first_contact_by_12_and_16_weeks():
    contact = model("pathways.Contact")
    # Due in 20 weeks: 20 weeks pregnant today, so weeks 12 and 16 have passed.
    due = TODAY + dt.timedelta(weeks=20)
    trajectories = cohort(GENT, 20, start_date=TODAY - days(100))
    for t in trajectories:
        t.due_date = due
        t.save(update_fields=["due_date"])
    week = lambda w: due - days(280 - 7 * w)  # noqa: E731
    for t in trajectories[:8]:
        contact.objects.create(trajectory=t, date=week(11), kind="consultation")
    for t in trajectories[8:14]:
        contact.objects.create(trajectory=t, date=week(15), kind="consultation")
    # Not yet 12 weeks pregnant: not in the denominator.
    young = cohort(GENT, 3, start_date=TODAY - days(10))
    for t in young:
        t.due_date = TODAY + dt.timedelta(weeks=35)
        t.save(update_fields=["due_date"])
    assert figures("first_contact_12w", on=TODAY - days(100))[1] == {
        "numerator": "8",
        "denominator": "20",
        "value": "40,0 %",
    }
    assert figures("first_contact_16w", on=TODAY - days(100))[1] == {
        "numerator": "14",
        "denominator": "20",
        "value": "70,0 %",
    }


def test_minimum_contacts_met():
    item = model("pathways.PlanItem")
    born = cohort(GENT, 12, birth_date=TODAY - days(30), start_date=TODAY - days(250))
    for i, t in enumerate(born):
        for n in range(3):
            status = "done" if (i < 7 or n < 2) else "planned"
            item.objects.create(
                trajectory=t,
                code=f"c{n}",
                kind="contact",
                phase="prenatal",
                window_start=TODAY - days(200),
                window_end=TODAY - days(190),
                status=status,
                counts_toward_minimum=True,
            )
        # Cancelled by a re-plan and a postnatal item: neither counts.
        item.objects.create(
            trajectory=t,
            code="late",
            kind="contact",
            phase="prenatal",
            status="cancelled",
            window_start=TODAY,
            window_end=TODAY,
            counts_toward_minimum=True,
        )
    assert figures("minimum_contacts", on=TODAY - days(30))[1] == {
        "numerator": "7",
        "denominator": "12",
        "value": "58,3 %",
    }


# Screening -------------------------------------------------------------------------------------------


def _screen(t, code, when, *, flag=None, action=False):
    screening = model("screening.Screening")
    instrument = model("screening.Instrument").objects.filter(code=code).order_by("-version").first()
    s = screening.objects.create(trajectory=t, instrument=instrument, answers={}, score=0, performed_at=when)
    if flag:
        model("screening.Flag").objects.create(
            screening=s,
            trajectory=t,
            code=flag,
            level="attention",
            action_taken="Doorverwezen" if action else "",
            action_at=timezone.now() if action else None,
        )
    return s


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_psychosocial_screening_share_and_vulnerability_by_flag():
    trajectories = cohort(GENT, 15, start_date=TODAY - days(60))
    for t in trajectories:
        t.due_date = TODAY + days(100)  # 25 weeks pregnant
        t.save(update_fields=["due_date"])
    for t in trajectories[:9]:
        _screen(t, "psychosocial", timezone.now(), flag="housing" if t in trajectories[:5] else None)
    rows, total = figures("psychosocial_screening", group_by="vulnerability", on=TODAY - days(60))
    # 4 of the 10 not flagged were screened (< 5). All 5 flagged were screened: 5 of 5 says that none
    # was left out, so hiding the 5 would not hide it; the total of 9 (9 - 5 = 4) is hidden instead, in
    # every split and period of the year, since it is one figure.
    assert rows["kwetsbaar (gesignaleerd)"] == {"numerator": "5", "denominator": "5", "value": "100,0 %"}
    assert rows["niet gesignaleerd"] == {"numerator": "< 5", "denominator": "10", "value": "< 5"}
    assert total == {"numerator": "< 5", "denominator": "15", "value": "< 5"}
    assert figures("psychosocial_screening", on=TODAY - days(60))[1] == total


def test_mood_screening_at_the_moments_flags_and_actions():
    model("screening.Screening")
    birth = TODAY - days(90)
    due = birth + days(3)
    trajectories = cohort(GENT, 20, birth_date=birth, start_date=due - days(250))
    for t in trajectories:
        t.due_date = due
        t.save(update_fields=["due_date"])
    for i, t in enumerate(trajectories):
        if i < 15:
            _screen(t, "whooley", _at(due - days(200)))  # first contact
        if i < 12:
            _screen(t, "whooley", _at(due - days(133)))  # 20-21 weeks
        if i < 10:
            flag = "low_mood" if i < 6 else None
            _screen(t, "epds", _at(birth + days(42)), flag=flag, action=i < 5)  # 6 weeks after birth
    assert figures("mood_screened", on=birth)[1] == {
        "numerator": "10",
        "denominator": "20",
        "value": "50,0 %",
    }
    assert figures("mood_flagged", on=birth)[1] == {"numerator": "6", "denominator": "15", "value": "40,0 %"}
    # 5 of the 6 flagged families had an action: the one without is recoverable, so both are hidden.
    assert figures("mood_action", on=birth)[1] == {"numerator": "< 5", "denominator": "6", "value": "< 5"}


# Referrals -------------------------------------------------------------------------------------------


def _referral(t, service, status, *, sent, answered=None, started=False):
    referral = model("referrals.Referral")
    sender = OrganisationFactory(kind="kg_team")
    receiver = OrganisationFactory(kind="maternity_home_care" if service == "maternity_home_care" else "ocmw")
    return referral.objects.create(
        trajectory=t,
        service=service,
        from_professional=ProfessionalFactory(),
        from_organisation=sender,
        to_organisation=receiver,
        reason="test",
        status=status,
        sent_at=sent,
        answered_at=answered,
        decline_reason="vol" if status == "declined" else "",
        outcome="ok" if status == "completed" else "",
        started_at=sent + days(20) if started else None,
    )


def test_maternity_home_care_referrals_acceptance_and_uptake_by_province():
    birth = TODAY - days(40)
    sent = timezone.now() - days(80)
    west = cohort(BRUGGE, 20, birth_date=birth)
    east = cohort(GENT, 30, birth_date=birth)
    cohort(ANTWERPEN, 10, birth_date=birth)
    for t in west[:12]:
        _referral(t, "maternity_home_care", "in_progress", sent=sent, answered=sent + days(1), started=True)
    for t in east[:10]:
        _referral(t, "maternity_home_care", "accepted", sent=sent, answered=sent + days(2))
    for t in east[10:15]:
        _referral(t, "maternity_home_care", "declined", sent=sent, answered=sent + days(3))
    rows, total = figures("maternity_care_referrals", group_by="province", on=birth)
    assert rows["Provincie West-Vlaanderen"] == {"numerator": "12", "denominator": "20", "value": "60,0 %"}
    assert rows["Provincie Oost-Vlaanderen"] == {"numerator": "15", "denominator": "30", "value": "50,0 %"}
    assert rows["Provincie Antwerpen"] == {"numerator": "0", "denominator": "10", "value": "0,0 %"}
    rows, total = figures("maternity_care_acceptance", group_by="province", on=birth)
    assert rows["Provincie West-Vlaanderen"] == {"numerator": "12", "denominator": "12", "value": "100,0 %"}
    assert rows["Provincie Oost-Vlaanderen"] == {"numerator": "10", "denominator": "15", "value": "66,7 %"}
    rows, total = figures("maternity_care_uptake", group_by="province", on=birth)
    assert rows["Provincie West-Vlaanderen"]["numerator"] == "12"
    assert rows["Provincie Oost-Vlaanderen"]["numerator"] == "0"
    assert total == {"numerator": "12", "denominator": "60", "value": "20,0 %"}


def test_referral_time_to_answer_and_declined_share_by_service():
    sent = timezone.now() - days(30)
    families = cohort(GENT, 16)
    for t in families[:6]:
        _referral(t, "maternity_home_care", "accepted", sent=sent, answered=sent + days(2))
    for t in families[6:12]:
        _referral(t, "ocmw", "accepted", sent=sent, answered=sent + days(5))
    for t in families[12:16]:
        _referral(t, "ocmw", "declined", sent=sent, answered=sent + days(1))
    _referral(cohort(GENT, 1)[0], "ocmw", "sent", sent=sent)  # not answered: not counted
    rows, total = figures("referral_time_to_answer", group_by="service", on=timezone.localtime(sent).date())
    assert rows["kraamzorg"] == {"n": "6", "value": "2,0"}
    assert rows["OCMW / Sociaal Huis"] == {"n": "10", "value": "3,4"}
    assert total == {"n": "16", "value": "2,9"}
    rows, total = figures("referral_declined", group_by="service", on=timezone.localtime(sent).date())
    assert rows["OCMW / Sociaal Huis"] == {"numerator": "< 5", "denominator": "10", "value": "< 5"}
    assert rows["kraamzorg"] == {"numerator": "0", "denominator": "6", "value": "0,0 %"}


# Booklets --------------------------------------------------------------------------------------------


def test_child_booklet_within_two_weeks_by_step_and_doubles():
    distribution = model("booklets.Distribution")
    birth = TODAY - days(60)
    families = cohort(GENT, 20, birth_date=birth)
    for t in families[:8]:
        distribution.objects.create(
            trajectory=t,
            booklet="child",
            kind="handed_out",
            step="prenatal_intake",
            handed_out_on=birth - days(90),
        )
    for t in families[8:14]:
        distribution.objects.create(
            trajectory=t,
            booklet="child",
            kind="handed_out",
            step="first_postnatal_contact",
            handed_out_on=birth + days(20),
        )
    for t in families[:5]:
        distribution.objects.create(
            trajectory=t,
            booklet="child",
            kind="replacement",
            replacement_reason="lost",
            handed_out_on=birth + days(10),
        )
    assert figures("child_booklet_2w", on=birth)[1] == {
        "numerator": "8",
        "denominator": "20",
        "value": "40,0 %",
    }
    _rows, total = figures("child_booklet_by_step", on=birth)
    assert total["prenatal_intake"] == "8"
    assert total["first_postnatal_contact"] == "6"
    assert total["none"] == "6"
    assert total["independent_midwife"] == "0"
    assert total["total"] == "20"
    assert figures("child_booklet_double", on=birth)[1] == {
        "numerator": "5",
        "denominator": "14",
        "value": "35,7 %",
    }


# Family centres --------------------------------------------------------------------------------------


def test_family_centre_coverage_and_actions_per_life_domain():
    centre = model("network.FamilyCentre")
    domain = model("network.LifeDomain")
    action = model("network.DomainAction")
    from wieg.core.models import Municipality

    east = Municipality.objects.in_scope().valid_on().filter(province__nis_code="40000")
    n_east = east.count()
    first = centre.objects.create(organisation=OrganisationFactory(kind="family_centre"))
    first.municipalities.set(list(east.order_by("nis_code")[:10]))
    second = centre.objects.create(organisation=OrganisationFactory(kind="family_centre"))
    second.municipalities.set(list(east.order_by("nis_code")[5:15]))
    rows, _total = figures("centre_coverage", group_by="province")
    share = f"{round(100 * 15 / n_east, 1):.1f}".replace(".", ",")
    assert rows["Provincie Oost-Vlaanderen"] == {
        "numerator": "15",
        "denominator": str(n_east),
        "value": f"{share} %",
    }
    health = domain.objects.order_by("order").first()
    action.objects.create(centre=first, life_domain=health, title="Babymassage", status="taken")
    action.objects.create(centre=second, life_domain=health, title="Plan", status="planned")
    rows, _total = figures("centre_actions_by_domain", group_by="life_domain")
    label = health.name_nl
    assert rows[label] == {"numerator": "1", "denominator": "2", "value": "50,0 %"}  # not suppressed
    served = east.order_by("nis_code")[0]
    cohort(served.nis_code, 6, coordinator=6)
    cohort(ANTWERPEN, 7, coordinator=7)
    rows, _ = figures("coordinator", group_by="family_centre")
    assert rows[first.organisation.name]["denominator"] == "6"
    assert rows["geen Huis van het Kind"]["denominator"] == "7"
