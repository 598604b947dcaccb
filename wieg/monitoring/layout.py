"""Which cells of a release one request shows: the rows of its split within its area, and the total.

The request chooses a period (a year, quarter or month), an area (Flanders and Brussels, a province, or
the area of the viewer's family centre) and a split; every row is a cell of the release, so its figures
and whether they are hidden are the release's, whatever else is asked.
"""

from django.utils.translation import gettext as _

from .dimensions import NO_GROUP
from .grid import ALL, STAR
from .release import parts_of


def scope_of(params, audience, geography) -> str:
    if audience is not None and audience.restricted and audience.centre:
        return f"C:{audience.centre}"
    if params.province:
        return f"P:{params.province}"
    return ALL


def _split(params, scope: str, release) -> list[tuple[str, str, str, str]]:
    """(key, period node, area name, category) per row of the split."""
    geography, categories = release.geography, release.categories
    time = params.period.node
    key = params.dimension.key
    province = scope[2:] if scope.startswith("P:") else None
    if key == "total":
        return [("all", time, scope, STAR)]
    if key == "month":
        return [(month, month[5:7], scope, STAR) for month in params.period.months()]
    if key == "province":
        names = geography.names("P")
        return [(n[2:], time, n, STAR) for n in names if province in (None, n[2:])]
    if key == "zone":
        rows = []
        for name in geography.names("Z"):
            _kind, p, zone = name.split(":", 2)
            if province in (None, p):
                rows.append((zone if zone != NO_GROUP else f"{NO_GROUP}{p}", time, name, STAR))
        return rows
    if key == "family_centre":
        if province is None:
            return [(n[2:], time, n, STAR) for n in geography.names("C")]
        return [
            (n.split(":", 2)[2], time, n, STAR) for n in geography.names("B") if n.split(":")[1] == province
        ]
    return [(value, time, scope, f"{key}={value}") for value in categories.values(key)]


def _labels(params, rows, scope: str) -> dict[str, str]:
    key = params.dimension.key
    keys = [row[0] for row in rows]
    if key == "zone":
        zones = [k for k in keys if not k.startswith(NO_GROUP)]
        labels = {k: str(v) for k, v in params.dimension.labels(zones).items()}
        provinces = {k[1:] for k in keys if k.startswith(NO_GROUP)}
        names = {k: str(v) for k, v in grid_province_labels(provinces).items()}
        for k in keys:
            if k.startswith(NO_GROUP):
                label = _("zonder eerstelijnszone")
                labels[k] = label if scope != ALL else f"{label} ({names.get(k[1:], k[1:])})"
        return labels
    return {k: str(v) for k, v in params.dimension.labels(keys).items()}


def grid_province_labels(nis_codes) -> dict:
    from .dimensions import _province_labels

    return _province_labels(list(nis_codes))


def lay_out(result, release, audience, figures) -> None:
    from .selectors import Row

    params = result.params
    geography, categories = release.geography, release.categories
    scope = scope_of(params, audience, geography)

    def cell(time, name, category):
        area = geography.area(name)
        return time, area, (categories.canon.get(category) if category != STAR else STAR)

    rows = _split(params, scope, release)
    labels = _labels(params, rows, scope)
    parts, total, _shown = parts_of(result.indicator)
    parts = [*parts, *([total] if total else [])]
    kept = []
    for key, time, name, category in rows:
        coordinates = cell(time, name, category)
        if params.dimension.key != "month" and not _any(release, coordinates, parts):
            continue
        kept.append((key, coordinates))
    if params.dimension.ordered_by_key:
        kept.sort(key=lambda row: row[0])
    else:
        kept.sort(key=lambda row: (row[0].startswith(NO_GROUP), labels.get(row[0], row[0]).lower()))
    for key, coordinates in kept:
        result.rows.append(Row(key=key, label=labels.get(key, key), figures=figures(*coordinates)))
    time = params.period.node
    result.total = Row(
        key="total", label=str(_("Totaal")), is_total=True, figures=figures(*cell(time, scope, STAR))
    )
    for row in [*result.rows, result.total]:
        row.ordered = [row.figures[key] for key, _label in result.columns]


def _any(release, coordinates, parts) -> bool:
    """Rows without any family are left out (a zero is never hidden, so this shows nothing new)."""
    time, area, category = coordinates
    if area is None or category is None:
        return False
    return any(release.values.get((time, area, category, part), 0) for part in parts)
