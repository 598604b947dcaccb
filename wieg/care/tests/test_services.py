import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from wieg.care import services
from wieg.care.models import AccessEvent, CareTeamMember, CoordinatorAssignment, Family, Person, Trajectory
from wieg.care.services.families import MemberInput
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.testing.factories import make_professional

pytestmark = pytest.mark.django_db

VALID_NN = "85073003328"


def _new_family(actor, **overrides):
    members = overrides.pop(
        "members",
        [
            MemberInput(
                role="pregnant_parent",
                given_name="Fatima",
                family_name="Benali",
                sex="female",
                birth_date=dt.date(1985, 7, 30),
                national_number=VALID_NN,
            )
        ],
    )
    return services.family_create(actor=actor, municipality_nis="44021", members=members, **overrides)


def _new_trajectory(actor, family, **overrides):
    values = {
        "family": family,
        "pregnant_person": family.members.get(role="pregnant_parent"),
        "due_date": timezone.localdate() + dt.timedelta(weeks=22),
        "parity": "nulliparous",
        "consent_categories": ["contact", "care_plan", "medical"],
        "recorded_via": "verbal",
    }
    values.update(overrides)
    return services.trajectory_create(actor=actor, **values)


def test_new_family_and_trajectory_start_with_consent_team_and_coordinator(world):
    actor = world.actor("coordinator")
    family = _new_family(actor)
    trajectory = _new_trajectory(actor, family)
    consent = trajectory.consents.get()
    assert consent.organisation == world.kg
    assert consent.categories == ["contact", "care_plan", "medical"]
    assert CareTeamMember.objects.get(trajectory=trajectory).professional == world.coordinator
    assert (
        CoordinatorAssignment.objects.get(trajectory=trajectory, end__isnull=True).professional
        == world.coordinator
    )
    assert trajectory.end_date == trajectory.due_date.replace(year=trajectory.due_date.year + 2)
    assert trajectory.phase == "prenatal"
    logged = set(AccessEvent.objects.filter(family=family).values_list("object_type", "action"))
    assert {("Family", "create"), ("Trajectory", "create"), ("Consent", "create")} <= logged


def test_trajectory_without_contact_consent_is_refused_and_nothing_is_saved(world):
    actor = world.actor("coordinator")
    family = _new_family(actor)
    before = Trajectory.objects.count()
    with pytest.raises(InvalidInput) as exc:
        _new_trajectory(actor, family, consent_categories=["medical"])
    assert "consent.categories" in exc.value.errors
    assert Trajectory.objects.count() == before


def test_invalid_national_number_names_the_field_and_saves_nothing(world):
    actor = world.actor("coordinator")
    families = Family.objects.count()
    with pytest.raises(InvalidInput) as exc:
        _new_family(
            actor,
            members=[
                MemberInput(
                    role="pregnant_parent", given_name="A", family_name="B", national_number="85073003329"
                )
            ],
        )
    assert list(exc.value.errors) == ["members.0.national_number"]
    assert Family.objects.count() == families


def test_known_national_number_says_who_coordinates_and_nothing_more(world):
    world.t.pregnant_person.national_number = VALID_NN
    world.t.pregnant_person.save()
    with pytest.raises(Conflict) as exc:
        _new_family(world.actor("outsider"))
    message = str(exc.value.message)
    assert "Kind en Gezin Gent-Centrum" in message
    assert world.t.pregnant_person.given_name not in message


def test_lookup_reports_organisation_and_access(world):
    world.t.pregnant_person.national_number = VALID_NN
    world.t.pregnant_person.save()
    outsider = services.family_lookup(actor=world.actor("outsider"), national_number=VALID_NN)
    assert outsider.found and not outsider.has_access and outsider.organisation == world.kg
    assert outsider.family is None
    coordinator = services.family_lookup(actor=world.actor("coordinator"), national_number=VALID_NN)
    assert coordinator.has_access and coordinator.family == world.t.family
    assert not services.family_lookup(actor=world.actor("outsider"), national_number="90020200296").found


