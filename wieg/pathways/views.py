"""Pages: the plan on the trajectory page (htmx section), recording a contact, the worklist, the calendar
feed and the parents' view of their plan. Thin: selectors read, services write, the policy decides."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from wieg.care import audit
from wieg.care.consent_needs import need_of_actor
from wieg.care.models import CareTeamMember, Trajectory
from wieg.care.policies import access_basis, can, visible_categories
from wieg.core.errors import DomainError, InvalidInput
from wieg.core.registry import registry

from . import selectors, services
from .calendar import calendar_for
from .forms import (
    ACKNOWLEDGE_REASONS,
    NOTE_FIELDS,
    AcknowledgeForm,
    ContactForm,
    ItemAddForm,
    ItemCancelForm,
    ItemMoveForm,
    SavedFilterForm,
    WorklistFilterForm,
)
from .models import CalendarToken, DisplayStatus, ItemKind, PlanItem, SavedFilter, pick_label
from .selectors import WorklistFilter, panel_shown
from .worklist_rows import page_sections

BADGES = {"done": "ok", "due": "warn", "overdue": "danger", "missed": "danger"}


def _trajectory_or_404(actor, trajectory_id) -> Trajectory:
    try:
        return selectors.plan_trajectory_get(actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


def _item_or_404(trajectory, item_id) -> PlanItem:
    try:
        return selectors.item_get(trajectory, item_id)
    except PlanItem.DoesNotExist as exc:
        raise Http404 from exc


def _professional_only(request):
    if not request.actor.is_professional:
        raise Http404


def _checklist(item: PlanItem | None) -> list[dict]:
    return [
        {"code": c["code"], "label": pick_label(c["labels"], c["code"])}
        for c in (item.checklist if item else [])
    ]


def _contact_form(actor, trajectory, item, data=None):
    note_categories = [c for c in NOTE_FIELDS if can(actor, f"{c}.change", trajectory)]
    initial = {
        "date": timezone.localdate(),
        "kind": "home_visit" if item and item.kind == "home_visit" else "consultation",
    }
    return ContactForm(data, initial=initial, note_categories=note_categories, checklist=_checklist(item))


def _apply_errors(form, exc: DomainError, mapping: dict | None = None):
    mapping = mapping or {}
    for field, messages in (exc.errors or {"__all__": [exc.message]}).items():
        name = mapping.get(field, field)
        if name.startswith("notes."):
            name = NOTE_FIELDS.get(name.split(".", 1)[1], "__all__")
        if name not in form.fields:
            name = None
        for message in messages:
            form.add_error(name, str(message))


def _render_plan(
    request,
    trajectory,
    *,
    status=200,
    open_item=None,
    contact_form=None,
    add_form=None,
    action_item=None,
    action_form=None,
    action="",
):
    actor = request.actor
    today = timezone.localdate()
    categories = visible_categories(actor, trajectory)
    items = list(selectors.plan_items_of(trajectory, today))
    for item in items:
        item.status_label = DisplayStatus(item.display_status).label
        # A missed item the team acknowledged needs nobody's attention any more.
        item.badge = "" if item.status == "missed" else BADGES.get(item.display_status, "")
        item.to_acknowledge = item.display_status == "missed" and item.status == "planned"
    contacts = list(selectors.contacts_of(actor, trajectory, categories))
    may_change = "care_plan" in categories and can(actor, "care_plan.change", trajectory)
    via_break_glass = access_basis(actor, trajectory, "care_plan") == "break_glass"
    audit.record(
        actor, "read", trajectory, category="care_plan", detail="care plan", break_glass=via_break_glass
    )
    for category in sorted({n.category for c in contacts for n in c.visible_notes}):
        audit.record(
            actor, "read", trajectory, category=category, detail="contact notes", break_glass=via_break_glass
        )
    if may_change and add_form is None:
        add_form = ItemAddForm(owners=_owners(trajectory))
    context = {
        "trajectory": trajectory,
        "items": items,
        "phases": _group(items),
        "minimum": selectors.minimum_of(trajectory, today),
        "contacts": contacts,
        "may_change": may_change,
        "open_item": open_item,
        "contact_form": contact_form,
        "add_form": add_form,
        "action_item": action_item,
        "action_form": action_form,
        "action": action,
        "today": today,
        "acknowledge_reasons": [str(r) for r in ACKNOWLEDGE_REASONS],
        "to_acknowledge": sum(1 for i in items if i.to_acknowledge),
    }
    template = "pathways/plan_section.html" if request.htmx else "pathways/plan_page.html"
    return render(request, template, context, status=status)


def _owners(trajectory):
    now = timezone.now()
    return [
        m.professional
        for m in CareTeamMember.objects.filter(
            trajectory=trajectory, end__isnull=True, start__lte=now
        ).select_related("professional")
    ]


def _group(items):
    phases = []
    for item in items:
        if not phases or phases[-1]["phase"] != item.phase:
            phases.append({"phase": item.phase, "label": item.get_phase_display(), "items": []})
        phases[-1]["items"].append(item)
    return phases


def _done(request, trajectory):
    if request.htmx:
        return _render_plan(request, trajectory)
    return redirect(reverse("care:trajectory_detail", kwargs={"trajectory_id": trajectory.public_id}))


@login_required
@require_GET
@transaction.atomic
def plan_section(request, trajectory_id):
    _professional_only(request)
    try:
        trajectory = selectors.plan_trajectory_get(request.actor, trajectory_id)
    except Trajectory.DoesNotExist:
        return _plan_consent_needed(request, trajectory_id)
    return _render_plan(request, trajectory)


def _plan_consent_needed(request, trajectory_id):
    """A team member whose organisation has no care plan consent sees why, and how to record it."""
    actor = request.actor
    trajectory = Trajectory.objects.visible_to(actor, "contact").filter(public_id=trajectory_id).first()
    consent = need_of_actor(actor, trajectory, "care_plan") if trajectory else None
    if consent is None:
        raise Http404
    back = reverse("care:trajectory_detail", args=[trajectory.public_id]) + "#panel-plan"
    return render(
        request,
        "pathways/plan_consent_needed.html",
        {"trajectory": trajectory, "consent": consent, "back": back},
    )


@login_required
@transaction.atomic
def contact_new(request, trajectory_id, item_id=None):
    """GET opens the form on the plan (for an item or a free contact); POST records the contact."""
    _professional_only(request)
    actor = request.actor
    trajectory = _trajectory_or_404(actor, trajectory_id)
    if not can(actor, "care_plan.change", trajectory):
        raise Http404
    item = _item_or_404(trajectory, item_id) if item_id else None
    if request.method == "GET":
        return _render_plan(
            request, trajectory, open_item=item or "new", contact_form=_contact_form(actor, trajectory, item)
        )
    if request.method != "POST":
        return HttpResponse(status=405)
    form = _contact_form(actor, trajectory, item, request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.contact_record(
                    actor=actor,
                    trajectory=trajectory,
                    date=form.cleaned_data["date"],
                    kind=form.cleaned_data["kind"],
                    plan_item=item,
                    notes=form.notes(),
                    location=form.cleaned_data["location"],
                    checklist=form.cleaned_data.get("checklist") or [],
                )
        except DomainError as exc:
            _apply_errors(form, exc, {"plan_item_id": "__all__"})
        else:
            return _done(request, trajectory)
    return _render_plan(request, trajectory, status=422, open_item=item or "new", contact_form=form)


@login_required
@require_POST
@transaction.atomic
def item_action(request, trajectory_id, item_id, action):
    """Cancel (with a reason), reopen, move the window of, or mark done one item of the plan."""
    _professional_only(request)
    actor = request.actor
    trajectory = _trajectory_or_404(actor, trajectory_id)
    if not can(actor, "care_plan.change", trajectory):
        raise Http404
    item = _item_or_404(trajectory, item_id)
    if action == "acknowledge":
        return _acknowledge(request, trajectory, item)
    forms_by_action = {"cancel": ItemCancelForm, "move": ItemMoveForm}
    if action in forms_by_action and "confirm" not in request.POST:
        initial = {"window_start": item.window_start, "window_end": item.window_end}
        return _render_plan(
            request,
            trajectory,
            action_item=item,
            action=action,
            action_form=forms_by_action[action](initial=initial),
        )
    form = forms_by_action[action](request.POST) if action in forms_by_action else None
    if form is not None and not form.is_valid():
        return _render_plan(
            request, trajectory, status=422, action_item=item, action=action, action_form=form
        )
    changes = {
        "cancel": lambda: {"status": "cancelled", "cancelled_reason": form.cleaned_data["cancelled_reason"]},
        "reopen": lambda: {"status": "planned"},
        "done": lambda: {"status": "done"},
        "move": lambda: {
            "window_start": form.cleaned_data["window_start"],
            "window_end": form.cleaned_data["window_end"],
        },
    }
    if action not in changes:
        raise Http404
    try:
        with transaction.atomic():
            services.plan_item_update(actor=actor, item=item, **changes[action]())
    except DomainError as exc:
        if form is None:
            form = ItemCancelForm()
        _apply_errors(form, exc)
        return _render_plan(
            request, trajectory, status=exc.status, action_item=item, action=action, action_form=form
        )
    return _done(request, trajectory)


def _acknowledge(request, trajectory, item):
    """One click: a reason button, or a reason typed in (which wins, as the more deliberate answer)."""
    reason = (request.POST.get("other_reason") or "").strip() or request.POST.get("reason", "")
    form = AcknowledgeForm({"reason": reason})
    if form.is_valid():
        try:
            with transaction.atomic():
                services.plan_item_acknowledge(
                    actor=request.actor, item=item, reason=form.cleaned_data["reason"]
                )
        except DomainError as exc:
            _apply_errors(form, exc)
            status = exc.status
        else:
            return _done(request, trajectory)
    else:
        status = 422
    return _render_plan(
        request, trajectory, status=status, action_item=item, action="acknowledge", action_form=form
    )


@login_required
@require_POST
@transaction.atomic
def item_add(request, trajectory_id):
    _professional_only(request)
    actor = request.actor
    trajectory = _trajectory_or_404(actor, trajectory_id)
    if not can(actor, "care_plan.change", trajectory):
        raise Http404
    form = ItemAddForm(request.POST, owners=_owners(trajectory))
    if form.is_valid():
        try:
            with transaction.atomic():
                services.plan_item_add(
                    actor=actor,
                    trajectory=trajectory,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    window_start=form.cleaned_data["window_start"],
                    window_end=form.cleaned_data["window_end"],
                    owner_id=form.cleaned_data["owner"] or None,
                )
        except InvalidInput as exc:
            _apply_errors(form, exc, {"owner_id": "owner"})
        else:
            return _done(request, trajectory)
    return _render_plan(request, trajectory, status=422, add_form=form)


@login_required
@require_GET
@transaction.atomic
def worklist(request):
    _professional_only(request)
    actor = request.actor
    saved = list(selectors.saved_filters_for(actor))
    params = request.GET
    chosen = None
    if request.GET.get("filter"):
        chosen = next((s for s in saved if str(s.pk) == request.GET["filter"]), None)
        if chosen is not None:
            params = chosen.params
    filters = WorklistFilter.from_params(params)
    result = selectors.worklist(actor, filters)
    audit.record_many(
        actor,
        "list",
        result.trajectories,
        category="care_plan",
        detail="worklist",
        # Rows show a phone and language to those who may see the contact category.
        contact_shown=[t for t in result.trajectories if getattr(t, "sees_contact", False)],
    )
    form = WorklistFilterForm(initial={**filters.as_params(), "weeks": filters.no_contact_weeks})
    # Other apps add their own parts of the home page (slot "worklist"), loaded with htmx.
    panels = []
    for section in registry.sections["worklist"]:
        if section.visible(actor) and panel_shown(actor, section.key):
            try:
                panels.append({"key": section.key, "label": section.label, "url": reverse(section.url_name)})
            except NoReverseMatch:
                continue
    return render(
        request,
        "pathways/worklist.html",
        {
            "panels": panels,
            "result": result,
            "sections": page_sections(result),
            "filters": filters,
            "form": form,
            "saved": saved,
            "chosen": chosen,
            "save_form": SavedFilterForm(),
            "query": "&".join(f"{k}={v}" for k, v in filters.as_params().items()),
            "kinds": dict(ItemKind.choices),
        },
    )


@login_required
@require_POST
@transaction.atomic
def saved_filter_save(request):
    _professional_only(request)
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        try:
            saved = services.saved_filter_save(
                actor=request.actor,
                name=form.cleaned_data["name"],
                params=request.POST,
                shared=form.cleaned_data["shared"],
            )
        except InvalidInput:
            pass
        else:
            return redirect(f"{reverse('pathways:worklist')}?filter={saved.pk}")
    return redirect(reverse("pathways:worklist"))


@login_required
@require_POST
@transaction.atomic
def saved_filter_delete(request, filter_id):
    _professional_only(request)
    saved = SavedFilter.objects.filter(pk=filter_id, owner_id=request.actor.professional_id).first()
    if saved is None:
        raise Http404
    services.saved_filter_delete(actor=request.actor, saved=saved)
    return redirect(reverse("pathways:worklist"))


@login_required
def calendar_settings(request):
    _professional_only(request)
    feed_url = None
    if request.method == "POST":
        raw = services.calendar_token_reset(actor=request.actor)
        feed_url = request.build_absolute_uri(reverse("pathways:calendar_feed", kwargs={"token": raw}))
    has_token = CalendarToken.objects.filter(user=request.user).exists()
    return render(request, "pathways/calendar.html", {"feed_url": feed_url, "has_token": has_token})


@require_GET
@transaction.atomic
def calendar_feed(request, token):
    """The iCalendar feed of my coming appointments. The secret in the URL is the only key."""
    from wieg.directory.actors import actor_for

    user = CalendarToken.user_for(token)
    if user is None:
        raise Http404
    actor = actor_for(user, channel="ical")
    if not actor.is_professional:
        raise Http404
    items = selectors.upcoming_for_calendar(actor)
    audit.record_many(
        actor,
        "list",
        list({i.trajectory_id: i.trajectory for i in items}.values()),
        category="care_plan",
        detail="calendar feed",
    )
    body = calendar_for(items, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@transaction.atomic
def portal_section(request, trajectory_id):
    """For the parents: their plan and the minimum, in plain words, nothing they may not see."""
    actor = request.actor
    if not actor.is_parent:
        raise Http404
    trajectory = _trajectory_or_404(actor, trajectory_id)
    today = timezone.localdate()
    items = [i for i in selectors.plan_items_of(trajectory, today) if i.status != "cancelled"]
    audit.record(actor, "read", trajectory, category="care_plan", detail="care plan (portal)")
    coming = [i for i in items if i.display_status in ("planned", "due")]
    return render(
        request,
        "pathways/portal_section.html",
        {
            "trajectory": trajectory,
            "minimum": selectors.minimum_of(trajectory, today),
            "now": [i for i in coming if i.display_status == "due"],
            "next": [i for i in coming if i.display_status == "planned"][:5],
            "done": [i for i in items if i.display_status == "done"],
            "missed": [i for i in items if i.display_status == "overdue"],
            "today": today,
            "soon": today + dt.timedelta(days=14),
        },
    )
