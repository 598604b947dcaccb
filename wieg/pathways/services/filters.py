"""Saved worklist filters and the calendar feed secret."""

from django.db import transaction
from django.utils.translation import gettext as _

from wieg.core.errors import Forbidden, InvalidInput

from ..models import CalendarToken, SavedFilter

FILTER_KEYS = {"scope", "section", "weeks", "phase", "kind", "mine"}


def clean_filter_params(params: dict) -> dict:
    from ..selectors.worklist import WorklistFilter

    return WorklistFilter.from_params(params).as_params()


@transaction.atomic
def saved_filter_save(*, actor, name: str, params: dict, shared: bool = False) -> SavedFilter:
    if not actor.is_professional or actor.organisation_id is None:
        raise Forbidden()
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput(_("Geef een naam van hoogstens 100 tekens."), field="name")
    clean = clean_filter_params({k: v for k, v in params.items() if k in FILTER_KEYS})
    saved, _created = SavedFilter.objects.update_or_create(
        owner_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        name=name,
        defaults={"params": clean, "shared": bool(shared)},
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, actor, saved: SavedFilter) -> None:
    if saved.owner_id != actor.professional_id:
        raise Forbidden()
    saved.delete()


@transaction.atomic
def calendar_token_reset(*, actor) -> str:
    """A new secret feed URL; the old one stops working at once."""
    if not actor.is_professional:
        raise Forbidden()
    return CalendarToken.issue(actor.user)
