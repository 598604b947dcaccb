"""Network API: family centres, coverage, the public activity finder and registrations."""

import datetime as dt
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from wieg.care.models import FamilyLanguage, Trajectory
from wieg.core.errors import InvalidInput, NotFound
from wieg.core.inputs import one_of
from wieg.core.pagination import Pagination, paginate

from . import selectors, services
from .models import Activity, TargetGroup

router = Router(tags=["network"])

_postal = RegexValidator(r"^\d{4}$")


class RegistrationIn(Schema):
    trajectory_id: UUID | None = None
    seats: int = Field(default=1, ge=1, le=10)


class RegistrationOut(Schema):
    id: str
    activity_id: str
    trajectory_id: str
    status: Literal["confirmed", "waiting", "cancelled"]
    seats: int
    waiting_position: int | None = None


def _centre(c, *, with_contact: bool) -> dict:
    return {
        "id": str(c.public_id),
        "name": c.name,
        "organisation_id": str(c.organisation.public_id),
        "email": c.email,
        "phone": c.phone,
        "website": c.website,
        "contact_person": c.contact_person.display_name if with_contact and c.contact_person else None,
        "municipalities": [{"nis_code": m.nis_code, "name": m.name} for m in c.municipalities.all()],
        "partners": [
            {"organisation": p.organisation.name, "kind": p.organisation.kind, "involvement": p.involvement}
            for p in c.partnerships.all()
        ],
    }


@router.get("/family-centres")
def family_centres(request, municipality: str | None = None):
    """Every active family centre with the municipalities it covers and its partners (logged-in users)."""
    qs = selectors.family_centre_list()
    if municipality:
        qs = qs.filter(municipalities__nis_code=municipality)
    items = [_centre(c, with_contact=request.actor.is_professional) for c in qs]
    return {"items": items, "count": len(items)}


@router.get("/coverage", auth=None)
def coverage(request):
    """Which Flemish and Brussels municipalities a family centre covers, per province (public, aggregates)."""
    return selectors.coverage_as_dict(selectors.coverage())


def _activity(a: Activity) -> dict:
    free = selectors.available_seats(a)
    return {
        "id": str(a.public_id),
        "title": a.display_title,
        "kind": a.kind,
        "description": a.display_description,
        "target_group": a.target_group,
        "life_domain": a.life_domain.key,
        "languages": [lang.language for lang in a.languages.all()],
        "cost": a.cost,
        "price": str(a.price) if a.price is not None else None,
        "place": {
            "name": a.place_name,
            "address": a.address,
            "postal_code": a.postal_code,
            "municipality_nis": a.municipality.nis_code,
            "municipality": a.municipality.name,
        },
        "family_centre": a.centre.name,
        "capacity": a.capacity,
        "available_seats": free,
        "registration_required": a.registration_required,
        "sessions": [{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in a.upcoming],
    }


def _date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(_("Geef een datum als JJJJ-MM-DD."), field=field) from exc


@router.get("/activities", auth=None)
def activities(
    request,
    page: Query[Pagination],
    municipality: str | None = None,
    postal_code: str | None = None,
    target_group: one_of(TargetGroup) | None = None,
    language: one_of(FamilyLanguage) | None = None,
    kind: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
):
    """Public: published activities with an upcoming session, filtered. `from` and `to` are dates."""
    errors = {}
    if municipality and not (municipality.isdigit() and len(municipality) == 5):
        errors["municipality"] = ["A NIS code has 5 digits."]
    if postal_code:
        try:
            _postal(postal_code)
        except ValidationError:
            errors["postal_code"] = ["A postal code has 4 digits."]
    if errors:
        raise InvalidInput(errors=errors)
    date_from = _date(date_from, "from")
    date_to = _date(date_to, "to")
    if date_from and date_to and date_to < date_from:
        raise InvalidInput(_("De einddatum ligt voor de begindatum."), field="to")
    filters = selectors.ActivityFilters(
        municipality=municipality or "",
        postal_code=postal_code or "",
        target_group=target_group or "",
        language=language or "",
        kind=kind or "",
        date_from=date_from,
        date_to=date_to,
    )
    count, rows = paginate(selectors.activity_search(filters), page)
    return {"items": [_activity(a) for a in rows], "count": count}


@router.post("/activities/{uuid:activity_id}/registrations", response={201: RegistrationOut})
def register(request, activity_id: UUID, payload: RegistrationIn):
    """A parent registers their family (trajectory optional), a professional a family of their team."""
    actor = request.actor
    activity = Activity.objects.published().filter(public_id=activity_id).first()
    if activity is None:
        raise NotFound()
    if payload.trajectory_id is None:
        trajectory = selectors.own_trajectories(actor).first()
        if trajectory is None:
            raise InvalidInput(_("Geef het traject (trajectory_id)."), field="trajectory_id")
    else:
        trajectory = Trajectory.objects.visible_to(actor).filter(public_id=payload.trajectory_id).first()
        if trajectory is None:
            raise NotFound()
    registration = services.registration_create(
        actor=actor,
        activity=activity,
        trajectory=trajectory,
        seats=payload.seats,
        via="parent_portal" if actor.is_parent else "api",
    )
    return Status(
        201,
        {
            "id": str(registration.public_id),
            "activity_id": str(activity.public_id),
            "trajectory_id": str(trajectory.public_id),
            "status": registration.status,
            "seats": registration.seats,
            "waiting_position": selectors.waiting_position(registration),
        },
    )
