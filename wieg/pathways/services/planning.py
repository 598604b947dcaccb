"""Plan generation and re-planning from the active pathway templates, and personal changes to a plan."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.care import audit
from wieg.care.models import Trajectory
from wieg.care.policies import can
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Professional

from ..models import FULFILLABLE, ItemKind, ItemStatus, PlanEvent, PlanItem, TemplateItem
from ..rules import missed_before
from ..schedule import applies, phase_of, window

# Items a person may add to a plan by hand; goals and actions have an owner.
ADDABLE_KINDS = tuple(ItemKind.values)
# How far a hand-made window may reach: the trajectory's day 1000 plus the Kind en Gezin programme's end.
MAX_WINDOW_DAYS = 3 * 366


def template_items() -> list[TemplateItem]:
    """The items of every active pathway version, in plan order."""
    return list(
        TemplateItem.objects.filter(template__active=True).select_related("template").order_by("order")
    )


def _conditions(trajectory: Trajectory) -> dict:
    return {
        "parity": trajectory.parity,
        "risk_level": trajectory.risk_level,
        "plurality": trajectory.plurality,
        "nicu": trajectory.nicu_admission,
        "born": trajectory.birth_date is not None,
    }


def _open_status(trajectory: Trajectory, end: dt.date) -> str:
    """An item whose window closed before the trajectory started was never this trajectory's to do."""
    return ItemStatus.BEFORE_ENROLMENT if end < trajectory.start_date else ItemStatus.PLANNED


def _new_item(trajectory: Trajectory, item: TemplateItem, start: dt.date, end: dt.date) -> PlanItem:
    return PlanItem(
        trajectory=trajectory,
        template_item=item,
        code=item.code,
        kind=item.kind,
        phase=phase_of(item, start, trajectory.birth_date),
        labels=item.labels,
        window_start=start,
        window_end=end,
        status=_open_status(trajectory, end),
        counts_toward_minimum=item.counts_toward_minimum,
        disciplines=item.disciplines,
        fulfilled_by=list(item.fulfilled_by or []),
    )


def build_plan_items(trajectory: Trajectory, items: list[TemplateItem]) -> list[PlanItem]:
    """Unsaved plan items for a trajectory without a plan (the demo seeder bulk-creates these)."""
    conditions = _conditions(trajectory)
    planned = []
    for item in items:
        if not applies(item, **conditions):
            continue
        span = window(item, due_date=trajectory.due_date, birth_date=trajectory.birth_date)
        if span:
            planned.append(_new_item(trajectory, item, *span))
    return planned


@transaction.atomic
def plan_generate(*, actor, trajectory: Trajectory) -> list[PlanItem]:
    """The first plan of a trajectory. A trajectory that already has a plan is re-planned instead."""
    if PlanItem.objects.filter(trajectory=trajectory).exists():
        return plan_replan(actor=actor, trajectory=trajectory, reason="generate")
    created = PlanItem.objects.bulk_create(build_plan_items(trajectory, template_items()))
    audit.record(
        actor,
        "create",
        trajectory,
        category="care_plan",
        detail=f"care plan generated ({len(created)} items)",
        break_glass=False,
    )
    return created


def _cancel_automatically(item: PlanItem, reason: str, events: list, professional_id) -> None:
    item.status = ItemStatus.CANCELLED
    item.cancelled_reason = reason
    item.cancelled_automatically = True
    events.append(PlanEvent(item=item, professional_id=professional_id, action="cancelled", detail=reason))


