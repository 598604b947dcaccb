"""The access log, break-the-glass and its review by the organisation's privacy reviewer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError

from .. import audit, forms, selectors, services
from ..models import (
    Trajectory,
)
from ..policies import can, can_break_glass
from ..services.families import coordinating_organisation
from .common import _call, _get_trajectory_or_404, professional_required

ACCESS_LOG_PAGE_SIZE = 100


@login_required
def access_log(request, trajectory_id):
    """Who looked at or changed the file: for the coordinator and the parents only."""
    actor = request.actor
    if not (actor.is_professional or actor.is_parent):
        raise Http404
    with transaction.atomic():
        trajectory = _get_trajectory_or_404(actor, trajectory_id)
        try:
            events = selectors.access_log(actor, trajectory)
        except Trajectory.DoesNotExist as exc:
            raise Http404 from exc
        # Log this look first, so that the page counts and shows it too.
        audit.record(actor, "read", trajectory, category="contact", detail="access log", break_glass=False)
        page = Paginator(events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    return render(request, "care/access_log.html", {"trajectory": trajectory, "page": page, "events": rows})


@professional_required
def break_glass(request, trajectory_id):
    """Emergency access without consent: a written reason, a few hours, the coordinator told, reviewed later.

    The page shows nothing of the family: only which organisation coordinates."""
    actor = request.actor
    trajectory = Trajectory.objects.filter(public_id=trajectory_id).select_related("pregnant_person").first()
    if trajectory is None:
        raise Http404
    if can(actor, "contact.view", trajectory):
        return redirect("care:trajectory_detail", trajectory.public_id)
    if not can_break_glass(actor, trajectory):
        raise Http404
    form = forms.BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _call(
                services.break_glass_open,
                actor=actor,
                trajectory=trajectory,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc)
        else:
            return redirect("care:trajectory_detail", trajectory.public_id)
    organisation = coordinating_organisation(trajectory.pregnant_person)
    return render(
        request,
        "care/break_glass.html",
        {"form": form, "organisation": organisation, "trajectory_id": trajectory.public_id},
        status=422 if form.errors else 200,
    )


def _is_reviewer(actor) -> bool:
    return actor.is_professional and "reviewer" in actor.roles


@professional_required
def review_queue(request):
    actor = request.actor
    if not _is_reviewer(actor):
        raise Http404
    show_all = request.GET.get("all") == "1"
    queue = selectors.break_glass_queue(actor, open_only=not show_all)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    accesses = list(page.object_list)
    for access in accesses:
        # One form per opening, with its own ids, so that each label points at its own radio button.
        access.form = forms.ReviewForm(auto_id=f"id_{access.public_id.hex[:12]}_%s")
    return render(
        request,
        "care/review_queue.html",
        {"page": page, "accesses": accesses, "show_all": show_all, "now": timezone.now()},
    )


@require_POST
@professional_required
def review(request, access_id):
    actor = request.actor
    if not _is_reviewer(actor):
        raise Http404
    access = selectors.break_glass_queue(actor, open_only=False).filter(public_id=access_id).first()
    if access is None:
        raise Http404
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            _call(
                services.break_glass_review,
                actor=actor,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("De noodtoegang is beoordeeld."))
    else:
        messages.error(request, _("Kies terecht of niet terecht."))
    return redirect("care:review_queue")
