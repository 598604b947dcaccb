"""A release: every figure about families that monitoring can show for one indicator and one calendar
year, with one decision per figure on whether it is shown (ADR 0011).

Every page, tile, CSV export and API answer reads its figures from the release of its indicator and
year; none is computed or suppressed on its own. So the same figure is hidden whichever way it is asked
for (a month on its own, a month in the split of a year, a centre's own dashboard, a province's row),
and the suppression accounts for every sum between figures that any combination of requests could put
side by side.

A cell is (period, area, category, part); see grid.py for the coordinates. Values are sums of the rows of
the finest grain (month, leaf, combination of splits), so every line holds exactly.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from . import grid
from .grid import STAR, TIME_LINES, TIMES, Categories, Geography
from .suppression import protect


def parts_of(indicator) -> tuple[list[str], str | None, set[str]]:
    """(parts, the total they add up to, the parts and total that are shown)."""
    if indicator.kind == "share":
        return ["with", "without"], "den", {"with", "den"}  # "without" is implied, never shown
    if indicator.kind == "breakdown":
        keys = [p.key for p in indicator.parts]
        return keys, "total", {*keys, "total"}
    if indicator.kind == "average":
        return ["n"], None, {"n"}
    return ["count"], None, {"count"}


class _Published:
    """Which cells a page, the CSV or the API can show."""

    def __init__(self, geography: Geography, shown_parts: set[str]):
        self.areas = geography.published()
        self.areas_by_category = geography.published_with_categories()
        self.parts = shown_parts

    def __contains__(self, cell) -> bool:
        _time, area, category, part = cell
        if part not in self.parts:
            return False
        return area in (self.areas if category == STAR else self.areas_by_category)


@dataclass
class Release:
    indicator_key: str
    year: int
    geography: Geography
    categories: Categories
    values: dict = field(default_factory=dict)
    hidden: set = field(default_factory=set)
    sums: dict = field(default_factory=dict)  # averages: (period, area, category) -> (sum, rows)

    def value(self, time: str, area: str | None, category: str | None, part: str) -> int:
        if area is None or category is None:
            return 0
        return self.values.get((time, area, category, part), 0)

    def is_hidden(self, time: str, area: str | None, category: str | None, part: str) -> bool:
        return (time, area, category, part) in self.hidden

    def mean(self, time: str, area: str | None, category: str | None) -> float | None:
        total, rows = self.sums.get((time, area, category), (0.0, 0))
        return total / rows if rows else None


def build(indicator, year: int, rows: list[dict], geography: Geography, dims: tuple[str, ...]) -> Release:
    parts, total_part, shown = parts_of(indicator)
    categories = Categories(dims=dims, combos={row["combo"] for row in rows})
    categories.close()
    release = Release(indicator.key, year, geography, categories)
    with_categories = geography.with_categories()
    values: dict = defaultdict(int)
    sums: dict = defaultdict(lambda: [0.0, 0])
    for row in rows:
        month = row["month"][5:7]
        if row["month"][:4] != str(year):
            continue
        amounts = {part: int(row.get(part) or 0) for part in parts}
        if total_part:
            amounts[total_part] = sum(amounts.values())
        areas = geography.areas_of_leaf(row["leaf"])
        cells = [(area, STAR) for area in areas]
        cells += [
            (area, category)
            for area in areas
            if area in with_categories
            for category in categories.of_combo[row["combo"]]
            if category != STAR
        ]
        for time in grid.times_of_month(month):
            for area, category in cells:
                for part, amount in amounts.items():
                    if amount:
                        values[(time, area, category, part)] += amount
                if indicator.kind == "average" and row.get("rows"):
                    acc = sums[(time, area, category)]
                    acc[0] += float(row.get("sum") or 0.0)
                    acc[1] += int(row["rows"])
    release.values = dict(values)
    release.sums = {key: (acc[0], acc[1]) for key, acc in sums.items()}
    if indicator.counts_families:
        lines = _lines(release, parts, total_part)
        release.hidden = protect(release.values, _Published(geography, shown), lines)
    return release


def _lines(release: Release, parts: list[str], total_part: str | None):
    """Every sum between cells whose total counts at least one family (a zero total says every part is
    zero, which is shown anyway)."""
    geography, categories, values = release.geography, release.categories, release.values
    keys = [*parts, *([total_part] if total_part else [])]
    category_nodes = sorted(set(categories.canon.values()) - {STAR})
    areas = sorted(set(geography.canon.values()))
    areas_by_category = sorted(geography.with_categories())
    series = [(area, STAR) for area in areas]
    series += [(area, category) for area in areas_by_category for category in category_nodes]
    lines = []

    def add(cells, total):
        if values.get(total, 0):
            lines.append((tuple(cells), total))

    for area, category in series:
        for key in keys:
            for members, total in TIME_LINES:
                add([(t, area, category, key) for t in members], (total, area, category, key))
    area_lines = geography.lines(with_categories=False)
    area_lines_by_category = geography.lines(with_categories=True)
    category_lines = categories.lines()
    for time in TIMES:
        for key in keys:
            for members, total in area_lines:
                add([(time, a, STAR, key) for a in members], (time, total, STAR, key))
            for category in category_nodes:
                for members, total in area_lines_by_category:
                    add([(time, a, category, key) for a in members], (time, total, category, key))
            for area in areas_by_category:
                for members, total in category_lines:
                    add([(time, area, c, key) for c in members], (time, area, total, key))
        if total_part:
            for area, category in series:
                add([(time, area, category, p) for p in parts], (time, area, category, total_part))
    return lines
