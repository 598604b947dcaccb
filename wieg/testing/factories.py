"""factory_boy factories for tests of every app."""

import datetime as dt

import factory
from django.utils import timezone

from wieg.accounts.models import User
from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment, Family, Person, Trajectory
from wieg.core.models import Municipality
from wieg.directory.models import Membership, Organisation, Professional


def municipality(nis="44021"):
    return Municipality.objects.get(nis_code=nis)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    kind = "professional"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "wieg-test-pass")
        if create:
            obj.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = "kg_team"
    municipality = factory.LazyFunction(municipality)


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    user = factory.SubFactory(UserFactory)
    given_name = factory.Sequence(lambda n: f"Voornaam{n}")
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")
    discipline = "nurse"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    professional = factory.SubFactory(ProfessionalFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"
    start = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=365))


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    municipality = factory.LazyFunction(municipality)
    preferred_language = "nl"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    role = "pregnant_parent"
    given_name = factory.Sequence(lambda n: f"Ouder{n}")
    family_name = factory.Sequence(lambda n: f"Familie{n}")
    birth_date = dt.date(1992, 5, 17)
    sex = "female"


class TrajectoryFactory(factory.django.DjangoModelFactory):
    """A trajectory row only. Use `make_trajectory` for one with consent, team and coordinator."""

    class Meta:
        model = Trajectory

    pregnant_person = factory.SubFactory(PersonFactory)
    family = factory.SelfAttribute("pregnant_person.family")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(weeks=20))
    parity = "nulliparous"
    end_date = factory.LazyAttribute(lambda o: Trajectory.day_1000(o.due_date))


def make_professional(
    username, organisation, *, discipline="nurse", role="member", given_name=None, family_name=None
):
    user = UserFactory(username=username, kind="professional", first_name=given_name or username.title())
    professional = ProfessionalFactory(
        user=user,
        discipline=discipline,
        given_name=given_name or username.title(),
        family_name=family_name or "Test",
    )
    MembershipFactory(professional=professional, organisation=organisation, role=role)
    return professional


def add_to_team(trajectory, professional, organisation, role="other"):
    return CareTeamMember.objects.create(
        trajectory=trajectory,
        professional=professional,
        organisation=organisation,
        role=role,
        start=timezone.now() - dt.timedelta(days=1),
    )


def give_consent(trajectory, *, organisation=None, professional=None, categories=("contact",), via="verbal"):
    """Consent as the family gave it. A subject has one open consent: giving again sets its categories."""
    subject = {"organisation": organisation} if organisation else {"professional": professional}
    current = Consent.objects.filter(trajectory=trajectory, withdrawn_at__isnull=True, **subject).first()
    if current is not None:
        Consent.objects.filter(pk=current.pk).update(**{c: c in categories for c in ALL_CATEGORIES})
        current.refresh_from_db()
        return current
    return Consent.objects.create(
        trajectory=trajectory,
        recorded_via=via,
        given_at=timezone.now() - dt.timedelta(days=1),
        **subject,
        **dict.fromkeys(categories, True),
    )


ALL_CATEGORIES = ("contact", "care_plan", "medical", "psychosocial")


def make_trajectory(coordinator, organisation, *, categories=ALL_CATEGORIES, **kwargs):
    """A trajectory as the services would leave it: consent for the organisation, team, coordinator."""
    trajectory = TrajectoryFactory(**kwargs)
    give_consent(trajectory, organisation=organisation, categories=categories)
    add_to_team(trajectory, coordinator, organisation, role="coordinator")
    CoordinatorAssignment.objects.create(
        trajectory=trajectory,
        professional=coordinator,
        organisation=organisation,
        start=timezone.now() - dt.timedelta(days=1),
    )
    return trajectory
