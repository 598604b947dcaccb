"""A family centre's own staff keep its partners and its actions per life domain up to date."""

from django.db import transaction
from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput

from ..models import ActionStatus, DomainAction, FamilyCentre, Involvement, Partnership
from .activities import _check_manage


@transaction.atomic
def partnership_set(*, actor, centre: FamilyCentre, organisation, involvement: str) -> Partnership:
    """Add a partner, or change how involved it is."""
    _check_manage(actor, centre)
    if involvement not in Involvement.values:
        raise InvalidInput(_("Kies hoe betrokken de partner is."), field="involvement")
    if organisation is None or organisation.pk == centre.organisation_id:
        raise InvalidInput(_("Kies een andere organisatie."), field="organisation")
    partnership, _created = Partnership.objects.update_or_create(
        centre=centre, organisation=organisation, defaults={"involvement": involvement}
    )
    return partnership


@transaction.atomic
def partnership_end(*, actor, partnership: Partnership) -> None:
    _check_manage(actor, partnership.centre)
    partnership.delete()


@transaction.atomic
def domain_action_add(*, actor, centre: FamilyCentre, life_domain, title: str, status: str) -> DomainAction:
    _check_manage(actor, centre)
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Beschrijf de actie."), field="title")
    if status not in ActionStatus.values:
        raise InvalidInput(_("Ongeldige status."), field="status")
    return DomainAction.objects.create(centre=centre, life_domain=life_domain, title=title, status=status)
