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

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.db.models.lookups import Exact

from wieg.monitoring.dimensions import NO_GROUP, Dimension, normalise_key
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
    extra_dimensions: tuple[str, ...] = ()  # optional splits only some indicators have (e.g. "service")
    only_dimensions: tuple[str, ...] = ()  # when set, the only splits that make sense
    # Figures about families are suppressed; figures about municipalities or centres are public.
    counts_families: bool = True

    @property
    def available(self) -> bool:
        return self.compute is not None and sources.has(*self.requires)

    def supports(self, dimension_key: str) -> bool:
        if self.only_dimensions:
            return dimension_key in self.only_dimensions
        if dimension_key in OPTIONAL_DIMENSIONS:
            return dimension_key in self.extra_dimensions
        return dimension_key not in self.excluded_dimensions


OPTIONAL_DIMENSIONS = {"service", "life_domain"}


@dataclass(frozen=True)
class Query:
    period: Period
    dimension: Dimension | None
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


def flag(condition) -> Max:
    """1 when any row of the family (in the group) meets the condition, else 0."""
    return Max(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


class Measure:
    """One indicator's aggregates over a cohort, counted in families.

    The database aggregates in two steps: first per (finest grain, family), which collapses the
    trajectories (or referrals, ...) of one family into flags, then per finest grain (month, leaf and
    splits, see `release_rows`). This counts each family once per grain with plain hash aggregates instead
    of COUNT(DISTINCT ...) sorts. Measures over the same cohort share one query: the dashboard's overview
    computes every tile in a single pass over the rows.
    """

    def __init__(self, model, *, date_field: str, prefix: str = "", base=None):
        # `model` may be a label ("referrals.Referral"): resolved when the app has landed.
        self._model, self.date_field, self.prefix, self.base = model, date_field, prefix, base

    @property
    def model(self):
        return sources.model(self._model) if isinstance(self._model, str) else self._model

    @property
    def cohort_key(self) -> tuple:
        """Measures with the same rows and date share one query, whatever their own condition (base)."""
        return (str(self._model), self.date_field, self.prefix)

    def per_family(self, tag: str, base: Q | None) -> dict:
        """Aggregates per (group, family), as ORM expressions; `base` is this measure's own condition on
        the rows when it shares the query with measures over other rows (None: every row counts)."""
        return {}

    def extract(self, row: dict, tag: str) -> dict:
        raise NotImplementedError

    def dims(self) -> tuple[str, ...]:
        """The splits of families this cohort has: every cohort has vulnerability and risk level;
        referrals also have their service."""
        fields = {f.name for f in self.model._meta.get_fields()}
        return ("vulnerability", "risk_level", *(["service"] if "service" in fields else []))

    def keys(self, geography) -> dict:
        """The finest grain, as ORM expressions: month, leaf (where) and the splits of families."""
        from wieg.monitoring.dimensions import _vulnerability_expr

        keys = {
            "g_month": TruncMonth(self.date_field),
            "g_leaf": geography.expression(self.prefix),
            "g_vulnerability": _vulnerability_expr(self.prefix, self.date_field),
            "g_risk_level": F(f"{self.prefix}risk_level"),
        }
        if "service" in self.dims():
            keys["g_service"] = F("service")
        return keys


def release_rows(measures: list, period: Period, geography) -> list[list[dict]]:
    """Rows per (month, leaf, combination of splits) for each measure: one two-step grouped query per
    cohort (rows and date). A family counts once per row of the finest grain, so that every figure
    is a plain sum of these rows and the sums between figures hold exactly (ADR 0011)."""
    results: list[list[dict] | None] = [None] * len(measures)
    by_cohort: dict[tuple, list[int]] = {}
    for i, measure in enumerate(measures):
        by_cohort.setdefault(measure.cohort_key, []).append(i)
    query = Query(period=period, dimension=None)
    for indexes in by_cohort.values():
        first = measures[indexes[0]]
        bases = {measures[i].base for i in indexes}
        shared = len(bases) == 1  # one condition for all: a WHERE clause; else each folds its own in
        qs = cohort(
            query,
            first.model,
            date_field=first.date_field,
            prefix=first.prefix,
            base=first.base if shared else None,
        )
        per_family = {"rows_": Count("pk")}  # an aggregate makes it GROUP BY (grain, family)
        for i in indexes:
            base = None if shared or measures[i].base is None else _resolve(measures[i].base)
            per_family.update(measures[i].per_family(f"m{i}_", base))
        keys = first.keys(geography)
        inner = qs.annotate(**keys).values(*keys, f"{first.prefix}family").annotate(**per_family).order_by()
        rows = _per_group(inner, list(keys), [alias for alias in per_family if alias != "rows_"])
        dims = first.dims()
        for i in indexes:
            results[i] = [
                {
                    "month": normalise_key(r["g_month"]),
                    "leaf": r["g_leaf"],
                    "combo": tuple(str(r[f"g_{d}"]) if r[f"g_{d}"] is not None else NO_GROUP for d in dims),
                    **measures[i].extract(r, f"m{i}_"),
                }
                for r in rows
            ]
    return results


def _per_group(inner: QuerySet, groups: list[str], sums: list[str]) -> list[dict]:
    connection = connections[inner.db]
    quote = connection.ops.quote_name
    sql, params = inner.query.sql_with_params()
    columns = ", ".join(f"SUM(t.{quote(alias)}) AS {quote(alias)}" for alias in sums)
    # Only quoted aliases are interpolated; every value stays a query parameter.
    keys = ", ".join(f"t.{quote(g)}" for g in groups)
    select = f"{', '.join(f't.{quote(g)} AS {quote(g)}' for g in groups)}, COUNT(*) AS {quote('families')}"
    select += f", {columns}" if columns else ""
    outer = f"SELECT {select} FROM ({sql}) t GROUP BY {keys} ORDER BY {keys}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        names = [c[0] for c in cursor.description]
        return [
            {
                name: (value if name in groups or value is None else _number(value))
                for name, value in zip(names, row, strict=True)
            }
            for row in cursor.fetchall()
        ]


def _number(value):
    """SUM over integers is numeric on PostgreSQL: back to int (or float for averages)."""
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _and(base: Q | None, condition: Q) -> Q:
    return condition if base is None else base & condition


def _families(row: dict, tag: str) -> int:
    """The families the measure counts: its own flag when its condition was folded in, else all."""
    return row.get(f"{tag}den", row["families"]) or 0


class share(Measure):  # noqa: N801 - reads as a builder in the indicator definitions
    def __init__(self, model, *, numerator, **kwargs):
        super().__init__(model, **kwargs)
        self.numerator = numerator

    def per_family(self, tag, base):
        aggregates = {f"{tag}num": flag(_and(base, _resolve(self.numerator)))}
        if base is not None:
            aggregates[f"{tag}den"] = flag(base)
        return aggregates

    def extract(self, row, tag):
        families = _families(row, tag)
        return {"with": row[f"{tag}num"] or 0, "without": families - (row[f"{tag}num"] or 0)}


class breakdown(Measure):  # noqa: N801
    """Families per part; a family that falls in two parts (two trajectories) counts in both."""

    def __init__(self, model, *, parts, **kwargs):
        super().__init__(model, **kwargs)
        self.parts = parts

    def per_family(self, tag, base):
        return {f"{tag}{key}": flag(_and(base, condition)) for key, condition in _resolve(self.parts).items()}

    def extract(self, row, tag):
        return {key: row[f"{tag}{key}"] or 0 for key in _resolve(self.parts)}


class count(Measure):  # noqa: N801
    def per_family(self, tag, base):
        return {} if base is None else {f"{tag}den": flag(base)}

    def extract(self, row, tag):
        return {"count": _families(row, tag)}


class average(Measure):  # noqa: N801
    """An average of `value` (a numeric expression, null when not applicable) over the rows where it
    applies, with n = the families behind those rows."""

    def __init__(self, model, *, value, **kwargs):
        super().__init__(model, **kwargs)
        self.value = value

    def per_family(self, tag, base):
        value = _resolve(self.value)
        if base is not None:
            value = Case(When(base, then=value), default=None, output_field=FloatField())
        return {
            f"{tag}sum": Sum(value, output_field=FloatField()),
            f"{tag}rows": Count(value),
            f"{tag}n": Max(
                Case(
                    When(Q(Exact(value, None)), then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            ),
        }

    def extract(self, row, tag):
        rows = row[f"{tag}rows"] or 0
        mean = row[f"{tag}sum"] / rows if rows else None
        return {"n": row[f"{tag}n"] or 0, "mean": mean, "rows": rows, "sum": row[f"{tag}sum"] or 0.0}


SHARE_PARTS = (Part("with", ""), Part("without", ""))


class DaysBetween(Func):
    """Days (with fractions) from `start` to `end`, two datetimes, on SQLite and PostgreSQL alike."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )
