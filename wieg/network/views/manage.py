"""Family centre staff manage their own centre's activities; another centre's activity is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.core.errors import DomainError

from .. import selectors, services
from ..forms import ActivityForm, SessionForm
from ..models import Activity, Registration, Session
from .common import apply_errors, flash_error


def _managed_or_404(actor, activity_id) -> Activity:
    try:
        return selectors.activity_managed(actor, activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def activity_new(request):
    actor = request.actor
    centres = list(selectors.centres_of(actor))
    if not centres:
        raise Http404
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=actor,
                centre=centres[0],
                languages=form.cleaned_data["languages"],
                **form.service_fields(),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De activiteit is aangemaakt. Voeg nu de data toe."))
            return redirect("network:activity_manage", activity_id=activity.public_id)
    return render(request, "network/activity_form.html", {"form": form, "centre": centres[0]})


@login_required
def activity_manage(request, activity_id):
    """Edit an activity, add sessions, see who registered (each family shown is logged)."""
    actor = request.actor
    activity = _managed_or_404(actor, activity_id)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=actor,
                activity=activity,
                languages=form.cleaned_data["languages"],
                **form.service_fields(),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De activiteit is bewaard."))
            return redirect("network:activity_manage", activity_id=activity.public_id)
    registrations = list(selectors.activity_registrations(activity))
    with transaction.atomic():
        audit.record_many(
            actor, "list", [r.trajectory for r in registrations], detail="activity registrations"
        )
    return render(
        request,
        "network/activity_manage.html",
        {
            "activity": activity,
            "form": form,
            "session_form": SessionForm(),
            "sessions": activity.sessions.order_by("starts_at"),
            "registrations": registrations,
            "free": selectors.available_seats(activity),
        },
    )


@login_required
@require_POST
def session_add(request, activity_id):
    actor = request.actor
    activity = _managed_or_404(actor, activity_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            sessions = services.sessions_add(
                actor=actor,
                activity=activity,
                day=form.cleaned_data["day"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                weekly_repeats=form.cleaned_data["weekly_repeats"] or 0,
            )
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("%(n)s datum(s) toegevoegd.") % {"n": len(sessions)})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("network:activity_manage", activity_id=activity.public_id)


@login_required
@require_POST
def session_cancel(request, session_id):
    actor = request.actor
    session = get_object_or_404(Session.objects.select_related("activity__centre"), pk=session_id)
    activity = _managed_or_404(actor, session.activity.public_id)
    try:
        services.session_cancel(actor=actor, session=session)
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("network:activity_manage", activity_id=activity.public_id)


@login_required
@require_POST
def organiser_cancel_registration(request, registration_id):
    actor = request.actor
    registration = get_object_or_404(
        Registration.objects.select_related("activity"), public_id=registration_id
    )
    activity = _managed_or_404(actor, registration.activity.public_id)
    try:
        services.registration_cancel(actor=actor, registration=registration)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("De inschrijving is geannuleerd."))
    return redirect("network:activity_manage", activity_id=activity.public_id)
