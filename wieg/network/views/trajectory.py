"""The "Activities" section on a trajectory page, and cancelling a family's registration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.selectors import trajectory_get
from wieg.core.errors import DomainError

from .. import selectors, services
from ..forms import TrajectoryRegisterForm
from ..models import Activity, Registration
from .common import apply_errors


def _trajectory_or_404(actor, trajectory_id) -> Trajectory:
    try:
        return trajectory_get(actor, trajectory_id, "care_plan")
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def trajectory_section(request, trajectory_id):
    """A partial: the family's registrations and a form to register them for an activity near them."""
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    trajectory = _trajectory_or_404(actor, trajectory_id)
    near = selectors.activities_near(trajectory.family.municipality, limit=30)
    taken = Registration.objects.open().filter(trajectory=trajectory).values("activity")
    nearby = [a.pk for a in near if a.registration_required]
    choices = Activity.objects.filter(pk__in=nearby).exclude(pk__in=taken)
    form = TrajectoryRegisterForm(request.POST or None, activities=choices)
    # Always 200: htmx swaps only successful answers, and the form with its errors must show.
    notice = ""
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=actor,
                activity=form.cleaned_data["activity"],
                trajectory=trajectory,
                seats=form.cleaned_data["seats"],
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            form = TrajectoryRegisterForm(activities=choices.exclude(pk=registration.activity_id))
            notice = (
                _("Ingeschreven.")
                if registration.status == "confirmed"
                else _("De activiteit is volzet: het gezin staat op de wachtlijst.")
            )
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="care_plan", detail="activity registrations")
        registrations = list(selectors.registrations_of(actor, trajectory))
    return render(
        request,
        "network/partials/trajectory_activities.html",
        {
            "trajectory": trajectory,
            "registrations": registrations,
            "near": near,
            "form": form,
            "notice": notice,
        },
    )


@login_required
@require_POST
def registration_cancel(request, registration_id):
    """A parent (portal) or a professional of the team cancels; the policy decides, a stranger gets a 404."""
    actor = request.actor
    registration = get_object_or_404(
        Registration.objects.visible_to(actor).select_related("activity"), public_id=registration_id
    )
    try:
        services.registration_cancel(actor=actor, registration=registration)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("De inschrijving is geannuleerd."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("network:activity_detail", activity_id=registration.activity.public_id)
