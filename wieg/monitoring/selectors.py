"""Reads for the dashboard, the CSV export and the API: parameters in, suppressed tables out.

The database does the counting (one grouped query per indicator); Python only lays out the few dozen
aggregated cells, applies suppression and formats them. Nothing here ever holds a row about a family.
"""

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wieg.core.errors import InvalidInput
from wieg.core.models import Province, Region

from . import indicators as catalogue
from .access import Audience
from .dimensions import DIMENSIONS, NO_GROUP, Dimension, normalise_key
from .indicators import Indicator, Query
from .indicators.base import compute_many
from .periods import Period, parse_period
from .routers import monitoring_reads
from .suppression import suppress, suppressed_label

DEFAULT_INDICATOR = "coordinator"
DEFAULT_GROUP_BY = "province"


@dataclass(frozen=True)
class Params:
    indicator: Indicator
    period: Period
    dimension: Dimension
    province: str | None = None

    def query_string(self, **changes) -> str:
        from urllib.parse import urlencode

        values = {
            "indicator": self.indicator.key,
            "period": self.period.key,
            "group_by": self.dimension.key,
            "province": self.province or "",
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v})


def provinces() -> list[Province]:
    return list(Province.objects.filter(region__in=[Region.FLANDERS, Region.BRUSSELS]).order_by("nis_code"))


def dimensions_for(indicator: Indicator) -> list[Dimension]:
    return [d for d in DIMENSIONS.values() if d.available() and indicator.supports(d.key)]


def parse_params(data: Mapping) -> Params:
    """Validate the URL/API parameters; unknown values are a 422 naming the field."""
    key = (data.get("indicator") or DEFAULT_INDICATOR).strip()
    indicator = catalogue.get(key)
    if indicator is None:
        raise InvalidInput(_("Onbekende indicator."), field="indicator")
    period = parse_period(data.get("period"))
    dimension = DIMENSIONS.get((data.get("group_by") or DEFAULT_GROUP_BY).strip())
    if dimension is None or not dimension.available() or not indicator.supports(dimension.key):
        raise InvalidInput(_("Onbekende of niet beschikbare opsplitsing."), field="group_by")
    province = (data.get("province") or "").strip() or None
    if (
        province
        and not Province.objects.filter(
            nis_code=province, region__in=[Region.FLANDERS, Region.BRUSSELS]
        ).exists()
    ):
        raise InvalidInput(_("Onbekende provincie."), field="province")
    return Params(indicator=indicator, period=period, dimension=dimension, province=province)


@dataclass
class Figure:
    value: int | float | None
    hidden: bool
    display: str


@dataclass
class Row:
    key: str
    label: str
    figures: dict[str, Figure]
    is_total: bool = False
    ordered: list[Figure] = field(default_factory=list)  # in the order of the table's columns


@dataclass
class Result:
    params: Params
    columns: list[tuple[str, str]]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    available: bool = True

    @property
    def indicator(self) -> Indicator:
        return self.params.indicator


def columns_for(indicator: Indicator) -> list[tuple[str, str]]:
    if indicator.kind == "share":
        return [("numerator", _("teller")), ("denominator", _("noemer")), ("value", _("aandeel"))]
    if indicator.kind == "breakdown":
        return [*[(p.key, p.label) for p in indicator.parts], ("total", _("totaal"))]
    if indicator.kind == "average":
        return [("n", _("gezinnen")), ("value", indicator.unit or _("gemiddelde"))]
    return [("count", _("gezinnen"))]


def _parts(indicator: Indicator) -> list[str]:
    return {
        "share": ["with", "without"],
        "breakdown": [p.key for p in indicator.parts],
        "average": ["n"],
    }.get(indicator.kind, ["count"])


def _count(value: int, hidden: bool) -> Figure:
    return Figure(None, True, suppressed_label()) if hidden else Figure(value, False, str(value))


def _ratio(part: int, whole: int, hidden: bool) -> Figure:
    if hidden:
        return Figure(None, True, suppressed_label())
    if not whole:
        return Figure(None, False, "–")
    share = round(100 * part / whole, 1)
    return Figure(share, False, f"{number_format(share, 1)} %")


def _mean(mean, hidden: bool) -> Figure:
    if hidden:
        return Figure(None, True, suppressed_label())
    if mean is None:
        return Figure(None, False, "–")
    mean = round(float(mean), 1)
    return Figure(mean, False, number_format(mean, 1))


def _aggregate_rows(params: Params, raw: list[dict]) -> dict[str, dict]:
    """Keys as strings; months without any family still get a row so that a chart over time has no gaps."""
    parts = _parts(params.indicator)
    merged: dict[str, dict] = {}
    for row in raw:
        key = normalise_key(row["group"])
        target = merged.setdefault(key, dict.fromkeys(parts, 0) | {"weight": 0, "weighted": 0.0})
        for p in parts:
            target[p] += row.get(p) or 0
        if "mean" in row and row["mean"] is not None:
            rows = row.get("rows") or row.get("n") or 0
            target["weight"] += rows
            target["weighted"] += float(row["mean"]) * rows
    if params.dimension.key == "month":
        for month in params.period.months():
            merged.setdefault(month, dict.fromkeys(parts, 0) | {"weight": 0, "weighted": 0.0})
    if params.dimension.key == "total" and not merged:
        merged["all"] = dict.fromkeys(parts, 0) | {"weight": 0, "weighted": 0.0}
    return merged


