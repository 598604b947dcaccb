"""Small-cell suppression over one aggregated table (groups x parts, with row, column and grand totals).

Primary: a figure counting 1 to `min_families - 1` families is hidden. Complementary: a hidden figure
must not be recoverable by subtraction, so every line of the table (the parts of a row with the row
total, the groups of a column with the column total, the row totals with the grand total, the column
totals with the grand total) holds either no hidden figure or at least two. When a line holds exactly
one, the smallest visible part of that line is hidden too (a total only when no part is left, or in a
plain list of counts when the only other part would go), and the check runs again until no line
changes. A part whose other line already holds a hidden cell is preferred, which avoids cascades. Parts
are preferred to totals, so that the hidden totals depend only on the totals themselves: the same cohort
hides the same denominators in every indicator.

This runs over the handful of cells of an aggregated table, never over families.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "suppression.json"


@cache
def rules() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def min_families() -> int:
    return int(rules()["min_families"])


def suppressed_label() -> str:
    return str(rules()["suppressed_label"])


# A cell is ("cell", g, k), ("row", g), ("col", k) or ("grand",).
Cell = tuple


@dataclass
class Table:
    """Counts of families: cells[g][k] for group g and part k; the parts of a group add up to its total."""

    cells: list[list[int]]
    row_totals: list[int]
    col_totals: list[int]
    grand: int
    hidden: set

    def is_hidden(self, cell: Cell) -> bool:
        return self._canonical(cell) in self.hidden

    def _canonical(self, cell: Cell) -> Cell:
        return _canonical(cell, len(self.row_totals), len(self.col_totals))


def _canonical(cell: Cell, n_groups: int, n_parts: int) -> Cell:
    """With one part, a row total is that part; with one group, a column total is that cell; etc."""
    kind = cell[0]
    if kind == "row" and n_parts == 1:
        return ("cell", cell[1], 0)
    if kind == "col" and n_groups == 1:
        return ("cell", 0, cell[1])
    if kind == "grand" and n_parts == 1:
        return ("col", 0) if n_groups > 1 else ("cell", 0, 0)
    if kind == "grand" and n_groups == 1:
        return ("row", 0)
    return cell


def _lines(n_groups: int, n_parts: int) -> list[tuple[list[Cell], Cell]]:
    """Each line: its parts and the total they add up to (only lines with more than one part)."""
    lines = []
    if n_parts > 1:
        lines += [([("cell", g, k) for k in range(n_parts)], ("row", g)) for g in range(n_groups)]
        if n_groups > 1:
            lines.append(([("col", k) for k in range(n_parts)], ("grand",)))
    if n_groups > 1:
        lines += [([("cell", g, k) for g in range(n_groups)], ("col", k)) for k in range(n_parts)]
        if n_parts > 1:
            lines.append(([("row", g) for g in range(n_groups)], ("grand",)))
    return lines


def suppress(cells: list[list[int]], threshold: int | None = None, n_parts: int | None = None) -> Table:
    """Decide which figures of the table to hide. `cells` is groups x parts of non-negative counts."""
    threshold = min_families() if threshold is None else threshold
    n_groups = len(cells)
    n_parts = len(cells[0]) if cells else (n_parts or 0)
    row_totals = [sum(row) for row in cells]
    col_totals = [sum(cells[g][k] for g in range(n_groups)) for k in range(n_parts)]
    grand = sum(row_totals)
    table = Table(cells, row_totals, col_totals, grand, set())
    if not n_groups or not n_parts:
        return table

    def value(cell: Cell) -> int:
        kind = cell[0]
        if kind == "cell":
            return cells[cell[1]][cell[2]]
        if kind == "row":
            return row_totals[cell[1]]
        if kind == "col":
            return col_totals[cell[1]]
        return grand

    canon = lambda c: _canonical(c, n_groups, n_parts)  # noqa: E731
    everything = [("cell", g, k) for g in range(n_groups) for k in range(n_parts)]
    everything += [("row", g) for g in range(n_groups)] + [("col", k) for k in range(n_parts)] + [("grand",)]
    hidden = {canon(c) for c in everything if 0 < value(c) < threshold}

    lines = [
        list(dict.fromkeys([canon(c) for c in [*parts, total]])) for parts, total in _lines(n_groups, n_parts)
    ]
    totals = [canon(total) for _parts, total in _lines(n_groups, n_parts)]
    lines_of: dict[Cell, list[int]] = {}
    for i, members in enumerate(lines):
        for c in members:
            lines_of.setdefault(c, []).append(i)

    def covered_elsewhere(cell: Cell, line: int) -> bool:
        """Hiding this cell also pairs up a hidden cell in one of its other lines (no new cascade)."""
        return any(sum(1 for c in lines[i] if c in hidden) for i in lines_of[cell] if i != line)

    changed = True
    while changed:
        changed = False
        for i, members in enumerate(lines):
            if sum(1 for c in members if c in hidden) != 1:
                continue
            candidates = [c for c in members if c not in hidden and c != totals[i]]
            # Prefer a part whose other line already holds a hidden cell, then a non-zero one (a hidden
            # zero protects too, but hides less information), then the smallest.
            candidates.sort(key=lambda c: (not covered_elsewhere(c, i), value(c) == 0, value(c)))
            if n_parts == 1 and len(candidates) == 1:
                # A list of counts with two groups: hide the total rather than the other group.
                candidates = []
            hidden.add(candidates[0] if candidates else totals[i])
            changed = True
    table.hidden = hidden
    return table
