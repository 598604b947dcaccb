"""GET /api/v1/monitoring/indicators: the same suppressed figures as the dashboard, as JSON.

Without `indicator` it lists the catalogue (definitions and availability); with it, the figures.
Unknown values of indicator, period, group_by or province are a 422 naming the field. Anyone who may
not see monitoring gets a 404, as for every other forbidden resource.
"""

from django.utils.translation import gettext as _
from ninja import Router

from wieg.core.errors import NotFound

from . import indicators as catalogue
from . import selectors
from .access import audience_for
from .dimensions import DIMENSIONS

router = Router(tags=["monitoring"])


def _definition(indicator) -> dict:
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "theme": indicator.theme,
        "kind": indicator.kind,
        "numerator": str(indicator.numerator),
        "denominator": str(indicator.denominator),
        "source": str(indicator.source),
        "cohort": str(indicator.cohort),
        "available": indicator.available,
        "group_by": [d.key for d in DIMENSIONS.values() if d.available() and indicator.supports(d.key)],
    }


def _figures(row) -> dict:
    return {
        key: {"value": f.value, "display": f.display, "suppressed": f.hidden}
        for key, f in row.figures.items()
    }


@router.get("/monitoring/indicators")
def indicators(request, indicator: str = "", period: str = "", group_by: str = "", province: str = ""):
    audience = audience_for(request.actor)
    if audience is None:
        raise NotFound()
    if not indicator:
        items = [_definition(i) for i in catalogue.INDICATORS.values()]
        return {"items": items, "count": len(items)}
    params = selectors.parse_params(
        {"indicator": indicator, "period": period, "group_by": group_by, "province": province}, audience
    )
    result = selectors.compute(params, audience)
    items = [{"group": r.key, "label": r.label, "figures": _figures(r)} for r in result.rows]
    return {
        "indicator": _definition(params.indicator),
        "period": {"key": params.period.key, "start": params.period.start, "end": params.period.end},
        "group_by": params.dimension.key,
        "province": params.province,
        "available": result.available,
        "columns": [{"key": key, "label": str(label)} for key, label in result.columns],
        "items": items,
        "count": len(items),
        "total": _figures(result.total) if result.total else None,
        "suppression": _(
            "Cijfers van minder dan 5 gezinnen, en cijfers waaruit die berekend kunnen worden, "
            "worden getoond als “< 5”."
        ),
    }
