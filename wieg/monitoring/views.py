"""Dashboard pages: read-only, aggregates only, every figure suppressed; filters live in the URL."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput

from . import charts, selectors
from . import indicators as catalogue
from .access import audience_for
from .dimensions import DIMENSIONS
from .periods import default_period
from .routers import monitoring_reads
from .suppression import min_families, suppressed_label


def _audience_or_404(request):
    audience = audience_for(getattr(request, "actor", None))
    if audience is None:
        raise Http404
    return audience


def _invalid(request, exc: InvalidInput):
    return render(request, "monitoring/invalid.html", {"errors": exc.errors}, status=422)


def _catalogue_by_theme():
    themes = []
    for key, label in catalogue.THEMES.items():
        items = [i for i in catalogue.INDICATORS.values() if i.theme == key]
        if items:
            themes.append({"key": key, "label": label, "indicators": items})
    return themes


@login_required
def dashboard(request):
    audience = _audience_or_404(request)
    try:
        params = selectors.parse_params(request.GET, audience)
    except InvalidInput as exc:
        return _invalid(request, exc)
    with monitoring_reads():  # one read-only transaction (on the replica if any) for the whole page
        result = selectors.compute(params, audience)
        provinces = [] if audience.restricted else selectors.provinces()
    context = {
        "audience": audience,
        "params": params,
        "result": result,
        "chart": charts.chart(result),
        "themes": _catalogue_by_theme(),
        "dimensions": selectors.dimensions_for(params.indicator, audience),
        "provinces": provinces,
        "default_period": default_period().key,
        "query": params.query_string(),
        "min_families": min_families(),
        "suppressed_label": suppressed_label(),
    }
    return render(request, "monitoring/dashboard.html", context)


@login_required
def tiles(request):
    """The overview: the total of every indicator for the period and province, loaded after the page
    (hx-trigger="load") so that the chosen indicator shows at once. One query per cohort of indicators."""
    audience = _audience_or_404(request)
    try:
        params = selectors.parse_params(request.GET, audience)
    except InvalidInput as exc:
        return _invalid(request, exc)
    with monitoring_reads():
        headlines = selectors.headlines(params.period, params.province, audience)
    tiles = [
        {"indicator": i, "figure": total, "query": params.query_string(indicator=i.key)}
        for i, total in headlines
    ]
    return render(request, "monitoring/_tiles.html", {"tiles": tiles})


@login_required
def definitions(request):
    _audience_or_404(request)
    return render(
        request,
        "monitoring/definitions.html",
        {
            "themes": _catalogue_by_theme(),
            "min_families": min_families(),
            "suppressed_label": suppressed_label(),
        },
    )


@login_required
def definition(request, key):
    _audience_or_404(request)
    indicator = catalogue.get(key)
    if indicator is None:
        raise Http404
    dimensions = [d for d in DIMENSIONS.values() if indicator.supports(d.key)]
    return render(
        request,
        "monitoring/definition.html",
        {
            "indicator": indicator,
            "theme": catalogue.THEMES.get(indicator.theme, ""),
            "dimensions": dimensions,
            "vulnerability_source": selectors.vulnerability_source(),
            "min_families": min_families(),
            "suppressed_label": suppressed_label(),
        },
    )


def _csv_value(figure) -> str:
    """Machine-readable: plain numbers with a decimal point, and the suppression label as shown."""
    if figure.hidden:
        return figure.display
    return "" if figure.value is None else str(figure.value)


@login_required
def export_csv(request):
    audience = _audience_or_404(request)
    try:
        params = selectors.parse_params(request.GET, audience)
    except InvalidInput as exc:
        return _invalid(request, exc)
    result = selectors.compute(params, audience)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"wieg-{params.indicator.key}-{params.period.key.replace(':', '_')}-{params.dimension.key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("indicator"),
            _("periode"),
            _("opsplitsing"),
            _("groep"),
            _("sleutel"),
            *[str(label) for _key, label in result.columns],
        ]
    )
    rows = [*result.rows, result.total] if result.available else []
    for row in rows:
        writer.writerow(
            [
                params.indicator.key,
                params.period.key,
                params.dimension.key,
                row.label,
                row.key,
                *[_csv_value(row.figures[key]) for key, _label in result.columns],
            ]
        )
    return response
