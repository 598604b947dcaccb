"""Who sees monitoring, and over which area.

- Policy analysts (User.kind "analyst") see every aggregate, for the whole of Flanders and Brussels.
- The coordinator of a family centre (a professional whose active organisation is a Huis van het Kind)
  sees the same aggregates restricted to the area of their own centre: local monitoring is part of that
  role, and suppression protects the families just the same. The area is the municipalities the centre
  serves in the network app (a municipality that two centres serve lies in the oldest one's area), or,
  for a centre that records none, its own municipality. The areas are cells of the same release as every
  other figure (ADR 0011), so a centre's figures and an analyst's never combine into a small cell.
- Everyone else (professionals in care, parents, administrators) gets a 404: monitoring is not care work,
  and administrators manage accounts, not figures about families.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wieg.directory.models import Organisation, OrganisationKind

from . import sources


@dataclass(frozen=True)
class Audience:
    kind: str  # "analyst" | "family_centre"
    municipality_ids: frozenset[int] | None = None  # None: the whole territory
    organisation_name: str = ""
    centre: str | None = None  # the family centre's organisation id: its area in the release

    @property
    def restricted(self) -> bool:
        return self.municipality_ids is not None

    @property
    def description(self) -> str:
        if self.restricted:
            return _("Cijfers voor het werkgebied van %(name)s") % {"name": self.organisation_name}
        return _("Cijfers voor Vlaanderen en Brussel")


def audience_for(actor) -> Audience | None:
    if actor is None:
        return None
    if actor.is_analyst:
        return Audience(kind="analyst")
    if actor.is_professional and actor.organisation_id:
        organisation = Organisation.objects.filter(
            pk=actor.organisation_id, kind=OrganisationKind.FAMILY_CENTRE, active=True
        ).first()
        if organisation is None:
            return None
        area = sources.family_centre_area(organisation)
        if not area:
            return None
        return Audience(
            kind="family_centre",
            municipality_ids=frozenset(area),
            organisation_name=organisation.name,
            centre=str(organisation.pk),
        )
    return None


def can_view(actor) -> bool:
    """For the navigation entry: cheap checks first, queries only for a family centre's professionals."""
    if actor is None:
        return False
    if actor.is_analyst:
        return True
    if actor.organisation_kind and actor.organisation_kind != OrganisationKind.FAMILY_CENTRE:
        return False
    return bool(actor.is_professional and audience_for(actor))
