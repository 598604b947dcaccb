"""The indicator framework: a definition people can read, and one SQL aggregation grouped in the database.

Kinds of indicator:
- "share":     families with something among the families of a cohort (numerator, denominator, %);
- "breakdown": the families of a cohort split over mutually exclusive parts (e.g. the phase);
- "count":     a number of families (or of events, counted per family for suppression);
- "average":   an average over the families of a cohort (e.g. days to answer a referral), with its n.

A compute function receives a `Query` and returns rows {"group": <key>, <part>: <count>, ...} from ONE
grouped query (values("group").annotate(...)): never a Python loop over trajectories.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DateTimeField, Q, QuerySet

from wieg.monitoring.dimensions import Dimension
from wieg.monitoring.periods import Period

from .. import sources


@dataclass(frozen=True)
class Part:
    key: str
    label: object


@dataclass(frozen=True)
class Indicator:
    key: str
    theme: str
    label: object
    kind: str
    numerator: object
    denominator: object
    source: object
    cohort: object
    app: str
    compute: Callable | None = None
    requires: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    unit: object = ""
    excluded_dimensions: tuple[str, ...] = ()
    notes: tuple = field(default_factory=tuple)

    @property
    def available(self) -> bool:
        return self.compute is not None and sources.has(*self.requires)

    def supports(self, dimension_key: str) -> bool:
        return dimension_key not in self.excluded_dimensions


@dataclass(frozen=True)
class Query:
    period: Period
    dimension: Dimension
    province: str | None = None
    municipality_ids: frozenset[int] | None = None


def _resolve(condition):
    """Conditions may be given as functions, so that "now" is the moment of the query, not of the import."""
    return condition() if callable(condition) else condition


def cohort(query: Query, model, *, date_field: str, prefix: str = "", base=None) -> QuerySet:
    """The rows of `model` whose `date_field` lies in the period, within the province and audience area."""
    qs = model._default_manager.all()
    if base is not None:
        qs = qs.filter(_resolve(base))
    field_name = date_field.split("__")[-1]
    target = model
    for step in date_field.split("__")[:-1]:
        target = target._meta.get_field(step).related_model
    if isinstance(target._meta.get_field(field_name), DateTimeField):
        qs = qs.filter(
            **{f"{date_field}__date__gte": query.period.start, f"{date_field}__date__lte": query.period.end}
        )
    else:
        qs = qs.filter(**{f"{date_field}__gte": query.period.start, f"{date_field}__lte": query.period.end})
    if query.province:
        qs = qs.filter(**{f"{prefix}family__municipality__province__nis_code": query.province})
    if query.municipality_ids is not None:
        qs = qs.filter(**{f"{prefix}family__municipality_id__in": sorted(query.municipality_ids)})
    return qs


def grouped(query: Query, qs: QuerySet, *, date_field: str, prefix: str = "", **aggregates) -> list[dict]:
    group = query.dimension.expression(prefix, date_field)
    return list(qs.annotate(group=group).values("group").annotate(**aggregates).order_by("group"))


def families(prefix: str = "", condition: Q | None = None) -> Count:
    """Distinct families: the unit of every figure, so that suppression counts families."""
    return Count(f"{prefix}family", distinct=True, filter=condition)


class Measure:
    """One indicator's aggregates over a cohort. Measures over the same cohort can share one query
    (`compute_many`): the dashboard's overview computes every tile in a single pass over the rows."""

    def __init__(self, model, *, date_field: str, prefix: str = "", base=None):
        self.model, self.date_field, self.prefix, self.base = model, date_field, prefix, base

    @property
    def cohort_key(self) -> tuple:
        return (self.model._meta.label, self.date_field, self.prefix, self.base)

    def aggregates(self, tag: str) -> dict:
        raise NotImplementedError

    def extract(self, row: dict, tag: str) -> dict:
        raise NotImplementedError

    def __call__(self, query: Query) -> list[dict]:
        return compute_many([self], query)[0]


def compute_many(measures: list[Measure], query: Query) -> list[list[dict]]:
    """Rows for each measure, with one grouped query per distinct cohort."""
    results: list[list[dict] | None] = [None] * len(measures)
    by_cohort: dict[tuple, list[int]] = {}
    for i, measure in enumerate(measures):
        by_cohort.setdefault(measure.cohort_key, []).append(i)
    for indexes in by_cohort.values():
        first = measures[indexes[0]]
        qs = cohort(query, first.model, date_field=first.date_field, prefix=first.prefix, base=first.base)
        aggregates = {}
        for i in indexes:
            aggregates.update(measures[i].aggregates(f"m{i}_"))
        rows = grouped(query, qs, date_field=first.date_field, prefix=first.prefix, **aggregates)
        for i in indexes:
            results[i] = [{"group": r["group"], **measures[i].extract(r, f"m{i}_")} for r in rows]
    return results


class share(Measure):  # noqa: N801 - reads as a builder in the indicator definitions
    def __init__(self, model, *, numerator, **kwargs):
        super().__init__(model, **kwargs)
        self.numerator = numerator

    def aggregates(self, tag):
        return {
            f"{tag}num": families(self.prefix, _resolve(self.numerator)),
            f"{tag}den": families(self.prefix),
        }

    def extract(self, row, tag):
        return {"with": row[f"{tag}num"], "without": row[f"{tag}den"] - row[f"{tag}num"]}


class breakdown(Measure):  # noqa: N801
    def __init__(self, model, *, parts, **kwargs):
        super().__init__(model, **kwargs)
        self.parts = parts

    def aggregates(self, tag):
        return {
            f"{tag}{key}": families(self.prefix, condition) for key, condition in _resolve(self.parts).items()
        }

    def extract(self, row, tag):
        return {key: row[f"{tag}{key}"] for key in _resolve(self.parts)}


class count(Measure):  # noqa: N801
    def aggregates(self, tag):
        return {f"{tag}count": families(self.prefix)}

    def extract(self, row, tag):
        return {"count": row[f"{tag}count"]}


class average(Measure):  # noqa: N801
    """An average of `value` (an expression) over the rows, with n = the families behind them."""

    def __init__(self, model, *, value, **kwargs):
        super().__init__(model, **kwargs)
        self.value = value

    def aggregates(self, tag):
        return {f"{tag}n": families(self.prefix), f"{tag}mean": Avg(self.value), f"{tag}rows": Count("pk")}

    def extract(self, row, tag):
        return {"n": row[f"{tag}n"], "mean": row[f"{tag}mean"], "rows": row[f"{tag}rows"]}


SHARE_PARTS = (Part("with", ""), Part("without", ""))
