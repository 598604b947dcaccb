from django.db.models import Q

from wieg.core.models import Municipality

from .models import Membership, Organisation, Professional


def organisation_list(*, kind: str | None = None, municipality_nis: str | None = None):
    qs = Organisation.objects.filter(active=True).select_related("municipality")
    if kind:
        qs = qs.filter(kind=kind)
    if municipality_nis:
        qs = qs.filter(municipality__nis_code=municipality_nis)
    return qs


def professional_list(*, organisation: Organisation | None = None):
    qs = Professional.objects.all()
    if organisation is not None:
        qs = qs.filter(
            pk__in=Membership.objects.active().filter(organisation=organisation).values("professional")
        )
    return qs


def municipality_list(*, region: str | None = None):
    qs = Municipality.objects.in_scope().valid_on().select_related("province")
    if region:
        qs = qs.filter(region=region)
    return qs


def organisations_of(professional_id: int):
    return Organisation.objects.filter(
        pk__in=Membership.objects.active().filter(professional_id=professional_id).values("organisation")
    )


def professional_search(text: str, *, within=None, limit: int = 25):
    """Active professionals whose name holds every word of `text`, by family name: for pick-lists that
    must stay short when the directory holds every professional of Flanders and Brussels."""
    qs = within if within is not None else Professional.objects.all()
    qs = qs.filter(
        pk__in=Membership.objects.active().filter(organisation__active=True).values("professional")
    )
    for word in text.split()[:5]:
        qs = qs.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return qs.order_by("family_name", "given_name", "pk")[:limit]
