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


def share(model, *, numerator, date_field: str, prefix: str = "", base=None) -> Callable:
    def compute(query: Query) -> list[dict]:
        qs = cohort(query, model, date_field=date_field, prefix=prefix, base=base)
        rows = grouped(
            query,
            qs,
            date_field=date_field,
            prefix=prefix,
            numerator=families(prefix, _resolve(numerator)),
            denominator=families(prefix),
        )
        return [
            {"group": r["group"], "with": r["numerator"], "without": r["denominator"] - r["numerator"]}
            for r in rows
        ]

    return compute


def breakdown(model, *, parts, date_field: str, prefix: str = "", base=None) -> Callable:
    def compute(query: Query) -> list[dict]:
        qs = cohort(query, model, date_field=date_field, prefix=prefix, base=base)
        keys = list(_resolve(parts))
        aggregates = {
            f"part_{key}": families(prefix, condition) for key, condition in _resolve(parts).items()
        }
        rows = grouped(query, qs, date_field=date_field, prefix=prefix, **aggregates)
        return [{"group": r["group"], **{key: r[f"part_{key}"] for key in keys}} for r in rows]

    return compute


def count(model, *, date_field: str, prefix: str = "", base=None) -> Callable:
    def compute(query: Query) -> list[dict]:
        qs = cohort(query, model, date_field=date_field, prefix=prefix, base=base)
        rows = grouped(query, qs, date_field=date_field, prefix=prefix, count=families(prefix))
        return [{"group": r["group"], "count": r["count"]} for r in rows]

    return compute


def average(model, *, value, date_field: str, prefix: str = "", base=None) -> Callable:
    """An average of `value` (an expression) over the rows, with n = the families behind them."""

    def compute(query: Query) -> list[dict]:
        qs = cohort(query, model, date_field=date_field, prefix=prefix, base=base)
        rows = grouped(query, qs, date_field=date_field, prefix=prefix, n=families(prefix), mean=Avg(value))
        return [{"group": r["group"], "n": r["n"], "mean": r["mean"]} for r in rows]

    return compute


SHARE_PARTS = (Part("with", ""), Part("without", ""))
