import datetime as dt

import pytest
from django.utils import timezone

from wieg.testing.factories import OrganisationFactory, add_to_team, give_consent, make_professional


def born(trajectory, days_ago=3, nicu=False):
    trajectory.birth_date = timezone.localdate() - dt.timedelta(days=days_ago)
    trajectory.nicu_admission = nicu
    trajectory.save(update_fields=["birth_date", "nicu_admission"])
    return trajectory


@pytest.fixture
def on_team(world):
    """on_team(username, kind): a professional of a new organisation of that kind, on the family's team."""

    def make(username, kind, discipline="nurse"):
        organisation = OrganisationFactory(kind=kind, name=f"{kind} {username}")
        professional = make_professional(username, organisation, discipline=discipline)
        give_consent(world.t, organisation=organisation, categories=("contact", "medical"))
        add_to_team(world.t, professional, organisation, role="postnatal_care")
        setattr(world, username, professional)
        return professional

    return make