@transaction.atomic
def plan_replan(*, actor, trajectory: Trajectory, reason: str = "") -> list[PlanItem]:
    """Bring the open part of the plan in line with the trajectory (due date, birth, risk level, plurality).

    Done items stay done, items cancelled by a person stay cancelled, windows moved by hand stay put.
    Items that no longer apply are cancelled automatically, and reopened if they apply again.
    """
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    conditions = _conditions(trajectory)
    birth_date = trajectory.birth_date
    existing = {i.code: i for i in PlanItem.objects.filter(trajectory=trajectory)}
    professional_id = actor.professional_id
    to_create, to_update, events = [], [], []
    closed = trajectory.status == "closed"
    for item in template_items():
        current = existing.get(item.code)
        ok = applies(item, **conditions) and not closed
        span = window(item, due_date=trajectory.due_date, birth_date=birth_date)
        if current is None:
            if ok and span:
                to_create.append(_new_item(trajectory, item, *span))
            continue
        if current.status in (ItemStatus.DONE, ItemStatus.MISSED):
            continue
        if current.status == ItemStatus.CANCELLED:
            if ok and span and current.cancelled_automatically:
                current.cancelled_reason = ""
                current.cancelled_automatically = False
                if not current.window_locked:
                    current.window_start, current.window_end = span
                current.status = _open_status(trajectory, current.window_end)
                events.append(
                    PlanEvent(item=current, professional_id=professional_id, action="reopened", detail=reason)
                )
                to_update.append(current)
            continue
        # An open item.
        if not ok:
            if closed and current.status == ItemStatus.BEFORE_ENROLMENT:
                continue  # it was never this trajectory's: closing changes nothing about it
            if closed:
                _cancel_automatically(current, _("Traject afgesloten."), events, professional_id)
            elif item.anchor == "due_date" and birth_date is not None:
                if current.window_start <= birth_date:
                    continue  # it could have happened before the birth: it stays, done or missed
                _cancel_automatically(
                    current, _("Niet meer nodig: het kind is geboren."), events, professional_id
                )
            else:
                _cancel_automatically(
                    current, _("Niet meer van toepassing op dit traject."), events, professional_id
                )
            to_update.append(current)
            continue
        if span and not current.window_locked and (current.window_start, current.window_end) != span:
            before = f"{current.window_start:%d/%m/%Y}-{current.window_end:%d/%m/%Y}"
            current.window_start, current.window_end = span
            current.status = _open_status(trajectory, current.window_end)
            current.phase = phase_of(item, span[0], birth_date)
            events.append(
                PlanEvent(
                    item=current,
                    professional_id=professional_id,
                    action="replanned",
                    detail=f"{reason}: {before}"[:300],
                )
            )
            to_update.append(current)
    if closed:
        # Items added by hand are open too: closing the trajectory closes them.
        for current in existing.values():
            if current.template_item_id is None and current.status in (
                ItemStatus.PLANNED,
                ItemStatus.BEFORE_ENROLMENT,
            ):
                _cancel_automatically(current, _("Traject afgesloten."), events, professional_id)
                to_update.append(current)
    PlanItem.objects.bulk_create(to_create)
    now = timezone.now()
    for current in to_update:
        current.updated_at = now
    PlanItem.objects.bulk_update(
        to_update,
        [
            "status",
            "cancelled_reason",
            "cancelled_automatically",
            "window_start",
            "window_end",
            "phase",
            "updated_at",
        ],
    )
    PlanEvent.objects.bulk_create(events)
    if to_create or to_update:
        audit.record(
            actor,
            "update",
            trajectory,
            category="care_plan",
            break_glass=False,
            detail=f"care plan re-planned ({reason}): {len(to_create)} added, {len(to_update)} changed",
        )
    return to_create + to_update


def _check_window(start: dt.date | None, end: dt.date | None, trajectory: Trajectory) -> dict:
    errors = {}
    if start is None:
        errors["window_start"] = [_("Geef een begindatum.")]
    if end is None:
        errors["window_end"] = [_("Geef een einddatum.")]
    if errors:
        return errors
    if end < start:
        errors["window_end"] = [_("De einddatum ligt voor de begindatum.")]
    earliest = trajectory.due_date - dt.timedelta(days=280)
    if start < earliest or end > earliest + dt.timedelta(days=MAX_WINDOW_DAYS):
        errors["window_start"] = [_("Deze datum valt buiten het traject.")]
    return errors


def _owner(owner_id, field="owner_id") -> Professional | None:
    if owner_id in (None, ""):
        return None
    owner = Professional.objects.filter(public_id=owner_id).first()
    if owner is None:
        raise InvalidInput(_("Onbekende zorgverlener."), field=field)
    return owner


def _require_change(actor, trajectory):
    if not can(actor, "care_plan.change", trajectory):
        raise Forbidden()


