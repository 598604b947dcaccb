"""Indicators on the family centres (wieg.network). They count municipalities and centres, not families:
these figures are public and are not suppressed."""

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from wieg.core.models import Municipality

from .. import sources
from ..dimensions import NO_GROUP, zone_data
from .base import Indicator, Query

SOURCE = _("Wieg, Huizen van het Kind en hun werking (wieg.network)")


def _municipality_group(dimension_key: str):
    if dimension_key == "province":
        return F("province__nis_code")
    if dimension_key == "zone":
        whens = [When(nis_code__in=z["municipalities"], then=Value(z["key"])) for z in zone_data()["zones"]]
        return Case(*whens, default=Value(NO_GROUP), output_field=CharField())
    return Value("all", output_field=CharField())


def coverage(query: Query) -> list[dict]:
    centre = sources.model("network.FamilyCentre")
    served = centre.municipalities.through.objects.filter(familycentre__active=True).values("municipality_id")
    qs = Municipality.objects.in_scope().valid_on(query.period.end)
    if query.province:
        qs = qs.filter(province__nis_code=query.province)
    if query.municipality_ids is not None:
        qs = qs.filter(pk__in=sorted(query.municipality_ids))
    rows = (
        qs.annotate(group=_municipality_group(query.dimension.key))
        .values("group")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=served)))
        .order_by("group")
    )
    return [{"group": r["group"], "with": r["covered"], "without": r["total"] - r["covered"]} for r in rows]


def actions_by_domain(query: Query) -> list[dict]:
    centre = sources.model("network.FamilyCentre")
    domain = sources.model("network.LifeDomain")
    action = sources.model("network.DomainAction")
    centres = centre.objects.filter(active=True)
    if query.province:
        centres = centres.filter(municipalities__province__nis_code=query.province)
    if query.municipality_ids is not None:
        centres = centres.filter(municipalities__in=sorted(query.municipality_ids))
    centre_ids = centres.values("pk").distinct()
    n_centres = centre.objects.filter(pk__in=centre_ids).count()
    with_action = dict(
        action.objects.filter(status="taken", centre__in=centre_ids)
        .values("life_domain")
        .annotate(n=Count("centre", distinct=True))
        .values_list("life_domain", "n")
    )
    return [
        {"group": str(pk), "with": with_action.get(pk, 0), "without": n_centres - with_action.get(pk, 0)}
        for pk in domain.objects.order_by("order").values_list("pk", flat=True)
    ]


INDICATORS = [
    Indicator(
        key="centre_coverage",
        theme="network",
        label=_("Gemeenten met een Huis van het Kind"),
        kind="share",
        numerator=_("gemeenten die een actief Huis van het Kind bedient"),
        denominator=_("alle gemeenten van Vlaanderen en Brussel (geldig op het einde van de periode)"),
        source=SOURCE,
        cohort=_("de toestand nu, voor de gemeenten zoals ze op het einde van de periode bestaan"),
        app="network",
        compute=coverage,
        requires=("network.FamilyCentre",),
        only_dimensions=("total", "province", "zone"),
        counts_families=False,
    ),
    Indicator(
        key="centre_actions_by_domain",
        theme="network",
        label=_("Huizen van het Kind met acties per levensdomein"),
        kind="share",
        numerator=_("actieve Huizen van het Kind met minstens één ondernomen actie in het levensdomein"),
        denominator=_("alle actieve Huizen van het Kind (in de gekozen provincie)"),
        source=SOURCE,
        cohort=_("de toestand nu"),
        app="network",
        compute=actions_by_domain,
        requires=("network.FamilyCentre", "network.LifeDomain", "network.DomainAction"),
        only_dimensions=("life_domain",),
        counts_families=False,
    ),
]
