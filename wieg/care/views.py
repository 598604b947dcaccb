"""Thin views: they ask selectors and services, the policy decides, the access log records."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wieg.core.registry import registry

from . import audit, selectors
from .models import Trajectory
from .policies import access_basis, visible_categories

CASELOAD_PAGE_SIZE = 50


@login_required
def home(request):
    actor = request.actor
    for url_name in registry.home_urls.get(actor.kind, []):
        try:
            return redirect(reverse(url_name))
        except NoReverseMatch:
            continue
    if actor.kind == "professional":
        return redirect("care:caseload")
    if actor.kind == "admin" or request.user.is_staff:
        return redirect("admin:index")
    return render(request, "care/no_care_data.html")


def _get_trajectory_or_404(actor, trajectory_id, category="contact") -> Trajectory:
    try:
        return selectors.trajectory_get(actor, trajectory_id, category)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def caseload(request):
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    role = request.GET.get("role") if request.GET.get("role") in {"coordinator", "member"} else None
    qs = selectors.caseload(actor, role=role)
    page = Paginator(qs, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    with transaction.atomic():
        audit.record_many(actor, "list", rows, detail="caseload")
    return render(request, "care/caseload.html", {"page": page, "rows": rows, "role": role,
                                                  "today": timezone.localdate()})


@login_required
@transaction.atomic
def trajectory_detail(request, trajectory_id):
    actor = request.actor
    trajectory = _get_trajectory_or_404(actor, trajectory_id)
    basis = access_basis(actor, trajectory)
    audit.record(actor, "read", trajectory, category="contact", break_glass=basis == "break_glass")
    panels = []
    for section in registry.sections["trajectory"]:
        if not section.visible(actor):
            continue
        try:
            panels.append({"key": section.key, "label": section.label,
                           "url": reverse(section.url_name, kwargs={"trajectory_id": trajectory.public_id})})
        except NoReverseMatch:
            continue
    context = {
        "trajectory": trajectory,
        "categories": visible_categories(actor, trajectory),
        "basis": basis,
        "members": selectors.members_of(trajectory),
        "coordinator": selectors.coordinator_of(trajectory),
        "team": selectors.team_of(trajectory),
        "consents": selectors.consents_of(trajectory),
        "exclusions": selectors.exclusions_of(trajectory),
        "break_glass": selectors.active_break_glass(actor, trajectory) if basis == "break_glass" else None,
        "panels": panels,
        "today": timezone.localdate(),
    }
    return render(request, "care/trajectory_detail.html", context)
