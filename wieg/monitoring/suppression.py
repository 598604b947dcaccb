"""Small-cell suppression over a set of linked figures (ADR 0011).

The figures are cells; a line is a sum that holds between them (parts that add up to a total: the
months of a quarter, the provinces of Flanders and Brussels, the families with and without something).
Some cells are published (a page, the CSV or the API can show them), others are not (the families
*without* something, the municipalities of a zone that has no centre): an unpublished cell is unknown
to a reader until some line gives it away, except a zero, which the engine counts as known (a reader
can often tell, and counting too much as known only hides more).

Primary: a cell counting 1 to `min_families - 1` families is sensitive, published or not; a published
one is hidden. Complementary: a reader who knows every other cell of a line knows the last one. So the
engine follows what a reader can derive, line after line, as often as it takes: an unpublished cell
that is the only unknown of a line becomes known (it may help to derive the next), and a sensitive cell
that is the only unknown of a line makes the engine hide one more published cell of that line: the one
that leaves the fewest other lines with a single unknown (so the fewest further cells to hide), then a
part rather than the line's total, then the smallest. A zero is never hidden: it exposes no family.
When no line has exactly one unknown, nothing more can be derived one line at a time. (A combination of
several lines at once is checked by the tests' exact audit, see ADR 0011.)

This runs over aggregated cells (a few thousand), never over families.
"""

import json
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
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


Cell = Hashable
Line = tuple[tuple[Cell, ...], Cell]  # (parts, total)


def protect(
    values: Mapping[Cell, int],
    published,
    lines: Iterable[Line],
    threshold: int | None = None,
) -> set:
    """The published cells to hide so that no sensitive cell can be derived one line at a time.

    `published` answers `cell in published`. Zeros are known to a reader (a zero total says all its
    parts are zero) and never hidden. Two cells that are the only non-zero figures of a line hold the same
    families (a year with one month of data and that month): they are one figure, shown or hidden
    together, which keeps the choices the same at every level of a hierarchy."""
    threshold = min_families() if threshold is None else threshold

    def value(cell) -> int:
        return values.get(cell, 0)

    parent: dict[Cell, Cell] = {}

    def find(cell):
        parent.setdefault(cell, cell)
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    raw = [(tuple(parts), total) for parts, total in lines]
    for parts, total in raw:
        nonzero = [c for c in {*parts, total} if value(c)]
        if len(nonzero) == 2:
            a, b = find(nonzero[0]), find(nonzero[1])
            if a != b:
                parent[max(a, b, key=repr)] = min(a, b, key=repr)
    cells_of: dict[Cell, list] = defaultdict(list)
    for cell in {c for c, v in values.items() if v} | {
        c for parts, t in raw for c in (*parts, t) if value(c)
    }:
        cells_of[find(cell)].append(cell)
    shown = {k for k, cells in cells_of.items() if any(c in published for c in cells)}
    figures = _Figures(
        lines=[
            (frozenset(find(c) for c in (*parts, total) if value(c)), find(total))
            for parts, total in raw
            if value(total)
        ],
        value={k: value(cells[0]) for k, cells in cells_of.items()},
        published=shown,
        threshold=threshold,
    )
    hidden = figures.run()
    return {c for k in hidden for c in cells_of[k] if c in published}


