"""Pages: the hand-out on the trajectory, orders and their handling, the worklist, the figures, the portal."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wieg.care import audit
from wieg.care import selectors as care_selectors
from wieg.care.models import Trajectory
from wieg.care.policies import can
from wieg.core.errors import Conflict, DomainError, InvalidInput, NotFound

from . import rules as booklet_rules
from . import selectors, services
from .forms import (
    HandOutForm,
    MidwifeOrderForm,
    ParentOrderForm,
    RejectForm,
    ReplacementForm,
    StockForm,
    add_errors,
)
from .models import Booklet, OrderStatus

WORKLIST_SIZE = 100
SECTION_SIZE = 10


def _professional_trajectory(actor, trajectory_id) -> Trajectory:
    if not actor.is_professional:
        raise Http404
    try:
        return care_selectors.trajectory_get(actor, trajectory_id)
    except Trajectory.DoesNotExist as exc:
        raise Http404 from exc


def _suggested(actor, rules, trajectory) -> str:
    from wieg.directory.models import Organisation

    kind = Organisation.objects.filter(pk=actor.organisation_id).values_list("kind", flat=True).first()
    return selectors.suggested_step(rules, kind, trajectory)


def _section_context(actor, trajectory, *, form=None, replacement_form=None, refusal="", done=""):
    rules = booklet_rules.current()
    turn = selectors.turn_of(trajectory)
    distributions = list(selectors.distributions_of(trajectory))
    first = [d for d in distributions if d.booklet == Booklet.CHILD and d.kind != "replacement"]
    may_change = can(actor, "contact.change", trajectory)
    from wieg.directory.models import Organisation

    kind = Organisation.objects.filter(pk=actor.organisation_id).values_list("kind", flat=True).first()
    return {
        "trajectory": trajectory,
        "distributions": distributions,
        "first_child_booklets": first,
        "has_all": turn.step is None,
        "turn": turn,
        "may_change": may_change,
        "form": form
        or HandOutForm(rules=rules, trajectory=trajectory, turn_step=_suggested(actor, rules, trajectory)),
        "replacement_form": replacement_form or ReplacementForm(rules=rules, trajectory=trajectory),
        "refusal": refusal,
        "done": done,
        # Maternity wards see why they no longer hand it out; they can still record "already have one".
        "organisation_note": services.maternity_ward_message()
        if kind in rules.refused_organisation_kinds
        else "",
    }


@login_required
@transaction.atomic
def trajectory_section(request, trajectory_id):
    """The booklets part of the trajectory page: already one? whose turn? hand out, replace."""
    actor = request.actor
    trajectory = _professional_trajectory(actor, trajectory_id)
    audit.record(actor, "read", trajectory, category="contact", detail="booklets")
    return render(request, "booklets/_trajectory_section.html", _section_context(actor, trajectory))


@login_required
@require_POST
def hand_out(request, trajectory_id):
    actor = request.actor
    trajectory = _professional_trajectory(actor, trajectory_id)
    if not can(actor, "contact.change", trajectory):
        raise Http404
    rules = booklet_rules.current()
    is_replacement = request.POST.get("action") == "replace"
    form_class = ReplacementForm if is_replacement else HandOutForm
    kwargs = {"rules": rules, "trajectory": trajectory}
    if not is_replacement:
        kwargs["turn_step"] = _suggested(actor, rules, trajectory)
    form = form_class(request.POST, **kwargs)
    refusal = done = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            if is_replacement:
                services.distribution_record(
                    actor=actor,
                    trajectory=trajectory,
                    booklet=Booklet.CHILD,
                    replacement=True,
                    replacement_reason=data["replacement_reason"],
                    replacement_note=data["replacement_note"],
                    edition=data["edition"],
                    handed_out_on=data["handed_out_on"],
                    child_number=data["child_number"],
                )
                done = _("De vervanging is geregistreerd.")
            elif data["already_has"] == "yes":
                services.distribution_record(
                    actor=actor,
                    trajectory=trajectory,
                    booklet=Booklet.CHILD,
                    already_had=True,
                    received_from=data["received_from"],
                    handed_out_on=data["handed_out_on"],
                    child_number=data["child_number"],
                )
                done = _("Geregistreerd: de ouders hebben al een Kindboekje.")
            else:
                services.distribution_record(
                    actor=actor,
                    trajectory=trajectory,
                    booklet=data["booklet"],
                    step=data["step"],
                    edition=data["edition"],
                    handed_out_on=data["handed_out_on"],
                    child_number=data["child_number"],
                )
                done = _("De uitreiking is geregistreerd.")
            form = None
        except Conflict as exc:
            refusal = str(exc.message)
        except InvalidInput as exc:
            add_errors(form, exc)
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", detail="booklets")
        context = _section_context(
            actor,
            trajectory,
            refusal=refusal,
            done=done,
            form=None if is_replacement else form,
            replacement_form=form if is_replacement else None,
        )
    status = 409 if refusal else 422 if form is not None and form.errors else 200
    # htmx swaps 4xx answers only when told to; the section shows the refusal either way.
    response = render(
        request, "booklets/_trajectory_section.html", context, status=200 if request.htmx else status
    )
    return response


# --- worklist -----------------------------------------------------------------------------------------------


def _worklist_rows(actor, *, mine_only, limit):
    rows = list(selectors.worklist(actor, mine_only=mine_only)[:limit])
    names = selectors.organisation_names({r.turn_organisation_id for r in rows})
    for r in rows:
        r.turn_organisation_name = names.get(r.turn_organisation_id, "")
    with transaction.atomic():
        audit.record_many(actor, "list", rows, detail="booklet worklist")
    return rows


@login_required
def worklist(request):
    """Families without a child booklet, per responsible organisation, whose turn it is."""
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    mine_only = request.GET.get("all") != "1"
    rows = _worklist_rows(actor, mine_only=mine_only, limit=WORKLIST_SIZE)
    rows.sort(key=lambda r: r.turn_organisation_name)  # stable: keeps the date order within a group
    groups = [(name, list(items)) for name, items in groupby(rows, key=lambda r: r.turn_organisation_name)]
    return render(
        request, "booklets/worklist.html", {"groups": groups, "mine_only": mine_only, "count": len(rows)}
    )


@login_required
def worklist_section(request):
    actor = request.actor
    if not actor.is_professional:
        raise Http404
    rows = _worklist_rows(actor, mine_only=True, limit=SECTION_SIZE)
    return render(request, "booklets/_worklist_section.html", {"rows": rows})


# --- orders -------------------------------------------------------------------------------------------------


def _orders_context(actor, form, parent_form=None):
    orders = list(selectors.orders_visible_to(actor)[:50])
    services.orders_listed(actor, orders)
    context = {"orders": orders, "form": form, "parent_form": parent_form}
    if actor.is_professional:
        context["allowance"] = selectors.order_allowance(actor.organisation_id, Booklet.CHILD)
    else:
        context["parent_rows"] = _parent_rows(actor)
    return context


def _parent_rows(actor):
    """The parent's children: whether each has a child booklet, and if not, a form to order one."""
    trajectories = list(selectors.parent_trajectories(actor).filter(status="active").select_related("child"))
    rows = []
    for t in trajectories:
        first = selectors.child_booklet_of(t)
        open_order = t.booklet_orders.exclude(status=OrderStatus.REJECTED).order_by("-created_at").first()
        rows.append({"trajectory": t, "booklet": first, "open_order": open_order})
    return rows


