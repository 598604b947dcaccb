"""What every care page shares: who may see professional pages, 404 for missing and forbidden alike."""

from functools import cached_property, wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone

from wieg.core.errors import NotFound

from .. import selectors
from ..models import (
    Trajectory,
)
from ..policies import can


def professional_required(view):
    """Professional pages: anyone else (parent, analyst, administrator) gets the same 404 as a stranger."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.actor.is_professional:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _get_trajectory_or_404(actor, trajectory_id, category="contact") -> Trajectory:
    try:
        return selectors.trajectory_get(actor, trajectory_id, category)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


def _call(service, **kwargs):
    """Run a service; a refusal by the policy is a 404 like a missing record."""
    try:
        return service(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


class Permissions:
    """What the actor may do on this trajectory, asked of the policy only when a template needs it."""

    def __init__(self, actor, trajectory):
        self.actor, self.trajectory = actor, trajectory

    def _can(self, action: str) -> bool:
        return can(self.actor, action, self.trajectory)

    @cached_property
    def manage(self) -> bool:
        return self._can("trajectory.manage")

    @property
    def access_log(self) -> bool:
        return self.manage

    @cached_property
    def contact_change(self) -> bool:
        return self._can("contact.change")

    @cached_property
    def care_plan_change(self) -> bool:
        return self._can("care_plan.change")

    @cached_property
    def medical_change(self) -> bool:
        return self._can("medical.change")

    @cached_property
    def medical_view(self) -> bool:
        return self._can("medical.view")

    @cached_property
    def consent_manage(self) -> bool:
        return self._can("consent.manage")


def _permissions(actor, trajectory) -> Permissions:
    return Permissions(actor, trajectory)


def _page_context(actor, trajectory, basis) -> dict:
    return {
        "trajectory": trajectory,
        "basis": basis,
        "break_glass": selectors.active_break_glass(actor, trajectory) if basis == "break_glass" else None,
        "may": _permissions(actor, trajectory),
        "today": timezone.localdate(),
    }
