"""The ways a figure can be split (group_by) and their labels.

The figures themselves come from a release (release.py): the areas and categories of a split are its
coordinates (grid.py). Python only maps the handful of group keys to labels.
"""

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wieg.care.models import RiskLevel
from wieg.core.models import Province

ZONES = Path(__file__).resolve().parent / "data" / "primary_care_zones.json"
NO_GROUP = "-"
MONTH_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}")


@cache
def zone_data() -> dict:
    return json.loads(ZONES.read_text(encoding="utf-8"))


def zone_of_nis() -> dict[str, str]:
    return {nis: zone["key"] for zone in zone_data()["zones"] for nis in zone["municipalities"]}


@dataclass(frozen=True)
class Dimension:
    key: str
    label: object
    labels: Callable  # (keys) -> {key: label}
    ordered_by_key: bool = False
    available: Callable[[], bool] = lambda: True


def _total_labels(keys):
    return {"all": _("Totaal")}


def _month_labels(keys):
    return {key: key for key in keys}


def _province_labels(keys):
    names = {p.nis_code: p.name for p in Province.objects.filter(nis_code__in=[k for k in keys if k])}
    return {key: names.get(key, _("onbekende provincie")) for key in keys}


def _zone_labels(keys):
    names = {zone["key"]: zone["name"] for zone in zone_data()["zones"]}
    return {key: names.get(key, _("zonder eerstelijnszone")) for key in keys}


def _risk_labels(keys):
    return {key: RiskLevel(key).label if key in RiskLevel.values else key for key in keys}


def _vulnerability_expr(prefix, date_field):
    from . import sources

    flagged = sources.vulnerability_condition(prefix)
    return Case(When(flagged, then=Value("flagged")), default=Value("not_flagged"), output_field=CharField())


def _vulnerability_labels(keys):
    labels = {"flagged": _("kwetsbaar (gesignaleerd)"), "not_flagged": _("niet gesignaleerd")}
    return {key: labels.get(key, key) for key in keys}


def _family_centre_labels(keys):
    from . import sources

    names = sources.family_centre_names([k for k in keys if k and k != NO_GROUP])
    return {key: names.get(key, _("geen Huis van het Kind")) for key in keys}


def _service_labels(keys):
    from . import sources

    return sources.service_labels(keys)


def _life_domain_labels(keys):
    from . import sources

    domain = sources.model("network.LifeDomain")
    if domain is None:
        return {}
    field = {"fr": "name_fr", "en": "name_en"}.get((get_language() or "nl")[:2], "name_nl")
    ids = [int(k) for k in keys if str(k).isdigit()]
    return {str(pk): name for pk, name in domain.objects.filter(pk__in=ids).values_list("pk", field)}


def _has(label):
    def available():
        from . import sources

        return sources.has(label)

    return available


DIMENSIONS = {
    d.key: d
    for d in [
        Dimension("total", _("geen opsplitsing"), _total_labels),
        Dimension("month", _("maand"), _month_labels, ordered_by_key=True),
        Dimension("province", _("provincie"), _province_labels),
        Dimension("zone", _("eerstelijnszone"), _zone_labels),
        Dimension(
            "family_centre",
            _("Huis van het Kind"),
            _family_centre_labels,
        ),
        Dimension("vulnerability", _("kwetsbaarheid"), _vulnerability_labels),
        Dimension("risk_level", _("risiconiveau"), _risk_labels),
        Dimension("service", _("dienst"), _service_labels, available=_has("referrals.Referral")),
        Dimension(
            "life_domain",
            _("levensdomein"),
            _life_domain_labels,
            available=_has("network.LifeDomain"),
        ),
    ]
}


def normalise_key(value) -> str:
    """Group keys from the database (dates, None, numbers) as strings for labels, URLs and CSV."""
    if value is None or value == "":
        return NO_GROUP
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m")
    if isinstance(value, str) and MONTH_TEXT.match(value):  # SQLite returns dates as text
        return value[:7]
    return str(value)