@transaction.atomic
def plan_item_add(
    *,
    actor,
    trajectory: Trajectory,
    title: str,
    kind: str,
    window_start: dt.date | None,
    window_end: dt.date | None,
    owner_id=None,
    disciplines: list[str] | None = None,
) -> PlanItem:
    """A personal item: an extra contact, a goal or an action with an owner."""
    _require_change(actor, trajectory)
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Geef een titel.")]
    elif len(title) > 200:
        errors["title"] = [_("De titel is te lang (hoogstens 200 tekens).")]
    if kind not in ADDABLE_KINDS:
        errors["kind"] = [_("Onbekende soort.")]
    errors.update(_check_window(window_start, window_end, trajectory))
    try:
        owner = _owner(owner_id)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors=errors)
    import uuid

    item = PlanItem.objects.create(
        trajectory=trajectory,
        code=f"custom.{uuid.uuid4().hex[:12]}",
        kind=kind,
        phase=trajectory.phase_on(window_start),
        labels={"nl": title, "fr": title, "en": title},
        window_start=window_start,
        window_end=window_end,
        owner=owner,
        disciplines="," + ",".join(disciplines) + "," if disciplines else "",
        window_locked=True,
        added_by_id=actor.professional_id,
    )
    PlanEvent.objects.create(item=item, professional_id=actor.professional_id, action="created")
    audit.record(actor, "create", item, trajectory=trajectory, category="care_plan")
    return item


UNSET = object()


def screening_closes_message() -> str:
    return _(
        "Een screening registreer je in het screeningsluik: dit item sluit dan vanzelf, zodat het plan en "
        "het screeningsluik hetzelfde zeggen."
    )


@transaction.atomic
def plan_item_update(
    *,
    actor,
    item: PlanItem,
    window_start=UNSET,
    window_end=UNSET,
    status=UNSET,
    cancelled_reason: str = "",
    owner_id=UNSET,
    title=UNSET,
    done_on=UNSET,
) -> PlanItem:
    """Move a window, cancel (with a reason), reopen, mark done without a contact, set the owner or title."""
    trajectory = item.trajectory
    _require_change(actor, trajectory)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    changes = []
    errors = {}
    if window_start is not UNSET or window_end is not UNSET:
        start = item.window_start if window_start is UNSET else window_start
        end = item.window_end if window_end is UNSET else window_end
        errors.update(_check_window(start, end, trajectory))
        if not errors and (start, end) != (item.window_start, item.window_end):
            if item.status != ItemStatus.PLANNED:
                raise Conflict(_("Enkel een open item kan verplaatst worden."), field="window_start")
            changes.append(
                (
                    "moved",
                    f"{item.window_start:%d/%m/%Y}-{item.window_end:%d/%m/%Y}"
                    f" -> {start:%d/%m/%Y}-{end:%d/%m/%Y}",
                )
            )
            item.window_start, item.window_end, item.window_locked = start, end, True
    if title is not UNSET:
        title = (title or "").strip()
        if item.template_item_id is not None:
            errors["title"] = [_("De titel van een item uit het zorgpad ligt vast.")]
        elif not title or len(title) > 200:
            errors["title"] = [_("Geef een titel van hoogstens 200 tekens.")]
        else:
            item.labels = {"nl": title, "fr": title, "en": title}
            changes.append(("updated", "title"))
    if owner_id is not UNSET:
        try:
            owner = _owner(owner_id)
        except InvalidInput as exc:
            errors.update(exc.errors)
        else:
            item.owner = owner
            changes.append(("updated", "owner"))
    if status is not UNSET and status != item.status:
        if status == ItemStatus.CANCELLED:
            reason = (cancelled_reason or "").strip()
            if not reason:
                errors["cancelled_reason"] = [_("Zeg waarom dit item geannuleerd wordt.")]
            elif item.status == ItemStatus.DONE:
                raise Conflict(_("Dit item is al gedaan."), field="status")
            else:
                item.status, item.cancelled_reason, item.cancelled_automatically = status, reason[:300], False
                changes.append(("cancelled", reason[:300]))
        elif status == ItemStatus.PLANNED:
            if item.contacts.exists():
                raise Conflict(
                    _("Een contact vervult dit item: het kan niet heropend worden."), field="status"
                )
            if item.status == ItemStatus.DONE and item.closed_by_screening:
                raise Conflict(screening_closes_message(), field="status")
            item.status, item.cancelled_reason, item.cancelled_automatically, item.done_on = (
                status,
                "",
                False,
                None,
            )
            item.acknowledged_reason, item.acknowledged_at, item.acknowledged_by = "", None, None
            changes.append(("reopened", ""))
        elif status == ItemStatus.DONE:
            day = timezone.localdate() if done_on in (UNSET, None) else done_on
            if item.closed_by_screening:
                raise Conflict(screening_closes_message(), field="status")
            if day > timezone.localdate():
                errors["done_on"] = [_("Deze datum ligt in de toekomst.")]
            elif item.status == ItemStatus.CANCELLED:
                raise Conflict(_("Dit item is geannuleerd: heropen het eerst."), field="status")
            else:
                item.status, item.done_on = status, day
                changes.append(("done", f"{day:%d/%m/%Y}"))
        else:
            errors["status"] = [_("Kies gepland, gedaan of geannuleerd.")]
    if errors:
        raise InvalidInput(errors=errors)
    if changes:
        item.save()
        PlanEvent.objects.bulk_create(
            [
                PlanEvent(item=item, professional_id=actor.professional_id, action=a, detail=d[:300])
                for a, d in changes
            ]
        )
        audit.record(
            actor,
            "update",
            item,
            trajectory=trajectory,
            category="care_plan",
            detail=", ".join(a for a, _d in changes),
        )
    return item