@login_required
@transaction.atomic
def orders(request):
    """Orders for an independent midwife (her practice) or a parent (their own child)."""
    actor = request.actor
    if selectors.is_booklet_service(actor):
        return redirect("booklets:order_admin")
    if actor.is_parent:
        return _parent_orders(request)
    if not selectors.is_midwife_orderer(actor):
        raise Http404
    form = MidwifeOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.order_place(actor=actor, **form.cleaned_data)
            messages.success(request, _("Uw bestelling is doorgestuurd naar Kind en Gezin."))
            return redirect("booklets:orders")
        except InvalidInput as exc:
            add_errors(form, exc)
    return render(
        request, "booklets/orders.html", _orders_context(actor, form), status=422 if form.errors else 200
    )


def _parent_orders(request, trajectory_id=None):
    actor = request.actor
    form = ParentOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trajectory = None
        wanted = trajectory_id or request.POST.get("trajectory_id")
        if wanted:
            trajectory = selectors.parent_trajectories(actor).filter(public_id=wanted).first()
            if trajectory is None:
                raise Http404
        try:
            with transaction.atomic():
                services.order_place(
                    actor=actor,
                    booklet=Booklet.CHILD,
                    quantity=1,
                    trajectory=trajectory,
                    remarks=form.cleaned_data["remarks"],
                )
            messages.success(request, _("Uw bestelling is doorgestuurd naar Kind en Gezin."))
            return redirect("booklets:orders")
        except DomainError as exc:
            add_errors(form, exc)
    return render(
        request,
        "booklets/orders.html",
        _orders_context(actor, None, form),
        status=422 if form.errors else 200,
    )


