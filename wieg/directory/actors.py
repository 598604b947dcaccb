"""Builds the Actor for a user: the professional behind it, the active organisation and its roles."""

from wieg.accounts.actor import ANONYMOUS, Actor

from .models import Membership


def actor_for(user, *, organisation_id: int | None = None, channel: str = "web") -> Actor:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    name = user.get_full_name() or user.username
    if user.kind != "professional":
        return Actor(user=user, kind=user.kind, channel=channel, display_name=name)
    professional = getattr(user, "professional", None)
    if professional is None:
        return Actor(user=user, kind="professional", channel=channel, display_name=name)
    memberships = list(
        Membership.objects.active()
        .filter(professional=professional, organisation__active=True)
        .select_related("organisation")
        .order_by("start")
    )
    org_ids = frozenset(m.organisation_id for m in memberships)
    if organisation_id not in org_ids:
        organisation_id = memberships[0].organisation_id if memberships else None
    roles = frozenset(m.role for m in memberships if m.organisation_id == organisation_id)
    active = next((m.organisation for m in memberships if m.organisation_id == organisation_id), None)
    return Actor(
        user=user,
        kind="professional",
        professional_id=professional.pk,
        organisation_id=organisation_id,
        organisation_ids=org_ids,
        roles=roles,
        channel=channel,
        discipline=professional.discipline,
        organisation_kind=active.kind if active else "",
        display_name=professional.display_name,
        organisation_name=active.name if active else "",
    )
