import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.care.models import FamilyLanguage
from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.core.models import Municipality, PostalCode

from ..models import (
    Activity,
    ActivityKind,
    ActivityLanguage,
    ActivityStatus,
    Cost,
    FamilyCentre,
    Session,
    TargetGroup,
)
from .registrations import promote_waiting

EDITABLE = (
    "title",
    "title_fr",
    "title_en",
    "kind",
    "description",
    "description_fr",
    "description_en",
    "target_group",
    "life_domain",
    "cost",
    "price",
    "place_name",
    "address",
    "postal_code",
    "municipality",
    "capacity",
    "registration_required",
    "organiser",
    "status",
)
MAX_WEEKLY_REPEATS = 52


def can_manage_centre(actor, centre: FamilyCentre) -> bool:
    return bool(getattr(actor, "is_professional", False) and centre.organisation_id in actor.organisation_ids)


def _check_manage(actor, activity_or_centre) -> None:
    centre = activity_or_centre if isinstance(activity_or_centre, FamilyCentre) else activity_or_centre.centre
    if not can_manage_centre(actor, centre):
        raise Forbidden()


def _validate(data: dict) -> dict:
    errors: dict[str, list] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if not (data.get("title") or "").strip():
        err("title", _("Geef een titel."))
    if data.get("kind") not in ActivityKind.values:
        err("kind", _("Kies een soort activiteit."))
    if data.get("target_group") not in TargetGroup.values:
        err("target_group", _("Kies voor wie de activiteit is."))
    if data.get("cost") not in Cost.values:
        err("cost", _("Kies een kostprijs."))
    price = data.get("price")
    if data.get("cost") == Cost.FREE:
        data["price"] = None
    elif data.get("cost") == Cost.PAID and (price is None or Decimal(price) <= 0):
        err("price", _("Geef de prijs van een betalende activiteit."))
    elif price is not None and Decimal(price) < 0:
        err("price", _("Een prijs kan niet negatief zijn."))
    municipality = data.get("municipality")
    if (
        not isinstance(municipality, Municipality)
        or not Municipality.objects.in_scope().filter(pk=municipality.pk).exists()
    ):
        err("municipality", _("Kies een gemeente in Vlaanderen of Brussel."))
    else:
        code = (data.get("postal_code") or "").strip()
        data["postal_code"] = code
        if not PostalCode.objects.filter(code=code, municipality=municipality).exists():
            err("postal_code", _("Deze postcode hoort niet bij de gekozen gemeente."))
    if not (data.get("place_name") or "").strip():
        err("place_name", _("Geef de plaats."))
    if not (data.get("address") or "").strip():
        err("address", _("Geef het adres."))
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        err("capacity", _("Minstens één plaats, of laat leeg voor onbeperkt."))
    if data.get("status", ActivityStatus.PUBLISHED) not in ActivityStatus.values:
        err("status", _("Ongeldige status."))
    if data.get("life_domain") is None:
        err("life_domain", _("Kies een levensdomein."))
    if errors:
        raise InvalidInput(errors=errors)
    return data


def _set_languages(activity: Activity, languages) -> None:
    languages = list(dict.fromkeys(languages or []))
    unknown = [code for code in languages if code not in FamilyLanguage.values]
    if not languages or unknown:
        raise InvalidInput(_("Kies minstens één taal."), field="languages")
    activity.languages.exclude(language__in=languages).delete()
    existing = set(activity.languages.values_list("language", flat=True))
    ActivityLanguage.objects.bulk_create(
        [ActivityLanguage(activity=activity, language=code) for code in languages if code not in existing]
    )


@transaction.atomic
def activity_create(*, actor, centre: FamilyCentre, languages, **fields) -> Activity:
    _check_manage(actor, centre)
    data = _validate({k: v for k, v in fields.items() if k in EDITABLE})
    activity = Activity.objects.create(centre=centre, **data)
    _set_languages(activity, languages)
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, languages=None, **fields) -> Activity:
    _check_manage(actor, activity)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    current = {name: getattr(activity, name) for name in EDITABLE}
    current.update({k: v for k, v in fields.items() if k in EDITABLE})
    data = _validate(current)
    for name, value in data.items():
        setattr(activity, name, value)
    activity.save()
    if languages is not None:
        _set_languages(activity, languages)
    # More places (or unlimited) lets the waiting list move up; fewer places never removes anyone.
    promote_waiting(activity)
    return activity


@transaction.atomic
def activity_cancel(*, actor, activity: Activity) -> Activity:
    _check_manage(actor, activity)
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    return activity


@transaction.atomic
def sessions_add(
    *, actor, activity: Activity, day: dt.date, start: dt.time, end: dt.time, weekly_repeats: int = 0
) -> list[Session]:
    """One session, or a weekly series of `weekly_repeats` more on the same weekday and hours."""
    _check_manage(actor, activity)
    if end <= start:
        raise InvalidInput(_("Het einduur ligt na het beginuur."), field="end")
    if not 0 <= weekly_repeats <= MAX_WEEKLY_REPEATS:
        raise InvalidInput(
            _("Herhaal hoogstens %(n)s weken.") % {"n": MAX_WEEKLY_REPEATS}, field="weekly_repeats"
        )
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(dt.datetime.combine(day, start), tz)
    if first < timezone.now() - dt.timedelta(days=1):
        raise InvalidInput(_("Kies een datum in de toekomst."), field="day")
    series = None
    if weekly_repeats:
        last = Session.objects.order_by("-series").values_list("series", flat=True).first() or 0
        series = last + 1
    sessions = []
    for week in range(weekly_repeats + 1):
        date = day + dt.timedelta(weeks=week)
        sessions.append(
            Session(
                activity=activity,
                starts_at=timezone.make_aware(dt.datetime.combine(date, start), tz),
                ends_at=timezone.make_aware(dt.datetime.combine(date, end), tz),
                series=series,
            )
        )
    return Session.objects.bulk_create(sessions)


@transaction.atomic
def session_cancel(*, actor, session: Session) -> Session:
    _check_manage(actor, session.activity)
    if session.cancelled:
        raise Conflict(_("Deze sessie is al geannuleerd."))
    session.cancelled = True
    session.save(update_fields=["cancelled"])
    return session