class _Figures:
    """The engine over figures (classes of equal cells) and the lines between them."""

    def __init__(self, lines, value, published, threshold):
        self.members = [m for m, _total in lines if len(m) > 1]
        self.totals = [t for m, t in lines if len(m) > 1]
        self.value = value
        self.published = published
        self.index: dict[Cell, list[int]] = defaultdict(list)
        for i, cells in enumerate(self.members):
            for cell in cells:
                self.index[cell].append(i)
        self.sensitive = {k for k, v in value.items() if 0 < v < threshold}
        self.hidden = {k for k in self.sensitive if k in published}
        self.unknown = {k for k in value if k not in published} | self.hidden
        self.derived_by: dict[Cell, int] = {}
        self.queue: list[int] = []

    def unknowns(self, i):
        return [cell for cell in self.members[i] if cell in self.unknown]

    def candidates(self, i):
        """Shown figures of line i that could be hidden, best first."""
        found = [c for c in self.members[i] if c in self.published and c not in self.hidden]

        def cascade(c) -> int:
            """Lines that hiding c would leave with one unknown, less the lines it would pair up."""
            score = 0
            for j in self.index[c]:
                if j != i:
                    n = len(self.unknowns(j))
                    score += 1 if n == 0 else -1 if n == 1 else 0
            return score

        found.sort(key=lambda c: (cascade(c), c == self.totals[i], self.value[c], repr(c)))
        return found

    def hide(self, cell) -> None:
        self.hidden.add(cell)
        self.unknown.add(cell)
        self.queue.extend(self.index[cell])
        self.forget(cell)

    def forget(self, cell) -> None:
        """`cell` became unknown: what was derived through a line holding it may no longer be."""
        stack = [cell]
        while stack:
            changed = stack.pop()
            for j in self.index[changed]:
                for other in self.members[j]:
                    if other != changed and self.derived_by.get(other) == j:
                        del self.derived_by[other]
                        self.unknown.add(other)
                        self.queue.extend(self.index[other])
                        stack.append(other)

    def escalate(self, i, seen=()) -> Cell | None:
        """No figure of line i can be hidden: hide one in the line that gave away a derived member."""
        for cell in sorted((c for c in self.members[i] if c in self.derived_by), key=repr):
            j = self.derived_by[cell]
            if j in seen:
                continue
            found = self.candidates(j)
            if found:
                del self.derived_by[cell]
                self.unknown.add(cell)
                self.queue.extend(self.index[cell])
                self.forget(cell)
                return found[0]
            deeper = self.escalate(j, (*seen, i))
            if deeper is not None:
                return deeper
        return None

    def run(self) -> set:
        # Hiding comes before deriving: a line whose last unknown is sensitive is settled first, so that
        # the complement is chosen among the figures of its own lines while they are still unknown.
        self.queue = list(range(len(self.members)))
        later: list[int] = []
        while self.queue or later:
            deferred = not self.queue
            i = later.pop() if deferred else self.queue.pop()
            left = self.unknowns(i)
            if len(left) != 1:
                continue
            cell = left[0]
            if cell in self.sensitive or cell in self.hidden:
                found = self.candidates(i)
                chosen = found[0] if found else self.escalate(i)
                if chosen is not None:
                    self.hide(chosen)
                    self.queue.append(i)
                    continue
                # Nothing left to hide in this neighbourhood: hide every shown figure around it.
                around = [other for j in self.index[cell] for other in self.candidates(j)]
                for other in around:
                    self.hide(other)
                if around:
                    self.queue.append(i)
            elif not deferred:
                later.append(i)
            else:
                self.unknown.discard(cell)
                self.derived_by[cell] = i
                self.queue.extend(self.index[cell])
        return self.hidden


# One table: groups x parts, with row, column and grand totals. ------------------------------------------


@dataclass
class Table:
    """Counts of families: cells[g][k] for group g and part k; the parts of a group add up to its total."""

    cells: list[list[int]]
    row_totals: list[int]
    col_totals: list[int]
    grand: int
    hidden: set

    def is_hidden(self, cell: Cell) -> bool:
        return _canonical(cell, len(self.row_totals), len(self.col_totals)) in self.hidden


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


def suppress(cells: list[list[int]], threshold: int | None = None, n_parts: int | None = None) -> Table:
    """One table on its own (its rows, columns and totals are its only lines)."""
    n_groups = len(cells)
    n_parts = len(cells[0]) if cells else (n_parts or 0)
    row_totals = [sum(row) for row in cells]
    col_totals = [sum(cells[g][k] for g in range(n_groups)) for k in range(n_parts)]
    grand = sum(row_totals)
    table = Table(cells, row_totals, col_totals, grand, set())
    if not n_groups or not n_parts:
        return table
    canon = lambda c: _canonical(c, n_groups, n_parts)  # noqa: E731
    values = {canon(("cell", g, k)): cells[g][k] for g in range(n_groups) for k in range(n_parts)}
    values |= {canon(("row", g)): row_totals[g] for g in range(n_groups)}
    values |= {canon(("col", k)): col_totals[k] for k in range(n_parts)}
    values[canon(("grand",))] = grand
    lines = [([canon(("cell", g, k)) for k in range(n_parts)], canon(("row", g))) for g in range(n_groups)]
    lines += [([canon(("cell", g, k)) for g in range(n_groups)], canon(("col", k))) for k in range(n_parts)]
    lines.append(([canon(("row", g)) for g in range(n_groups)], canon(("grand",))))
    lines.append(([canon(("col", k)) for k in range(n_parts)], canon(("grand",))))
    table.hidden = protect(values, set(values), lines, threshold)
    return table