# Aggregates change slowly and cost a pass over every trajectory: each process keeps the raw counts (never
# rows about families) for a few minutes. WIEG_MONITORING_CACHE_SECONDS=0 turns this off.
CACHE_SECONDS = int(os.environ.get("WIEG_MONITORING_CACHE_SECONDS", "300"))


def _key(query: Query) -> tuple:
    area = tuple(sorted(query.municipality_ids)) if query.municipality_ids is not None else None
    return (query.period.start, query.period.end, query.dimension.key, query.province, area)


def _cached(key: tuple, compute_rows):
    if CACHE_SECONDS <= 0:
        return compute_rows()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return cache.get_or_set(f"wieg:monitoring:{digest}", compute_rows, CACHE_SECONDS)


def _query(params: Params, audience: Audience) -> Query:
    return Query(
        period=params.period,
        dimension=params.dimension,
        province=params.province,
        municipality_ids=audience.municipality_ids,
    )


def compute(params: Params, audience: Audience, raw: list[dict] | None = None) -> Result:
    """The suppressed table of one indicator. `raw` rows may come from a batch (see `headlines`)."""
    indicator = params.indicator
    result = Result(params=params, columns=columns_for(indicator))
    if not indicator.available:
        result.available = False
        return result
    with monitoring_reads():
        if raw is None:
            query = _query(params, audience)
            raw = _cached(("one", indicator.key, *_key(query)), lambda: indicator.compute(query))
        merged = _aggregate_rows(params, raw)
        labels = params.dimension.labels(list(merged))
    keys = list(merged)
    if params.dimension.ordered_by_key:
        keys.sort()
    else:
        keys.sort(key=lambda k: (k == NO_GROUP, str(labels.get(k, k)).lower()))
    parts = _parts(indicator)
    matrix = [[merged[k][p] for p in parts] for k in keys]
    # Municipalities and centres are public; only figures about families are suppressed.
    table = suppress(matrix, threshold=None if indicator.counts_families else 0, n_parts=len(parts))

    def figures(values: list[int], is_hidden, total: int, total_hidden: bool, weight: int, weighted: float):
        if indicator.kind == "share":
            hidden_num, hidden_rest = is_hidden(0), is_hidden(1)
            return {
                "numerator": _count(values[0], hidden_num),
                "denominator": _count(total, total_hidden),
                "value": _ratio(values[0], total, hidden_num or hidden_rest or total_hidden),
            }
        if indicator.kind == "breakdown":
            out = {p: _count(values[i], is_hidden(i)) for i, p in enumerate(parts)}
            out["total"] = _count(total, total_hidden)
            return out
        if indicator.kind == "average":
            return {
                "n": _count(values[0], is_hidden(0)),
                "value": _mean(weighted / weight if weight else None, is_hidden(0)),
            }
        return {"count": _count(values[0], is_hidden(0))}

    for g, key in enumerate(keys):
        row = merged[key]
        result.rows.append(
            Row(
                key=key,
                label=str(labels.get(key, key)),
                figures=figures(
                    matrix[g],
                    lambda k, g=g: table.is_hidden(("cell", g, k)),
                    table.row_totals[g],
                    table.is_hidden(("row", g)),
                    row["weight"],
                    row["weighted"],
                ),
            )
        )
    weight = sum(merged[k]["weight"] for k in keys)
    weighted = sum(merged[k]["weighted"] for k in keys)
    result.total = Row(
        key="total",
        label=str(_("Totaal")),
        is_total=True,
        figures=figures(
            table.col_totals,
            lambda k: table.is_hidden(("col", k)),
            table.grand,
            table.is_hidden(("grand",)),
            weight,
            weighted,
        ),
    )
    for row in [*result.rows, result.total]:
        row.ordered = [row.figures[key] for key, _label in result.columns]
    return result


def headlines(period: Period, province: str | None, audience: Audience) -> list[tuple[Indicator, Row]]:
    """The total of every available indicator for the overview tiles: indicators over the same cohort
    share one aggregate query. Each total is suppressed like any other figure."""
    available = catalogue.available()
    if not available:
        return []
    total = DIMENSIONS["total"]
    query = Query(
        period=period, dimension=total, province=province, municipality_ids=audience.municipality_ids
    )
    with monitoring_reads():
        keys = tuple(i.key for i in available)
        batches = _cached(
            ("tiles", keys, *_key(query)), lambda: compute_many([i.compute for i in available], query)
        )
    out = []
    for indicator, raw in zip(available, batches, strict=True):
        params = Params(indicator=indicator, period=period, dimension=total, province=province)
        out.append((indicator, compute(params, audience, raw=raw).total))
    return out


def vulnerability_source():
    from . import sources

    return sources.vulnerability_source()
