"""Fixed personas across organisations, for permission matrices.

One family (trajectory `t`) is in the care of the Kind en Gezin team: its nurse coordinates; the
midwife's practice has consent without the psychosocial category; the GP practice has a team member
but no consent; a K&G colleague is on the team but excluded by the parents; an OCMW social worker is
not on the team; the analyst and the administrator see no care data; the parent is the pregnant person
and the co-parent her partner, with an account of his own; the other parent belongs to another family.
"""

from dataclasses import dataclass

from wieg.accounts.actor import Actor
from wieg.directory.actors import actor_for

from .factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    add_to_team,
    give_consent,
    make_professional,
    make_trajectory,
)


@dataclass
class World:
    kg: object
    midwives: object
    gp_practice: object
    ocmw: object
    coordinator: object
    member: object
    no_consent: object
    excluded: object
    outsider: object
    analyst_user: object
    admin_user: object
    parent_user: object
    co_parent_user: object
    other_parent_user: object
    t: object
    other_t: object

    def actor(self, name: str, channel: str = "web") -> Actor:
        user = self.user(name)
        return actor_for(user, channel=channel)

    def user(self, name: str):
        if name in {"analyst", "admin", "parent", "co_parent", "other_parent"}:
            return getattr(self, f"{name}_user")
        return getattr(self, name).user


PERSONAS = ("coordinator", "member", "no_consent", "excluded", "outsider", "analyst", "admin", "parent")
# The family's parents: both see what ADR 0007 allows, neither what professionals record for the team.
PARENTS = ("parent", "co_parent")
# Every persona, the co-parent included: matrices over what professionals recorded use this one.
ALL_PERSONAS = (*PERSONAS, "co_parent")


def build_world() -> World:
    from wieg.care.models import Exclusion

    kg = OrganisationFactory(name="Kind en Gezin Gent-Centrum", kind="kg_team")
    midwives = OrganisationFactory(name="Vroedvrouwenpraktijk De Wieg", kind="midwife_practice")
    gp_practice = OrganisationFactory(name="Huisartsenpraktijk Ledeberg", kind="gp_practice")
    ocmw = OrganisationFactory(name="OCMW Gent", kind="ocmw")
    coordinator = make_professional("coordinator", kg, given_name="Els", family_name="Verhoeven")
    member = make_professional(
        "member", midwives, discipline="midwife", given_name="Sofie", family_name="Claes"
    )
    no_consent = make_professional(
        "no_consent", gp_practice, discipline="gp", given_name="Pieter", family_name="Maes"
    )
    excluded = make_professional("excluded", kg, given_name="Ann", family_name="Peeters")
    outsider = make_professional(
        "outsider", ocmw, discipline="social_worker", given_name="Karim", family_name="El Amrani"
    )
    t = make_trajectory(coordinator, kg)
    give_consent(t, organisation=midwives, categories=("contact", "care_plan", "medical"))
    add_to_team(t, member, midwives, role="prenatal_care")
    add_to_team(t, no_consent, gp_practice, role="medical_follow_up")
    add_to_team(t, excluded, kg, role="other")
    Exclusion.objects.create(trajectory=t, professional=excluded, recorded_via="verbal")

    parent_user = UserFactory(username="parent", kind="parent", first_name="Lotte")
    t.pregnant_person.user = parent_user
    t.pregnant_person.save()
    co_parent_user = UserFactory(username="co_parent", kind="parent", first_name="Jonas")
    PersonFactory(
        family=t.family,
        role="co_parent",
        given_name="Jonas",
        family_name="De Smet",
        sex="male",
        user=co_parent_user,
    )

    other_t = make_trajectory(outsider, ocmw)
    other_parent_user = UserFactory(username="other_parent", kind="parent")
    PersonFactory(family=other_t.family, role="co_parent", user=other_parent_user)

    return World(
        kg=kg,
        midwives=midwives,
        gp_practice=gp_practice,
        ocmw=ocmw,
        coordinator=coordinator,
        member=member,
        no_consent=no_consent,
        excluded=excluded,
        outsider=outsider,
        analyst_user=UserFactory(username="analyst", kind="analyst"),
        admin_user=UserFactory(username="admin", kind="admin", is_staff=True, is_superuser=True),
        parent_user=parent_user,
        co_parent_user=co_parent_user,
        other_parent_user=other_parent_user,
        t=t,
        other_t=other_t,
    )
