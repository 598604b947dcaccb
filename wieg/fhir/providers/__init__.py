"""The providers Wieg registers. Other apps' resources are added here as their models land."""

from ..registry import providers
from .directory import OrganizationProvider, PractitionerProvider, PractitionerRoleProvider
from .episodes import CareTeamProvider, ConsentProvider, EpisodeOfCareProvider
from .people import PatientProvider, RelatedPersonProvider

for provider_class in (
    PatientProvider,
    RelatedPersonProvider,
    EpisodeOfCareProvider,
    CareTeamProvider,
    ConsentProvider,
    OrganizationProvider,
    PractitionerProvider,
    PractitionerRoleProvider,
):
    providers.register(provider_class())

__all__ = ["providers"]
