"""The coordinates of a release (ADR 0011): when, where and which families, and the sums between them.

- When: a calendar year, its quarters and its months ("Y", "Q1".."Q4", "01".."12").
- Where: leaves, one per (province, primary care zone, family centre) that a municipality can fall in.
  Every area monitoring can show is a set of leaves: Flanders and Brussels, a province, a zone within
  its province, the area of a family centre (the municipalities it serves, each with one centre), a
  centre within a province, and a leaf itself. Two names for the same set of leaves are one area (a
  zone that is exactly one centre's area is one figure, whichever way it is asked for).
- Which families: the values of the splits (vulnerability, risk level, service), each a set of the
  combinations that occur; again two names for the same set are one category.

The lines are the sums that hold between areas, categories and periods: a reader who knows all but one
figure of a line knows the last one. Nothing here reads about a family.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Value, When

from wieg.core.models import Municipality

from . import sources
from .dimensions import NO_GROUP, zone_of_nis

MONTHS = [f"{m:02d}" for m in range(1, 13)]
QUARTERS = [f"Q{q}" for q in range(1, 5)]
TIMES = ["Y", *QUARTERS, *MONTHS]
TIME_LINES = [
    (tuple(QUARTERS), "Y"),
    *[(tuple(MONTHS[3 * q : 3 * q + 3]), QUARTERS[q]) for q in range(4)],
    (tuple(MONTHS), "Y"),
]
ALL = "all"
STAR = "*"
OUTSIDE = f"{NO_GROUP}|{NO_GROUP}|{NO_GROUP}"  # a family whose municipality lies outside the territory


def times_of_month(month: str) -> tuple[str, str, str]:
    return ("Y", QUARTERS[(int(month) - 1) // 3], month)


def _centre_area(name: str) -> bool:
    """The area of a real centre (a coordinator sees it), not the rest without a centre."""
    return name.startswith("C:") and name != f"C:{NO_GROUP}"


def _leaf(key: str) -> tuple[str, str, str]:
    province, zone, centre = key.split("|")
    return province, zone, centre


@dataclass
class Geography:
    """Municipalities grouped into leaves, and the areas (sets of leaves) with their lines."""

    leaf_of: dict[int, str]  # municipality id -> leaf key "province|zone|centre"
    canon: dict[str, str] = field(default_factory=dict)  # area name -> the first name of its set of leaves
    leaves_of: dict[str, frozenset] = field(default_factory=dict)  # canonical area -> its leaves

    def __post_init__(self):
        leaves = sorted({*self.leaf_of.values(), OUTSIDE})
        by_set: dict[frozenset, str] = {}
        groups: dict[str, set] = defaultdict(set)
        for leaf in leaves:
            province, zone, centre = _leaf(leaf)
            for name in self._names(province, zone, centre):
                groups[name].add(leaf)
        # The most public name of a set of leaves comes first and names it.
        order = ["a", "P", "Z", "C", "B", "L"]
        for name in sorted(groups, key=lambda n: (order.index(n[0]), n)):
            leafset = frozenset(groups[name])
            self.canon[name] = by_set.setdefault(leafset, name)
            self.leaves_of.setdefault(self.canon[name], leafset)
        self._areas_of_leaf = {
            leaf: sorted({self.canon[n] for n in self._names(*_leaf(leaf))}) for leaf in leaves
        }

    @staticmethod
    def _names(province, zone, centre) -> list[str]:
        return [
            ALL,
            f"P:{province}",
            f"Z:{province}:{zone}",
            f"C:{centre}",
            f"B:{province}:{centre}",
            f"L:{province}|{zone}|{centre}",
        ]

    def area(self, name: str) -> str | None:
        return self.canon.get(name)

    def areas_of_leaf(self, leaf: str) -> list[str]:
        return self._areas_of_leaf.get(leaf) or self._areas_of_leaf[OUTSIDE]

    def names(self, kind: str) -> list[str]:
        return sorted(n for n in self.canon if n.startswith(f"{kind}:") or (kind == "A" and n == ALL))

    # Which areas a page, the CSV or the API can show -------------------------------------------------

    def published(self) -> set[str]:
        """Areas shown without a split of families: Flanders and Brussels, provinces, zones, centres,
        centres within a province. Leaves (a zone's part without a centre, ...) are not shown."""
        return {self.canon[n] for n in self.canon if n[0] in "PZCB" or n == ALL}

    def with_categories(self) -> set[str]:
        """Areas split by category (vulnerability, ...): the territory, a province, a centre's area, and
        (not shown, but linked) a centre within a province."""
        return {self.canon[n] for n in self.canon if n[0] in "PCB" or n == ALL}

    def published_with_categories(self) -> set[str]:
        return {self.canon[n] for n in self.canon if n[0] == "P" or n == ALL or _centre_area(n)}

    def lines(self, with_categories: bool) -> list[tuple[tuple[str, ...], str]]:
        provinces = {_leaf(leaf)[0] for leaves in self.leaves_of.values() for leaf in leaves}
        centres = {_leaf(leaf)[2] for leaves in self.leaves_of.values() for leaf in leaves}
        c = self.canon
        out = []

        def add(parts, total):
            parts = tuple(sorted({c[p] for p in parts if p in c}))
            if total in c and parts:
                out.append((parts, c[total]))

        add([f"P:{p}" for p in provinces], ALL)
        add([f"C:{x}" for x in centres], ALL)
        for p in provinces:
            add([f"B:{p}:{x}" for x in centres], f"P:{p}")
        for x in centres:
            add([f"B:{p}:{x}" for p in provinces], f"C:{x}")
        if with_categories:
            return out
        zones = {_leaf(leaf)[:2] for leaves in self.leaves_of.values() for leaf in leaves}
        add([f"Z:{p}:{z}" for p, z in zones], ALL)
        for p in provinces:
            add([f"Z:{q}:{z}" for q, z in zones if q == p], f"P:{p}")
        for name in self.canon:
            if name[0] in "ZB":
                add([f"L:{leaf}" for leaf in self.leaves_of[c[name]]], name)
        return out

    def expression(self, prefix: str):
        """The leaf of the family's municipality, as a CASE over the (few hundred) municipalities."""
        by_leaf: dict[str, list[int]] = defaultdict(list)
        for municipality_id, leaf in self.leaf_of.items():
            by_leaf[leaf].append(municipality_id)
        whens = [
            When(**{f"{prefix}family__municipality_id__in": sorted(ids)}, then=Value(leaf))
            for leaf, ids in sorted(by_leaf.items())
        ]
        if not whens:
            return Value(OUTSIDE, output_field=CharField())
        return Case(*whens, default=Value(OUTSIDE), output_field=CharField())


def geography() -> Geography:
    """Three small queries: the municipalities, the centres serving them, the centres without coverage."""
    zone_of = zone_of_nis()
    centre_of = sources.centre_of_municipality()
    rows = Municipality.objects.in_scope().values_list("pk", "nis_code", "province__nis_code")
    leaf_of = {
        pk: f"{province or NO_GROUP}|{zone_of.get(nis, NO_GROUP)}|{centre_of.get(pk, NO_GROUP)}"
        for pk, nis, province in rows
    }
    return Geography(leaf_of=leaf_of)


@dataclass
class Categories:
    """The values of the splits of families, each the set of combinations (tuples) where it holds."""

    dims: tuple[str, ...]
    combos: set = field(default_factory=set)
    canon: dict[str, str] = field(default_factory=dict)
    of_combo: dict[tuple, list[str]] = field(default_factory=dict)

    def close(self) -> None:
        by_set: dict[frozenset, str] = {}
        names: dict[str, set] = defaultdict(set)
        for combo in self.combos:
            names[STAR].add(combo)
            for dim, value in zip(self.dims, combo, strict=True):
                names[f"{dim}={value}"].add(combo)
        for name in sorted(names, key=lambda n: (n != STAR, n)):
            self.canon[name] = by_set.setdefault(frozenset(names[name]), name)
        for combo in self.combos:
            names_of = [STAR, *(f"{d}={v}" for d, v in zip(self.dims, combo, strict=True))]
            self.of_combo[combo] = sorted({self.canon[n] for n in names_of})

    def values(self, dim: str) -> list[str]:
        return sorted({combo[self.dims.index(dim)] for combo in self.combos}) if dim in self.dims else []

    def node(self, dim: str, value: str) -> str | None:
        return self.canon.get(f"{dim}={value}")

    def lines(self) -> list[tuple[tuple[str, ...], str]]:
        if STAR not in self.canon:
            return []
        return [
            (tuple(sorted({self.canon[f"{dim}={v}"] for v in self.values(dim)})), self.canon[STAR])
            for dim in self.dims
        ]
