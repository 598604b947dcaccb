"""Constructed cohorts for monitoring tests: many trajectories in a few bulk inserts."""

import datetime as dt

from django.utils import timezone

from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment, Family, Person, Trajectory
from wieg.core.models import Municipality
from wieg.directory.models import Organisation, Professional
from wieg.testing.factories import OrganisationFactory, ProfessionalFactory

GENT, ANTWERPEN, BRUGGE, LEUVEN, AALST = "44021", "11002", "31005", "24062", "41002"
OOST_VLAANDEREN, PROVINCE_ANTWERPEN = "40000", "10000"


def staff() -> tuple[Organisation, Professional]:
    organisation = Organisation.objects.filter(name="Monitoring K&G").first() or OrganisationFactory(
        name="Monitoring K&G", kind="kg_team"
    )
    professional = Professional.objects.filter(given_name="Mon").first() or ProfessionalFactory(
        given_name="Mon"
    )
    return organisation, professional


def cohort(
    nis: str,
    n: int,
    *,
    coordinator: int = 0,
    start_date: dt.date | None = None,
    risk_level="low",
    birth_date=None,
    team_without_consent: int = 0,
    psychosocial: int = 0,
) -> list[Trajectory]:
    """`n` families in municipality `nis`; the first `coordinator` have a coordinator (and consent for
    the coordinator's organisation); of those, the first `team_without_consent` have a team member whose
    organisation has no consent; the first `psychosocial` have consent for psychosocial data."""
    municipality = Municipality.objects.get(nis_code=nis)
    start_date = start_date or timezone.localdate()
    families = Family.objects.bulk_create([Family(municipality=municipality) for _ in range(n)])
    persons = Person.objects.bulk_create(
        [
            Person(family=f, role="pregnant_parent", given_name="Ouder", family_name=f"Gezin{f.pk}")
            for f in families
        ]
    )
    due = start_date + dt.timedelta(weeks=20)
    trajectories = Trajectory.objects.bulk_create(
        [
            Trajectory(
                family=f,
                pregnant_person=p,
                due_date=due,
                parity="nulliparous",
                start_date=start_date,
                end_date=Trajectory.day_1000(due),
                risk_level=risk_level,
                birth_date=birth_date,
            )
            for f, p in zip(families, persons, strict=True)
        ]
    )
    organisation, professional = staff()
    other = OrganisationFactory(kind="gp_practice") if team_without_consent else None
    start = timezone.now() - dt.timedelta(days=1)
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(
                trajectory=t, professional=professional, organisation=organisation, start=start
            )
            for t in trajectories[:coordinator]
        ]
    )
    CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(
                trajectory=t,
                professional=professional,
                organisation=organisation,
                role="coordinator",
                start=start,
            )
            for t in trajectories[:coordinator]
        ]
        + [
            CareTeamMember(trajectory=t, professional=ProfessionalFactory(), organisation=other, start=start)
            for t in trajectories[:team_without_consent]
        ]
    )
    Consent.objects.bulk_create(
        [
            Consent(
                trajectory=t,
                organisation=organisation,
                contact=True,
                care_plan=True,
                psychosocial=i < psychosocial,
                recorded_via="verbal",
                given_at=start,
            )
            for i, t in enumerate(trajectories[:coordinator])
        ]
    )
    return trajectories
