"""`manage.py apply_retention`: WIEG_RETENTION_DAYS_AFTER_DAY_1000 days after day 1000 a closed trajectory
is pseudonymised; what monitoring counts stays, the access log stays, a second run changes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from wieg.care.models import AccessEvent, BreakGlassAccess, Consent, ConsentAmendment, Person, Trajectory
from wieg.pathways.models import Contact, ContactNote
from wieg.portal.models import Invitation
from wieg.testing.factories import PersonFactory
from wieg.testing.personas import build_world

pytestmark = pytest.mark.django_db

NOTE = "Partner dreigt; moeder slaapt slecht"


def _closed_with_history(world, *, day_1000: dt.date):
    t = world.t
    Trajectory.objects.filter(pk=t.pk).update(
        status="closed",
        closed_reason="day_1000",
        closed_on=day_1000,
        end_date=day_1000,
        birth_date=day_1000.replace(year=day_1000.year - 2),
    )
    t.refresh_from_db()
    t.pregnant_person.national_number = "85073003328"
    t.pregnant_person.email = "lotte@example.org"
    t.pregnant_person.phones = ["+32470123456"]
    t.pregnant_person.street = "Brugsesteenweg"
    t.pregnant_person.save()
    PersonFactory(family=t.family, role="co_parent", given_name="Tom", family_name="Janssens")
    contact = Contact.objects.create(
        trajectory=t, date=day_1000 - dt.timedelta(days=700), kind="home_visit", location="Brugsesteenweg 12"
    )
    ContactNote.objects.create(contact=contact, trajectory=t, category="psychosocial", text=NOTE)
    BreakGlassAccess.objects.create(
        trajectory=t,
        professional=world.member,
        reason="Bloeding, moeder bewusteloos",
        expires_at=timezone.now(),
    )
    Invitation.objects.create(
        trajectory=t,
        person=t.pregnant_person,
        channel="email",
        sent_to="lotte@example.org",
        language="nl",
        code_hash="x" * 64,
        invited_by=world.coordinator,
        expires_at=timezone.now(),
    )
    ConsentAmendment.objects.create(
        consent=Consent.objects.filter(trajectory=t).first(),
        recorded_by=world.parent_user,
        recorded_by_name="Lotte Peeters",
        recorded_via="parent_portal",
        categories_before="contact",
        categories_after="contact,medical",
    )
    return t


def test_a_trajectory_past_its_period_is_pseudonymised_and_counts_stay(settings):
    settings.WIEG_RETENTION_DAYS_AFTER_DAY_1000 = 730
    world = build_world()
    today = dt.date(2026, 12, 4)
    t = _closed_with_history(world, day_1000=today - dt.timedelta(days=731))
    events_before = AccessEvent.objects.count()
    consents_before = Consent.objects.filter(trajectory=t).count()

    call_command("apply_retention", "--today", today.isoformat())

    t.refresh_from_db()
    assert t.personal_data_erased_on == today
    # What monitoring counts: the trajectory, its dates and municipality, consents, contacts and their dates.
    day_1000 = today - dt.timedelta(days=731)
    assert (t.status, t.end_date, t.birth_date) == (
        "closed",
        day_1000,
        day_1000.replace(year=day_1000.year - 2),
    )
    assert Consent.objects.filter(trajectory=t).count() == consents_before
    contact = Contact.objects.get(trajectory=t)
    assert contact.date == today - dt.timedelta(days=731 + 700)
    assert contact.location == ""
    # What someone wrote and who the people are: gone.
    assert ContactNote.objects.get(trajectory=t).text == ""
    assert BreakGlassAccess.objects.get(trajectory=t).reason == ""
    assert not Invitation.objects.filter(trajectory=t).exists()
    amendment = ConsentAmendment.objects.get(consent__trajectory=t)
    assert (amendment.recorded_by_id, amendment.recorded_by_name) == (None, "")
    assert amendment.categories_after == "contact,medical"
    for person in Person.objects.filter(family=t.family):
        assert (person.given_name, person.family_name, person.national_number, person.user_id) == (
            "",
            "",
            None,
            None,
        )
        assert person.birth_date is None
        assert (person.email, person.phones, person.street) == ("", [], "")
    # The access log keeps every event and gains one for the erasure.
    assert AccessEvent.objects.count() == events_before + 1
    erasure = AccessEvent.objects.get(action="delete", trajectory=t, actor_kind="system")
    assert "85073003328" not in erasure.detail

    # Idempotent: a second run finds nothing and logs nothing.
    call_command("apply_retention", "--today", today.isoformat())
    assert AccessEvent.objects.count() == events_before + 1


def test_not_yet_due_open_and_sibling_families_are_left_alone(settings):
    settings.WIEG_RETENTION_DAYS_AFTER_DAY_1000 = 730
    world = build_world()
    today = dt.date(2026, 12, 4)
    # One day short of the period: not due.
    t = _closed_with_history(world, day_1000=today - dt.timedelta(days=730))
    call_command("apply_retention", "--today", today.isoformat())
    t.refresh_from_db()
    assert t.personal_data_erased_on is None
    assert ContactNote.objects.get(trajectory=t).text == NOTE
    # An open trajectory whose day 1000 is long past is not closed yet: left alone.
    Trajectory.objects.filter(pk=world.other_t.pk).update(end_date=today - dt.timedelta(days=2000))
    call_command("apply_retention", "--today", today.isoformat())
    world.other_t.refresh_from_db()
    assert world.other_t.personal_data_erased_on is None


def test_parents_keep_their_names_while_a_sibling_trajectory_is_still_running(settings):
    settings.WIEG_RETENTION_DAYS_AFTER_DAY_1000 = 730
    world = build_world()
    today = dt.date(2026, 12, 4)
    t = _closed_with_history(world, day_1000=today - dt.timedelta(days=800))
    Trajectory.objects.create(
        family=t.family,
        pregnant_person=t.pregnant_person,
        due_date=today,
        parity="multiparous",
        end_date=today.replace(year=today.year + 2),
    )
    call_command("apply_retention", "--today", today.isoformat())
    t.refresh_from_db()
    assert t.personal_data_erased_on == today
    assert ContactNote.objects.get(trajectory=t).text == ""
    mother = Person.objects.get(pk=t.pregnant_person_id)
    assert mother.national_number == "85073003328"
    assert mother.given_name != ""
