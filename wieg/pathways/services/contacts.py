"""Recording a contact: it fulfils its plan item, and its notes are kept per category of information."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.care import audit
from wieg.care.models import CATEGORIES, Trajectory
from wieg.care.policies import can
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.directory.models import Professional

from ..models import Contact, ContactKind, ContactNote, ItemStatus, PlanEvent, PlanItem
from ..rules import missed_before
from .planning import screening_closes_message

# Plan item kinds a contact fulfils when no item is named: the appointments, not tests or vaccinations.
MATCHED_KINDS = ("contact", "home_visit")
MAX_NOTE_LENGTH = 20_000


def match_item(trajectory: Trajectory, day: dt.date, discipline: str | None) -> PlanItem | None:
    """The open appointment the contact was for, among those the professional's discipline may do: the
    one whose window holds the day, else the one that became late most recently (a late contact is still
    for it), but not one missed long before the day."""
    qs = PlanItem.objects.filter(trajectory=trajectory, kind__in=MATCHED_KINDS, window_start__lte=day)
    if discipline:
        qs = qs.filter(Q(disciplines="") | Q(disciplines__contains=f",{discipline},"))
    in_window = qs.filter(
        status__in=[ItemStatus.PLANNED, ItemStatus.BEFORE_ENROLMENT], window_end__gte=day
    ).order_by("window_end", "window_start", "pk")
    late = qs.filter(
        status=ItemStatus.PLANNED, window_end__lt=day, window_end__gte=missed_before(day)
    ).order_by("-window_end", "-window_start", "pk")
    return in_window.first() or late.first()


@transaction.atomic
def contact_record(
    *,
    actor,
    trajectory: Trajectory,
    date: dt.date | None,
    kind: str,
    plan_item: PlanItem | None = None,
    notes: dict | None = None,
    location: str = "",
    checklist: list[str] | None = None,
    match: bool = True,
) -> Contact:
    if not actor.is_professional or not can(actor, "care_plan.change", trajectory):
        raise Forbidden()
    errors = {}
    today = timezone.localdate()
    if date is None:
        errors["date"] = [_("Geef de datum van het contact.")]
    elif date > today:
        errors["date"] = [_("Een contact dat nog moet plaatsvinden, staat in het plan, niet hier.")]
    elif date < trajectory.due_date - dt.timedelta(days=280):
        errors["date"] = [_("Deze datum ligt voor het begin van de zwangerschap.")]
    if kind not in ContactKind.values:
        errors["kind"] = [_("Kies consultatie, huisbezoek, telefonisch, video of groep.")]
    if len(location or "") > 200:
        errors["location"] = [_("De plaats is te lang (hoogstens 200 tekens).")]
    clean_notes = {}
    for category, text in (notes or {}).items():
        text = (text or "").strip()
        if not text:
            continue
        if category not in CATEGORIES:
            errors[f"notes.{category}"] = [_("Onbekende categorie.")]
        elif len(text) > MAX_NOTE_LENGTH:
            errors[f"notes.{category}"] = [_("Deze nota is te lang.")]
        elif not can(actor, f"{category}.change", trajectory):
            errors[f"notes.{category}"] = [_("Het gezin gaf geen toestemming voor deze categorie.")]
        else:
            clean_notes[category] = text
    if plan_item is not None:
        if plan_item.trajectory_id != trajectory.pk:
            errors["plan_item_id"] = [_("Dit item hoort niet bij dit traject.")]
        elif plan_item.status == ItemStatus.DONE:
            raise Conflict(_("Dit item is al gedaan."), field="plan_item_id")
        elif plan_item.status == ItemStatus.CANCELLED:
            raise Conflict(_("Dit item is geannuleerd: heropen het eerst."), field="plan_item_id")
        elif plan_item.closed_by_screening:
            raise Conflict(screening_closes_message(), field="plan_item_id")
    allowed = {c["code"] for c in (plan_item.checklist if plan_item else [])}
    checklist = list(dict.fromkeys(checklist or []))
    if any(code not in allowed for code in checklist):
        errors["checklist"] = [_("Onbekend punt op de checklist.")]
    if errors:
        raise InvalidInput(errors=errors)

    professional = Professional.objects.get(pk=actor.professional_id)
    if plan_item is None and match:
        plan_item = match_item(trajectory, date, professional.discipline)
    contact = Contact.objects.create(
        trajectory=trajectory,
        plan_item=plan_item,
        date=date,
        kind=kind,
        professional=professional,
        organisation_id=actor.organisation_id,
        location=(location or "").strip(),
        checklist=checklist,
    )
    ContactNote.objects.bulk_create(
        [
            ContactNote(contact=contact, trajectory=trajectory, category=c, text=t)
            for c, t in clean_notes.items()
        ]
    )
    audit.record(actor, "create", contact, trajectory=trajectory, category="care_plan")
    for category in clean_notes:
        audit.record(actor, "create", contact, trajectory=trajectory, category=category, detail="note")
    if plan_item is not None:
        plan_item = PlanItem.objects.select_for_update().get(pk=plan_item.pk)
        plan_item.status = ItemStatus.DONE
        plan_item.done_on = date
        plan_item.save(update_fields=["status", "done_on", "updated_at"])
        PlanEvent.objects.create(
            item=plan_item, professional=professional, action="done", detail=f"contact {date:%d/%m/%Y}"
        )
    return contact
