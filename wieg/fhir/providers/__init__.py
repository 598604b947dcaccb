"""The providers Wieg registers. Other apps' resources are added here as their models land."""

from ..registry import providers
from .directory import OrganizationProvider, PractitionerProvider, PractitionerRoleProvider
from .episodes import CareTeamProvider, ConsentProvider, EpisodeOfCareProvider
from .people import PatientProvider, RelatedPersonProvider
from .screening import QuestionnaireResponseProvider

for provider_class in (
    PatientProvider,
    RelatedPersonProvider,
    EpisodeOfCareProvider,
    CareTeamProvider,
    ConsentProvider,
    OrganizationProvider,
    PractitionerProvider,
    PractitionerRoleProvider,
    QuestionnaireResponseProvider,
):
    providers.register(provider_class())


def _register_optional(module: str, names: tuple[str, ...]):
    """Providers for apps whose models may not be there yet (built in parallel): registered when they are."""
    from importlib import import_module

    try:
        found = import_module(f"{__name__}.{module}")
    except ImportError as exc:
        if not str(exc.name or "").startswith(f"wieg.{module}"):
            raise
        return
    for name in names:
        providers.register(getattr(found, name)())


_register_optional("pathways", ("CarePlanProvider", "EncounterProvider"))

__all__ = ["providers"]
