"""Pages anyone may open without logging in: coverage and the activity finder. No personal data here."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.core.errors import DomainError

from .. import selectors, services
from ..forms import ActivityFilterForm, RegisterForm
from ..ical import activity_calendar, feed_calendar
from ..models import Activity, RegistrationStatus
from .common import flash_error

TILE = 14  # px per municipality square in the coverage picture
TILES_PER_ROW = 30


def coverage(request):
    cov = selectors.coverage()
    rows = []
    y = 0
    for province in cov.provinces:
        tiles = []
        for i, m in enumerate(province.municipalities):
            tiles.append(
                {
                    "x": 200 + (i % TILES_PER_ROW) * (TILE + 2),
                    "y": y + (i // TILES_PER_ROW) * (TILE + 2),
                    "m": m,
                    "covered": m in province.covered,
                }
            )
        height = ((province.total - 1) // TILES_PER_ROW + 1) * (TILE + 2)
        rows.append({"province": province, "y": y, "label_y": y + TILE - 2, "tiles": tiles})
        y += height + 10
    context = {
        "coverage": cov,
        "rows": rows,
        "svg_height": y,
        "svg_width": 200 + TILES_PER_ROW * (TILE + 2),
        "tile_size": TILE,
    }
    return render(request, "network/coverage.html", context)


def activity_search(request):
    form = ActivityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else selectors.ActivityFilters()
    activities = (
        list(selectors.activity_search(filters)[:100]) if not form.is_bound or form.is_valid() else []
    )
    query = urlencode({k: v for k, v in request.GET.items() if v})
    return render(
        request, "network/activity_search.html", {"form": form, "activities": activities, "query": query}
    )


def activity_detail(request, activity_id):
    try:
        activity = selectors.activity_public(activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    actor = request.actor
    trajectories = list(selectors.own_trajectories(actor)) if request.user.is_authenticated else []
    mine = []
    if trajectories:
        mine = [
            r
            for t in trajectories
            for r in selectors.registrations_of(actor, t)
            if r.activity_id == activity.pk and r.status != RegistrationStatus.CANCELLED
        ]
    return render(
        request,
        "network/activity_detail.html",
        {
            "activity": activity,
            "free": selectors.available_seats(activity),
            "can_register": bool(trajectories)
            and activity.registration_required
            and not mine
            and activity.upcoming,
            "mine": mine,
            "form": RegisterForm(),
        },
    )


@login_required
@require_POST
def activity_register(request, activity_id):
    """A parent registers their family (their newest active trajectory)."""
    actor = request.actor
    try:
        activity = selectors.activity_public(activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    trajectory = selectors.own_trajectories(actor).first()
    if trajectory is None:
        raise Http404
    form = RegisterForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("seats", [])))
        return redirect("network:activity_detail", activity_id=activity.public_id)
    try:
        registration = services.registration_create(
            actor=actor, activity=activity, trajectory=trajectory, seats=form.cleaned_data["seats"]
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("U bent ingeschreven. Tot dan!"))
        else:
            messages.warning(
                request,
                _(
                    "De activiteit is volzet. U staat op de wachtlijst; we laten het weten als "
                    "er een plaats vrijkomt."
                ),
            )
    return redirect("network:activity_detail", activity_id=activity.public_id)


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def activity_ics(request, activity_id):
    try:
        activity = Activity.objects.published().select_related("municipality").get(public_id=activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    sessions = activity.sessions.order_by("starts_at")
    response = HttpResponse(
        activity_calendar(activity, sessions, _base_url(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.public_id}.ics"'
    return response


def activity_feed(request):
    form = ActivityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else selectors.ActivityFilters()
    activities = selectors.activity_search(filters)[:200] if not form.is_bound or form.is_valid() else []
    response = HttpResponse(
        feed_calendar(_("Activiteiten Huizen van het Kind"), activities, _base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="activities.ics"'
    return response
