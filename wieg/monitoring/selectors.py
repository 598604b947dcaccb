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
from .grid import geography
from .indicators import Indicator, Query
from .indicators.base import release_rows
from .periods import Period, parse_period, year_period
from .release import Release, build
from .routers import monitoring_reads
from .suppression import suppress, suppressed_label

DEFAULT_INDICATOR = "coordinator"
DEFAULT_GROUP_BY = "province"
LOCAL_GROUP_BY = "month"  # a family centre sees its own area: no split by area
AREA_DIMENSIONS = {"province", "zone", "family_centre"}


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


def dimensions_for(indicator: Indicator, audience: Audience | None = None) -> list[Dimension]:
    local = audience is not None and audience.restricted
    return [
        d
        for d in DIMENSIONS.values()
        if d.available() and indicator.supports(d.key) and not (local and d.key in AREA_DIMENSIONS)
    ]


def parse_params(data: Mapping, audience: Audience | None = None) -> Params:
    """Validate the URL/API parameters; unknown values are a 422 naming the field."""
    local = audience is not None and audience.restricted
    key = (data.get("indicator") or DEFAULT_INDICATOR).strip()
    indicator = catalogue.get(key)
    if indicator is None:
        raise InvalidInput(_("Onbekende indicator."), field="indicator")
    period = parse_period(data.get("period"))
    allowed = {d.key for d in dimensions_for(indicator, audience)}
    default = LOCAL_GROUP_BY if local else DEFAULT_GROUP_BY
    if default not in allowed:
        default = next(iter(d.key for d in dimensions_for(indicator, audience)), default)
    dimension = DIMENSIONS.get((data.get("group_by") or default).strip())
    if dimension is None or dimension.key not in allowed:
        raise InvalidInput(_("Onbekende of niet beschikbare opsplitsing."), field="group_by")
    province = (data.get("province") or "").strip() or None
    if province and local:
        raise InvalidInput(
            _("Een Huis van het Kind ziet de cijfers van zijn eigen werkgebied."), field="province"
        )
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


# Aggregates change slowly and cost a pass over every trajectory: each process keeps the releases (counts
# per cell, never rows about families) for a few minutes. WIEG_MONITORING_CACHE_SECONDS=0 turns this off.
CACHE_SECONDS = int(os.environ.get("WIEG_MONITORING_CACHE_SECONDS", "300"))


def _cache_key(*parts) -> str:
    return "wieg:monitoring:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def releases(indicators: list[Indicator], year: int) -> dict[str, Release]:
    """The release of each indicator (about families) for the year: those not kept yet are computed
    together, one grouped query per cohort."""
    found: dict[str, Release] = {}
    missing = []
    for indicator in indicators:
        kept = cache.get(_cache_key("release", indicator.key, year)) if CACHE_SECONDS > 0 else None
        if kept is None:
            missing.append(indicator)
        else:
            found[indicator.key] = kept
    if missing:
        with monitoring_reads():
            where = geography()
            rows = release_rows([i.compute for i in missing], year_period(year), where)
        for indicator, indicator_rows in zip(missing, rows, strict=True):
            release = build(indicator, year, indicator_rows, where, indicator.compute.dims())
            found[indicator.key] = release
            if CACHE_SECONDS > 0:
                cache.set(_cache_key("release", indicator.key, year), release, CACHE_SECONDS)
    return found


def compute(params: Params, audience: Audience, release: Release | None = None) -> Result:
    """The table of one indicator: read from its release (figures about families) or, for the public
    figures about municipalities and centres, computed directly."""
    indicator = params.indicator
    result = Result(params=params, columns=columns_for(indicator))
    if not indicator.available:
        result.available = False
        return result
    if not indicator.counts_families:
        return _public(params, audience, result)
    if release is None:
        release = releases([indicator], params.period.year)[indicator.key]
    from .layout import lay_out

    with monitoring_reads():
        lay_out(result, release, audience, _figures(indicator, release))
    return result


def _figures(indicator: Indicator, release: Release):
    """Figures of one cell of the release: (period, area, category) -> {column: Figure}."""

    def cell(time, area, category, part):
        return release.value(time, area, category, part), release.is_hidden(time, area, category, part)

    def figures(time, area, category) -> dict[str, Figure]:
        if indicator.kind == "share":
            (num, num_hidden), (den, den_hidden) = (
                cell(time, area, category, "with"),
                cell(time, area, category, "den"),
            )
            return {
                "numerator": _count(num, num_hidden),
                "denominator": _count(den, den_hidden),
                "value": _ratio(num, den, num_hidden or den_hidden),
            }
        if indicator.kind == "breakdown":
            out = {p.key: _count(*cell(time, area, category, p.key)) for p in indicator.parts}
            out["total"] = _count(*cell(time, area, category, "total"))
            return out
        if indicator.kind == "average":
            n, hidden = cell(time, area, category, "n")
            return {"n": _count(n, hidden), "value": _mean(release.mean(time, area, category), hidden)}
        return {"count": _count(*cell(time, area, category, "count"))}

    return figures


# Public figures (municipalities and centres, not families): computed per request, never suppressed. ----


def _aggregate_rows(params: Params, raw: list[dict]) -> dict[str, dict]:
    parts = _parts(params.indicator)
    merged: dict[str, dict] = {}
    for row in raw:
        key = normalise_key(row["group"])
        target = merged.setdefault(key, dict.fromkeys(parts, 0))
        for p in parts:
            target[p] += row.get(p) or 0
    if params.dimension.key == "total" and not merged:
        merged["all"] = dict.fromkeys(parts, 0)
    return merged


def _public(params: Params, audience: Audience, result: Result) -> Result:
    indicator = params.indicator
    query = Query(
        period=params.period,
        dimension=params.dimension,
        province=params.province,
        municipality_ids=audience.municipality_ids,
    )
    with monitoring_reads():
        merged = _aggregate_rows(params, indicator.compute(query))
        labels = params.dimension.labels(list(merged))
    keys = sorted(merged, key=lambda k: (k == NO_GROUP, str(labels.get(k, k)).lower()))
    parts = _parts(indicator)
    table = suppress([[merged[k][p] for p in parts] for k in keys], threshold=0, n_parts=len(parts))

    def figures(values: list[int], total: int) -> dict[str, Figure]:
        return {
            "numerator": _count(values[0], False),
            "denominator": _count(total, False),
            "value": _ratio(values[0], total, False),
        }

    for g, key in enumerate(keys):
        result.rows.append(
            Row(
                key=key, label=str(labels.get(key, key)), figures=figures(table.cells[g], table.row_totals[g])
            )
        )
    result.total = Row(
        key="total", label=str(_("Totaal")), is_total=True, figures=figures(table.col_totals, table.grand)
    )
    for row in [*result.rows, result.total]:
        row.ordered = [row.figures[key] for key, _label in result.columns]
    return result


def headlines(period: Period, province: str | None, audience: Audience) -> list[tuple[Indicator, Row]]:
    """The total of every available indicator for the overview tiles, read from the same releases as
    every other figure (one grouped query per cohort for those not kept yet)."""
    available = catalogue.available()
    if not available:
        return []
    total = DIMENSIONS["total"]
    kept = releases([i for i in available if i.counts_families], period.year)
    out = []
    for indicator in available:
        params = Params(indicator=indicator, period=period, dimension=total, province=province)
        out.append((indicator, compute(params, audience, release=kept.get(indicator.key)).total))
    return out


def vulnerability_source():
    from . import sources

    return sources.vulnerability_source()
