"""The providers Wieg registers: one per resource type. A new type is a provider added to this list."""

from ..registry import providers
from .directory import OrganizationProvider, PractitionerProvider, PractitionerRoleProvider
from .episodes import CareTeamProvider, ConsentProvider, EpisodeOfCareProvider
from .pathways import CarePlanProvider, EncounterProvider
from .people import PatientProvider, RelatedPersonProvider
from .referrals import ServiceRequestProvider, TaskProvider
from .screening import ObservationProvider, QuestionnaireProvider, QuestionnaireResponseProvider

for provider_class in (
    PatientProvider,
    RelatedPersonProvider,
    EpisodeOfCareProvider,
    CareTeamProvider,
    CarePlanProvider,
    EncounterProvider,
    ConsentProvider,
    OrganizationProvider,
    PractitionerProvider,
    PractitionerRoleProvider,
    QuestionnaireProvider,
    QuestionnaireResponseProvider,
    ObservationProvider,
    ServiceRequestProvider,
    TaskProvider,
):
    providers.register(provider_class())


__all__ = ["providers"]
