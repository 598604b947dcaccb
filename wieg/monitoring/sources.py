"""What monitoring reads from the apps around care, each behind one function so that an app that has not
landed yet simply makes its indicators and splits "not yet available".
"""

from django.apps import apps
from django.db.models import CharField, Q, Value
from django.utils.translation import gettext_lazy as _

from wieg.care.models import RiskLevel


def model(label: str):
    """The model `app_label.ModelName`, or None while that app has not shipped it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def has(*labels: str) -> bool:
    return all(model(label) is not None for label in labels)


def family_centre_area(organisation) -> set[int]:
    """The municipality ids a family centre works for: its own municipality (network adds its coverage)."""
    return {organisation.municipality_id} if organisation.municipality_id else set()


def vulnerability_condition(prefix: str = ""):
    """A flagged family. Until the psychosocial screening records flags: a raised or high risk level."""
    return Q(**{f"{prefix}risk_level__in": [RiskLevel.RAISED, RiskLevel.HIGH]})


def vulnerability_source():
    return _("risiconiveau verhoogd of hoog (tot de psychosociale screening signalen vastlegt)")


def has_family_centres() -> bool:
    return False


def family_centre_of(prefix: str = ""):
    return Value(None, output_field=CharField())


def family_centre_names(keys) -> dict:
    return {}