@transaction.atomic
def plan_item_acknowledge(*, actor, item: PlanItem, reason: str) -> PlanItem:
    """The team acknowledges, with a reason, an item missed long ago: it leaves the late lists for good."""
    trajectory = item.trajectory
    _require_change(actor, trajectory)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Zeg waarom dit item gemist is."), field="reason")
    if len(reason) > 300:
        raise InvalidInput(_("De reden is te lang (hoogstens 300 tekens)."), field="reason")
    today = timezone.localdate()
    if item.status != ItemStatus.PLANNED or item.window_end >= missed_before(today):
        raise Conflict(_("Enkel een item dat al lang te laat is, kan als gemist bevestigd worden."))
    item.status = ItemStatus.MISSED
    item.acknowledged_reason = reason
    item.acknowledged_at = timezone.now()
    item.acknowledged_by_id = actor.professional_id
    item.save(
        update_fields=["status", "acknowledged_reason", "acknowledged_at", "acknowledged_by", "updated_at"]
    )
    PlanEvent.objects.create(
        item=item, professional_id=actor.professional_id, action="acknowledged", detail=reason
    )
    # The reason is free text: it stays in the plan's history, not in the access log.
    audit.record(
        actor, "update", item, trajectory=trajectory, category="care_plan", detail="missed acknowledged"
    )
    return item


@transaction.atomic
def plan_items_fulfil(*, actor, trajectory: Trajectory, fulfilled: dict[str, dt.date], detail: str) -> list:
    """Close the open items that these events fulfil (keys as in the pathway files' `fulfilled_by`, with
    the day each happened). An item waits until every event it names has happened; it is done on the last.

    Called by the receivers of other apps' events: the actor is whoever caused the event, who need not
    see the care plan, so no permission is checked here; the access log records the change.
    """
    candidates = [
        item
        for item in PlanItem.objects.select_for_update()
        .filter(trajectory=trajectory, status__in=FULFILLABLE)
        .order_by("window_start", "pk")
        if item.fulfilled_by and all(key in fulfilled for key in item.fulfilled_by)
    ]
    if not candidates:
        return []
    now = timezone.now()
    for item in candidates:
        item.status = ItemStatus.DONE
        item.done_on = max(fulfilled[key] for key in item.fulfilled_by)
        item.updated_at = now
    PlanItem.objects.bulk_update(candidates, ["status", "done_on", "updated_at"])
    PlanEvent.objects.bulk_create(
        PlanEvent(item=item, professional_id=actor.professional_id, action="done", detail=detail[:300])
        for item in candidates
    )
    audit.record(
        actor,
        "update",
        trajectory,
        category="care_plan",
        break_glass=False,
        detail=f"care plan: {len(candidates)} done ({detail})"[:300],
    )
    return candidates
