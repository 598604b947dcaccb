from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from wieg.core.errors import InvalidInput

from .models import Organisation, OrganisationKind, Professional
from .selectors import municipality_list, organisation_list, organisations_of, professional_list

router = Router(tags=["directory"])


class OrganisationRef(Schema):
    id: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    kind: str
    professional_id: str | None
    display_name: str
    discipline: str | None
    active_organisation_id: str | None
    roles: list[str]
    organisations: list[OrganisationRef]


@router.get("/me", response=MeOut)
def me(request):
    actor = request.actor
    user = request.user
    professional = (
        Professional.objects.filter(pk=actor.professional_id).first() if actor.professional_id else None
    )
    organisations = list(organisations_of(actor.professional_id)) if professional else []
    active = next((o for o in organisations if o.pk == actor.organisation_id), None)
    return {
        "username": user.username,
        "kind": user.kind,
        "professional_id": str(professional.public_id) if professional else None,
        "display_name": professional.display_name
        if professional
        else (user.get_full_name() or user.username),
        "discipline": professional.discipline if professional else None,
        "active_organisation_id": str(active.public_id) if active else None,
        "roles": sorted(actor.roles),
        "organisations": [{"id": str(o.public_id), "name": o.name, "kind": o.kind} for o in organisations],
    }


class MunicipalityOut(Schema):
    nis_code: str
    name_nl: str
    name_fr: str
    region: str
    province: str | None
    postal_codes: list[str]


class ItemsMunicipalities(Schema):
    items: list[MunicipalityOut]
    count: int


@router.get("/municipalities", response=ItemsMunicipalities, auth=None)
def municipalities(request, region: str | None = None):
    if region not in (None, "", "flanders", "brussels"):
        raise InvalidInput(
            _("Kies een gewest: %(choices)s.") % {"choices": "flanders, brussels"}, field="region"
        )
    qs = municipality_list(region=region or None).prefetch_related("postal_codes")
    items = [
        {
            "nis_code": m.nis_code,
            "name_nl": m.name_nl,
            "name_fr": m.name_fr,
            "region": m.region,
            "province": m.province.name_nl if m.province else None,
            "postal_codes": sorted({p.code for p in m.postal_codes.all()}),
        }
        for m in qs
    ]
    return {"items": items, "count": len(items)}


class OrganisationOut(Schema):
    id: str
    name: str
    kind: str
    municipality_nis: str | None = None

    @staticmethod
    def resolve_municipality_nis(obj):
        return obj.municipality.nis_code if obj.municipality else None

    @staticmethod
    def resolve_id(obj):
        return str(obj.public_id)


class ItemsOrganisations(Schema):
    items: list[OrganisationOut]
    count: int


@router.get("/organisations", response=ItemsOrganisations)
def organisations(request, kind: str | None = None, municipality: str | None = None):
    if kind and kind not in OrganisationKind.values:
        raise InvalidInput(
            _("Kies een soort: %(choices)s.") % {"choices": ", ".join(OrganisationKind.values)}, field="kind"
        )
    items = list(organisation_list(kind=kind, municipality_nis=municipality))
    return {"items": items, "count": len(items)}


class ProfessionalOut(Schema):
    id: str
    display_name: str
    discipline: str


class ItemsProfessionals(Schema):
    items: list[ProfessionalOut]
    count: int


@router.get("/professionals", response=ItemsProfessionals)
def professionals(request, organisation: UUID | None = None):
    org = get_object_or_404(Organisation, public_id=organisation) if organisation else None
    items = [
        {"id": str(p.public_id), "display_name": p.display_name, "discipline": p.discipline}
        for p in professional_list(organisation=org)
    ]
    return {"items": items, "count": len(items)}
