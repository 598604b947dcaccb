"""The access rules as a matrix over the fixed personas."""

import datetime as dt

import pytest
from django.utils import timezone

from wieg.care import services
from wieg.care.models import BreakGlassAccess, CareTeamMember, Trajectory
from wieg.care.policies import can, scope
from wieg.testing.personas import ALL_PERSONAS as PERSONAS

pytestmark = pytest.mark.django_db

# persona -> categories they see on the family's trajectory
EXPECTED_VIEW = {
    "coordinator": {"contact", "care_plan", "medical", "psychosocial"},
    "member": {"contact", "care_plan", "medical"},
    "no_consent": set(),
    "excluded": set(),
    "outsider": set(),
    "analyst": set(),
    "admin": set(),
    # What professionals record in the psychosocial category stays with the team (ADR 0007, 0010).
    "parent": {"contact", "care_plan", "medical"},
    "co_parent": {"contact", "care_plan", "medical"},
}
EXPECTED_ACTIONS = {
    "team.manage": {"coordinator"},
    "access_log.view": {"coordinator", "parent", "co_parent"},
    "consent.manage": {"coordinator", "member", "parent", "co_parent"},
    "care_plan.change": {"coordinator", "member"},
    "psychosocial.change": {"coordinator"},
    "self_screening.fill": {"parent", "co_parent"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("category", ["contact", "care_plan", "medical", "psychosocial"])
def test_view_matrix(world, persona, category):
    actor = world.actor(persona)
    expected = category in EXPECTED_VIEW[persona]
    assert can(actor, f"{category}.view", world.t) is expected
    assert (world.t in scope(actor, f"{category}.view", Trajectory.objects.all())) is expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(EXPECTED_ACTIONS))
def test_action_matrix(world, persona, action):
    assert can(world.actor(persona), action, world.t) is (persona in EXPECTED_ACTIONS[action])


def test_other_family_is_invisible_to_our_team(world):
    for persona in ("coordinator", "member", "parent"):
        assert not can(world.actor(persona), "contact.view", world.other_t)
    assert can(world.actor("outsider"), "contact.view", world.other_t)


def test_withdrawing_consent_ends_access_at_once(world):
    member = world.actor("member")
    consent = world.t.consents.get(organisation=world.midwives)
    assert can(member, "contact.view", world.t)
    services.consent_withdraw(actor=world.actor("parent"), consent=consent, recorded_via="parent_portal")
    assert not can(member, "contact.view", world.t)
    assert not Trajectory.objects.visible_to(member).filter(pk=world.t.pk).exists()


def test_membership_end_ends_access(world):
    CareTeamMember.objects.filter(trajectory=world.t, professional=world.member).update(
        end=timezone.now() - dt.timedelta(seconds=1)
    )
    assert not can(world.actor("member"), "contact.view", world.t)


def test_leaving_the_organisation_ends_access(world):
    world.member.memberships.update(end=timezone.now() - dt.timedelta(seconds=1))
    assert not can(world.actor("member"), "contact.view", world.t)


def test_break_glass_opens_for_four_hours_then_expires(world):
    gp = world.actor("no_consent")
    assert not can(gp, "medical.view", world.t)
    access = services.break_glass_open(
        actor=gp, trajectory=world.t, reason="Opname op spoed, moeder aanspreekbaar noch partner"
    )
    assert access.expires_at - access.opened_at == dt.timedelta(hours=4)
    assert can(gp, "medical.view", world.t)
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not can(gp, "medical.view", world.t)


def test_break_glass_needs_a_reason_of_twenty_characters(world):
    from wieg.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        services.break_glass_open(actor=world.actor("no_consent"), trajectory=world.t, reason="te kort")
    assert "reason" in exc.value.errors
    assert not BreakGlassAccess.objects.exists()


def test_excluded_professional_cannot_break_the_glass(world):
    from wieg.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.break_glass_open(
            actor=world.actor("excluded"),
            trajectory=world.t,
            reason="Ik wil dit dossier toch graag inkijken nu",
        )


def test_break_glass_notifies_the_coordinator(world):
    services.break_glass_open(
        actor=world.actor("no_consent"),
        trajectory=world.t,
        reason="Spoedopname, geen ouder bereikbaar voor toestemming",
    )
    notification = world.coordinator.user.notifications.get()
    assert "Pieter Maes" in notification.body


def test_break_glass_reads_but_never_changes(world):
    gp = world.actor("no_consent")
    services.break_glass_open(
        actor=gp, trajectory=world.t, reason="Spoedopname, geen ouder bereikbaar voor toestemming"
    )
    assert can(gp, "medical.view", world.t)
    for action in ("medical.change", "care_plan.change", "consent.manage", "team.manage"):
        assert not can(gp, action, world.t), action


def test_access_follows_the_organisation_the_professional_acts_for(world):
    from wieg.directory.actors import actor_for
    from wieg.testing.factories import MembershipFactory

    MembershipFactory(professional=world.member, organisation=world.ocmw)
    as_midwife = actor_for(world.member.user, organisation_id=world.midwives.pk)
    as_ocmw = actor_for(world.member.user, organisation_id=world.ocmw.pk)
    assert can(as_midwife, "contact.view", world.t)
    assert not can(as_ocmw, "contact.view", world.t)


def test_family_scope_works_nested_in_another_query(world):
    """The family condition must refer to the family row even when the scope sits inside a subquery."""
    from wieg.care.models import Family, Person

    co_parent = Person.objects.create(
        family=world.t.family, role="co_parent", given_name="Jonas", family_name="X"
    )
    for persona, expected in (
        ("coordinator", True),
        ("outsider", False),
        ("parent", True),
        ("analyst", False),
    ):
        families = scope(world.actor(persona), "contact.view", Family.objects.all())
        nested = Person.objects.filter(family__in=families.values("pk"))
        assert (co_parent in nested) is expected, persona
        assert (world.other_t.pregnant_person in nested) is (persona == "outsider"), persona