@login_required
@transaction.atomic
def order_admin(request):
    """Kind en Gezin staff: orders to approve, reject and ship; the stock per booklet and edition."""
    actor = request.actor
    if not selectors.is_booklet_service(actor):
        raise Http404
    status = request.GET.get("status", OrderStatus.SUBMITTED)
    if status not in OrderStatus.values and status != "all":
        status = OrderStatus.SUBMITTED
    qs = selectors.orders_visible_to(actor)
    if status != "all":
        qs = qs.filter(status=status)
    rows = list(qs[:100])
    services.orders_listed(actor, rows)
    allowances = {}
    for o in rows:
        if o.orderer_kind == "midwife" and o.status == OrderStatus.SUBMITTED and o.organisation_id:
            key = (o.organisation_id, o.booklet)
            if key not in allowances:
                allowances[key] = selectors.order_allowance(o.organisation_id, o.booklet)
            o.allowance = allowances[key]
    from .models import Stock

    context = {
        "orders": rows,
        "status": status,
        "statuses": OrderStatus.choices,
        "stock": Stock.objects.order_by("booklet", "-edition"),
        "stock_form": StockForm(),
        "reject_form": RejectForm(),
        "rules": booklet_rules.current(),
    }
    return render(request, "booklets/order_admin.html", context)


@login_required
@require_POST
def order_action(request, order_id, action):
    actor = request.actor
    if not selectors.is_booklet_service(actor):
        raise Http404
    order = selectors.orders_visible_to(actor).filter(public_id=order_id).first()
    if order is None:
        raise Http404
    try:
        with transaction.atomic():
            if action == "approve":
                services.order_approve(actor=actor, order=order)
                messages.success(request, _("Bestelling goedgekeurd."))
            elif action == "reject":
                services.order_reject(actor=actor, order=order, reason=request.POST.get("reason", ""))
                messages.success(request, _("Bestelling geweigerd."))
            elif action == "ship":
                services.order_ship(actor=actor, order=order)
                messages.success(request, _("Bestelling verzonden; de voorraad is bijgewerkt."))
            else:
                raise Http404
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect(reverse("booklets:order_admin") + f"?status={request.POST.get('status', order.status)}")


@login_required
@require_POST
def stock_receive(request):
    actor = request.actor
    if not selectors.is_booklet_service(actor):
        raise Http404
    form = StockForm(request.POST)
    if form.is_valid():
        try:
            services.stock_receive(actor=actor, **form.cleaned_data)
            messages.success(request, _("Voorraad bijgewerkt."))
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("booklets:order_admin")


# --- figures ------------------------------------------------------------------------------------------------


@login_required
def figures(request):
    actor = request.actor
    if not selectors.is_booklet_service(actor):
        raise Http404
    return render(request, "booklets/figures.html", {"f": selectors.figures()})


# --- the parents' portal ------------------------------------------------------------------------------------


def _parent_trajectory(actor, trajectory_id) -> Trajectory:
    if not actor.is_parent:
        raise Http404
    trajectory = selectors.parent_trajectories(actor).filter(public_id=trajectory_id).first()
    if trajectory is None:
        raise Http404
    return trajectory


@login_required
@transaction.atomic
def portal_section(request, trajectory_id):
    """Our booklets, and ordering a child booklet when none was handed out."""
    actor = request.actor
    trajectory = _parent_trajectory(actor, trajectory_id)
    audit.record(actor, "read", trajectory, category="contact", break_glass=False, detail="booklets")
    return render(request, "booklets/_portal_section.html", _portal_context(trajectory, ParentOrderForm()))


def _portal_context(trajectory, form, done=""):
    distributions = list(selectors.distributions_of(trajectory))
    first = selectors.child_booklet_of(trajectory)
    open_order = (
        trajectory.booklet_orders.exclude(status=OrderStatus.REJECTED).order_by("-created_at").first()
    )
    return {
        "trajectory": trajectory,
        "distributions": distributions,
        "first": first,
        "open_order": open_order,
        "form": form,
        "done": done,
    }


@login_required
@require_POST
def portal_order(request, trajectory_id):
    actor = request.actor
    trajectory = _parent_trajectory(actor, trajectory_id)
    form = ParentOrderForm(request.POST)
    done = ""
    if form.is_valid():
        try:
            with transaction.atomic():
                services.order_place(
                    actor=actor,
                    booklet=Booklet.CHILD,
                    quantity=1,
                    trajectory=trajectory,
                    remarks=form.cleaned_data["remarks"],
                )
            done = _("Uw bestelling is doorgestuurd naar Kind en Gezin.")
            form = ParentOrderForm()
        except DomainError as exc:
            add_errors(form, exc)
    with transaction.atomic():
        audit.record(actor, "read", trajectory, category="contact", break_glass=False, detail="booklets")
        context = _portal_context(trajectory, form, done)
    return render(request, "booklets/_portal_section.html", context)