def test_one_coordinator_at_a_time_is_a_database_constraint(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorAssignment.objects.create(
            trajectory=world.t, professional=world.member, organisation=world.midwives
        )


def test_handover_keeps_the_history(world):
    services.coordinator_handover(
        actor=world.actor("coordinator"), trajectory=world.t, professional=world.member
    )
    history = list(CoordinatorAssignment.objects.filter(trajectory=world.t).order_by("start"))
    assert [a.professional for a in history] == [world.coordinator, world.member]
    assert history[0].end is not None and history[1].end is None


def test_who_hands_over_stays_on_the_team_in_their_disciplines_role(world):
    from wieg.care.models import CareTeamMember

    services.coordinator_handover(
        actor=world.actor("coordinator"), trajectory=world.t, professional=world.member
    )
    former = CareTeamMember.objects.active().get(trajectory=world.t, professional=world.coordinator)
    assert world.coordinator.discipline == "nurse" and former.role == "child_health"
    coordinators = CareTeamMember.objects.active().filter(trajectory=world.t, role="coordinator")
    assert [m.professional for m in coordinators] == []  # the midwife keeps the role she joined with


def test_handover_to_an_organisation_without_consent_is_a_conflict(world):
    with pytest.raises(Conflict):
        services.coordinator_handover(
            actor=world.actor("coordinator"), trajectory=world.t, professional=world.outsider
        )
    assert (
        CoordinatorAssignment.objects.get(trajectory=world.t, end__isnull=True).professional
        == world.coordinator
    )


def test_only_the_coordinator_hands_over(world):
    with pytest.raises(Forbidden):
        services.coordinator_handover(
            actor=world.actor("member"), trajectory=world.t, professional=world.member
        )


def test_team_member_needs_consent_for_the_organisation(world):
    actor = world.actor("coordinator")
    with pytest.raises(Conflict):
        services.team_member_add(
            actor=actor, trajectory=world.t, professional=world.outsider, role="social_support"
        )
    services.consent_give(
        actor=actor,
        trajectory=world.t,
        organisation=world.ocmw,
        categories=["contact"],
        recorded_via="signed_form",
    )
    member = services.team_member_add(
        actor=actor, trajectory=world.t, professional=world.outsider, role="social_support"
    )
    assert member.organisation == world.ocmw


def test_excluded_professional_cannot_join(world):
    with pytest.raises(Conflict):
        services.coordinator_handover(
            actor=world.actor("coordinator"), trajectory=world.t, professional=world.excluded
        )


def test_coordinator_cannot_leave_the_team_before_handover(world):
    member = CareTeamMember.objects.get(trajectory=world.t, professional=world.coordinator)
    with pytest.raises(Conflict):
        services.team_member_end(actor=world.actor("coordinator"), trajectory=world.t, member=member)


def test_birth_registration_adds_the_child_and_moves_day_1000(world):
    actor = world.actor("coordinator")
    birth = timezone.localdate() - dt.timedelta(days=3)
    world.t.due_date = birth + dt.timedelta(days=2)
    world.t.save()
    child = services.birth_register(
        actor=actor,
        trajectory=world.t,
        birth_date=birth,
        gestational_age_weeks=39,
        child=MemberInput(role="child", given_name="Noor", family_name="Test", sex="female"),
    )
    world.t.refresh_from_db()
    assert world.t.child == child and child.family_id == world.t.family_id
    assert world.t.end_date == birth.replace(year=birth.year + 2)
    assert world.t.phase == "postnatal"
    with pytest.raises(Conflict):
        services.birth_register(
            actor=actor,
            trajectory=world.t,
            birth_date=birth,
            child=MemberInput(role="child", given_name="Twee", family_name="Test"),
        )


def test_birth_in_the_future_is_refused(world):
    with pytest.raises(InvalidInput) as exc:
        services.birth_register(
            actor=world.actor("coordinator"),
            trajectory=world.t,
            birth_date=timezone.localdate() + dt.timedelta(days=1),
            child=MemberInput(role="child", given_name="Noor", family_name="Test"),
        )
    assert "birth_date" in exc.value.errors
    assert not Person.objects.filter(given_name="Noor").exists()


def test_phase_follows_the_dates(world):
    t = world.t
    today = dt.date(2026, 11, 23)
    assert t.phase_on(today) == "prenatal"
    t.birth_date = dt.date(2026, 10, 20)
    assert t.phase_on(today) == "postnatal"  # 34 days
    t.birth_date = dt.date(2026, 10, 1)
    assert t.phase_on(today) == "infancy"  # 53 days


def test_day_1000_on_29_february():
    assert Trajectory.day_1000(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)


def test_access_log_is_append_only(world):
    from wieg.care import audit

    event = audit.record(world.actor("coordinator"), "read", world.t, category="contact")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_team_additions_leave_one_open_membership():
    """Two coordinators' clicks at the same moment: the partial unique index keeps one membership."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from wieg.testing.personas import build_world

    world = build_world()
    services.consent_give(
        actor=world.actor("coordinator"),
        trajectory=world.t,
        organisation=world.ocmw,
        categories=["contact"],
        recorded_via="verbal",
    )
    results = []
    barrier = threading.Barrier(2)

    def add():
        try:
            barrier.wait()
            services.team_member_add(
                actor=world.actor("coordinator"),
                trajectory=world.t,
                professional=world.outsider,
                role="social_support",
            )
            results.append("ok")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert (
        CareTeamMember.objects.filter(
            trajectory=world.t, professional=world.outsider, end__isnull=True
        ).count()
        == 1
    )


def test_new_professional_fixture_is_isolated(world):
    extra = make_professional("extra", world.kg)
    assert not Trajectory.objects.visible_to(world.actor("coordinator")).filter(pk=world.other_t.pk).exists()
    assert extra.memberships.count() == 1


def test_name_search_logs_the_families_it_reveals(world):
    from wieg.care import selectors

    person = world.t.pregnant_person
    visible, hidden_orgs, hidden_families = selectors.find_by_name(
        world.actor("outsider"), family_name=person.family_name, birth_date=person.birth_date
    )
    assert visible == [] and hidden_orgs == ["Kind en Gezin Gent-Centrum"]
    assert hidden_families == [world.t.family]
