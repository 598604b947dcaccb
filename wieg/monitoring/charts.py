"""Charts rendered on the server as inline SVG: no JavaScript, no CDN, readable at a glance.

Groups become horizontal bars, months become columns. A hidden figure ("< 5") is drawn as an empty,
dashed outline with its label, so that the chart never shows more than the table beside it.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .selectors import Result, Row

PALETTE = ["#2f6f8f", "#e0a03a", "#6c9a4b", "#a25b8c", "#5b6fa2"]
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 320
VALUE_WIDTH = 80


def _headline(row: Row, kind: str):
    """The figure a bar shows: the share, the count or the average."""
    key = {"share": "value", "average": "value", "count": "count"}.get(kind, "total")
    return row.figures[key]


def _title(result: Result) -> str:
    return str(result.indicator.label)


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every piece of text below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _hidden_bar(x, y, w, h) -> str:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#8a94a6" stroke-dasharray="4 3"/>',
        x,
        y,
        w,
        h,
    )


def bars(result: Result) -> SafeString:
    kind = result.indicator.kind
    rows = result.rows
    if kind == "breakdown":
        return stacked(result)
    values = [f.value for f in (_headline(r, kind) for r in rows) if f.value is not None]
    top = 100.0 if kind == "share" else max(values or [0]) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    body = []
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        figure = _headline(row, kind)
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.7,
                row.label[:28],
            )
        )
        if figure.hidden:
            body.append(_hidden_bar(LABEL_WIDTH, y, PLOT_WIDTH * 0.15, BAR_HEIGHT))
        elif figure.value is not None:
            w = max(1.0, PLOT_WIDTH * float(figure.value) / top) if figure.value else 0
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>',
                    LABEL_WIDTH,
                    y,
                    round(w, 1),
                    BAR_HEIGHT,
                    PALETTE[0],
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" class="value">{}</text>',
                LABEL_WIDTH + PLOT_WIDTH + 6,
                y + BAR_HEIGHT * 0.7,
                figure.display,
            )
        )
    return _svg(width, max(height, 40), _title(result), body)


def stacked(result: Result) -> SafeString:
    """Each group as one bar split over the parts, in shares of the group's families."""
    parts = result.indicator.parts
    rows = result.rows
    legend_height = 26
    height = legend_height + len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    body = []
    x = LABEL_WIDTH
    for i, part in enumerate(parts):
        body.append(format_html('<rect x="{}" y="4" width="12" height="12" fill="{}"/>', x, PALETTE[i % 5]))
        body.append(format_html('<text x="{}" y="14" class="legend">{}</text>', x + 16, part.label))
        x += 20 + 7 * len(str(part.label))
    for g, row in enumerate(rows):
        y = legend_height + GAP + g * (BAR_HEIGHT + GAP)
        total = row.figures["total"]
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.7,
                row.label[:28],
            )
        )
        if total.hidden or not total.value:
            body.append(_hidden_bar(LABEL_WIDTH, y, PLOT_WIDTH * 0.15, BAR_HEIGHT) if total.hidden else "")
        else:
            x = LABEL_WIDTH
            for i, part in enumerate(parts):
                figure = row.figures[part.key]
                if figure.hidden or not figure.value:
                    continue
                w = PLOT_WIDTH * figure.value / total.value
                body.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        round(x, 1),
                        y,
                        round(w, 1),
                        BAR_HEIGHT,
                        PALETTE[i % 5],
                    )
                )
                x += w
            if x < LABEL_WIDTH + PLOT_WIDTH - 0.5:  # what hidden parts hold together
                body.append(_hidden_bar(round(x, 1), y, round(LABEL_WIDTH + PLOT_WIDTH - x, 1), BAR_HEIGHT))
        body.append(
            format_html(
                '<text x="{}" y="{}" class="value">{}</text>',
                LABEL_WIDTH + PLOT_WIDTH + 6,
                y + BAR_HEIGHT * 0.7,
                total.display,
            )
        )
    return _svg(width, height, _title(result), body)


def columns(result: Result) -> SafeString:
    """Months as columns, left to right."""
    kind = result.indicator.kind
    if kind == "breakdown":
        return stacked(result)
    rows = result.rows
    values = [f.value for f in (_headline(r, kind) for r in rows) if f.value is not None]
    top = 100.0 if kind == "share" else max(values or [0]) or 1
    plot_height, base = 180, 200
    step = max(24, min(60, 640 // max(len(rows), 1)))
    width = 40 + step * len(rows)
    body = [format_html('<line x1="36" y1="{}" x2="{}" y2="{}" stroke="#8a94a6"/>', base, width, base)]
    for i, row in enumerate(rows):
        x = 40 + i * step
        figure = _headline(row, kind)
        bar_w = step * 0.7
        if figure.hidden:
            body.append(_hidden_bar(x, base - 24, bar_w, 24))
        elif figure.value:
            h = max(1.0, plot_height * float(figure.value) / top)
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    x,
                    round(base - h, 1),
                    round(bar_w, 1),
                    round(h, 1),
                    PALETTE[0],
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
                round(x + bar_w / 2, 1),
                base + 14,
                row.label[2:] if len(row.label) == 7 else row.label,
            )
        )
        body.append(
            format_html(
                '<text x="{}" y="{}" class="value small" text-anchor="middle">{}</text>',
                round(x + bar_w / 2, 1),
                base + 28,
                figure.display,
            )
        )
    return _svg(width, base + 36, _title(result), body)


def chart(result: Result) -> SafeString:
    if not result.available or not result.rows:
        return mark_safe("")
    if result.params.dimension.key == "month":
        return columns(result)
    return bars(result)


def empty_note() -> str:
    return _("Geen gegevens voor deze selectie.")
