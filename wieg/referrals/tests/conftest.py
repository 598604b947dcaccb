import pytest

from wieg.testing.factories import OrganisationFactory, make_professional


@pytest.fixture
def kraamzorg(world):
    """A maternity home care service with one maternity carer; the family gave it no consent yet."""
    organisation = OrganisationFactory(name="Kraamzorg Het Nest", kind="maternity_home_care")
    carer = make_professional(
        "carer", organisation, discipline="maternity_carer", given_name="Mieke", family_name="Wouters"
    )
    return organisation, carer
