"""What monitoring reads from the apps around care, each behind one function, so that an app that has not
landed yet simply makes its indicators and splits "not yet available". Models are looked up by label,
never imported, so this module works whatever subset of the apps is installed.
"""

import json
from pathlib import Path

from django.apps import apps
from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import RiskLevel

WIEG = Path(__file__).resolve().parent.parent


def model(label: str):
    """The model `app_label.ModelName`, or None while that app has not shipped it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def has(*labels: str) -> bool:
    return all(model(label) is not None for label in labels)


# Vulnerability ------------------------------------------------------------------------------------------

PSYCHOSOCIAL_INSTRUMENT = "psychosocial"


def vulnerability_condition(prefix: str = "") -> Q:
    """A flagged family: a flag from the psychosocial screening once screening records them; until then,
    a raised or high risk level."""
    flag = model("screening.Flag")
    if flag is not None:
        flagged = flag.objects.filter(screening__instrument__code=PSYCHOSOCIAL_INSTRUMENT).values(
            "trajectory_id"
        )
        return Q(**{f"{prefix}pk__in": flagged})
    return Q(**{f"{prefix}risk_level__in": [RiskLevel.RAISED, RiskLevel.HIGH]})


def vulnerability_source():
    if has("screening.Flag"):
        return _("een signaal uit de psychosociale screening (Born in Belgium-instrument)")
    return _("risiconiveau verhoogd of hoog (tot de psychosociale screening signalen vastlegt)")


# Family centres -----------------------------------------------------------------------------------------


def has_family_centres() -> bool:
    return has("network.FamilyCentre")


def centre_of_municipality() -> dict[int, int]:
    """municipality id -> the active centre that serves it (the oldest when several share it)."""
    centre = model("network.FamilyCentre")
    if centre is None:
        return {}
    through = centre.municipalities.through
    mapping: dict[int, int] = {}
    rows = through.objects.filter(familycentre__active=True).order_by("familycentre_id")
    for municipality_id, centre_id in rows.values_list("municipality_id", "familycentre_id"):
        mapping.setdefault(municipality_id, centre_id)
    return mapping


def family_centre_of(prefix: str = ""):
    """The centre serving the family's municipality, as a CASE over the (few hundred) municipalities."""
    by_centre: dict[int, list[int]] = {}
    for municipality_id, centre_id in centre_of_municipality().items():
        by_centre.setdefault(centre_id, []).append(municipality_id)
    whens = [
        When(**{f"{prefix}family__municipality_id__in": ids}, then=Value(str(centre_id)))
        for centre_id, ids in sorted(by_centre.items())
    ]
    if not whens:
        return Value(None, output_field=CharField())
    return Case(*whens, default=Value(None), output_field=CharField())


def family_centre_names(keys) -> dict:
    centre = model("network.FamilyCentre")
    if centre is None or not keys:
        return {}
    ids = [int(k) for k in keys if str(k).isdigit()]
    return {
        str(pk): name
        for pk, name in centre.objects.filter(pk__in=ids).values_list("pk", "organisation__name")
    }


def family_centre_area(organisation) -> set[int]:
    """The municipality ids a family centre works for: those it serves in the network app, else its own."""
    centre = model("network.FamilyCentre")
    if centre is not None:
        area = set(
            centre.municipalities.through.objects.filter(familycentre__organisation=organisation).values_list(
                "municipality_id", flat=True
            )
        )
        if area:
            return area
    return {organisation.municipality_id} if organisation.municipality_id else set()


# Referral services --------------------------------------------------------------------------------------


def referral_services() -> dict:
    """The services of the newest referral catalogue data file: code -> labels per language."""
    files = sorted((WIEG / "referrals" / "data").glob("services-v*.json"))
    if not files:
        return {}
    data = json.loads(files[-1].read_text(encoding="utf-8"))
    return {service["code"]: service.get("label", {}) for service in data.get("services", [])}


def service_labels(keys) -> dict:
    language = (get_language() or "nl")[:2]
    services = referral_services()
    return {
        key: services.get(key, {}).get(language) or services.get(key, {}).get("nl") or key for key in keys
    }


# Screening schedule -------------------------------------------------------------------------------------


def screening_moments(instruments: set[str]) -> list[dict]:
    """The screening moments of the newest schedule data file for the given instruments."""
    files = sorted((WIEG / "screening" / "data").glob("schedule-v*.json"))
    if not files:
        return []
    data = json.loads(files[-1].read_text(encoding="utf-8"))
    return [m for m in data.get("moments", []) if m.get("instrument") in instruments]
