"""What monitoring reads from the apps around care, each behind one function, so that an app that has not
landed yet simply makes its indicators and splits "not yet available". Models are looked up by label,
never imported, so this module works whatever subset of the apps is installed.
"""

import json
from pathlib import Path

from django.apps import apps
from django.db.models import Q
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


def centre_of_municipality() -> dict[int, str]:
    """municipality id -> the family centre (its organisation id) whose area it lies in: the active centre
    that serves it (the oldest when several do); a family centre organisation that records no
    municipalities in the network app serves its own municipality, unless a centre already does."""
    from wieg.directory.models import Organisation, OrganisationKind

    centre = model("network.FamilyCentre")
    mapping: dict[int, str] = {}
    if centre is not None:
        through = centre.municipalities.through
        rows = through.objects.filter(familycentre__active=True).order_by("familycentre_id")
        for municipality_id, organisation_id in rows.values_list(
            "municipality_id", "familycentre__organisation_id"
        ):
            mapping.setdefault(municipality_id, str(organisation_id))
    covering = set(mapping.values())
    rest = (
        Organisation.objects.filter(
            kind=OrganisationKind.FAMILY_CENTRE, active=True, municipality__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "municipality_id")
    )
    for organisation_id, municipality_id in rest:
        if str(organisation_id) not in covering:
            mapping.setdefault(municipality_id, str(organisation_id))
    return mapping


def family_centre_names(keys) -> dict:
    """Organisation id -> name, for the family centres of a split."""
    from wieg.directory.models import Organisation

    ids = [int(k) for k in keys if str(k).isdigit()]
    if not ids:
        return {}
    return {str(pk): name for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")}


def family_centre_area(organisation) -> set[int]:
    """The municipality ids of a family centre's area: those it serves that lie in its area (ADR 0011:
    each municipality lies in one centre's area, so that the areas add up to the territory)."""
    key = str(organisation.pk)
    return {m for m, centre in centre_of_municipality().items() if centre == key}


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
