"""Organization, Practitioner and PractitionerRole: the directory, open to professionals and systems."""

import uuid

from django.db.models import Q

from wieg.care.models import CareTeamMember, Consent, CoordinatorAssignment
from wieg.directory.models import (
    Discipline,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Professional,
)

from .. import systems as s
from ..context import Context
from ..registry import Provider, SearchParam
from .common import by_id, clean, label, meta, period, token, uuid_of


def _may_read_directory(actor) -> bool:
    return actor.is_professional or actor.kind == "system"


def _people_in(trajectories):
    ids = trajectories.values("pk")
    return (
        Q(pk__in=CareTeamMember.objects.filter(trajectory__in=ids).values("professional"))
        | Q(pk__in=CoordinatorAssignment.objects.filter(trajectory__in=ids).values("professional"))
        | Q(
            pk__in=Consent.objects.filter(trajectory__in=ids, professional__isnull=False).values(
                "professional"
            )
        )
    )


def _organisations_in(trajectories):
    ids = trajectories.values("pk")
    return (
        Q(pk__in=CareTeamMember.objects.filter(trajectory__in=ids).values("organisation"))
        | Q(pk__in=CoordinatorAssignment.objects.filter(trajectory__in=ids).values("organisation"))
        | Q(
            pk__in=Consent.objects.filter(trajectory__in=ids, organisation__isnull=False).values(
                "organisation"
            )
        )
    )


class _DirectoryProvider(Provider):
    category = None

    def readable_by(self, actor) -> bool:
        return _may_read_directory(actor)

    def visible(self, actor, ctx):
        return self.queryset() if _may_read_directory(actor) else self.model._default_manager.none()

    def audit_target(self, obj):
        return {}

    def trajectories_of(self, objs):
        return []


class OrganizationProvider(_DirectoryProvider):
    resource_type = "Organization"
    model = Organisation
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam("name", "string", lambda qs, v: qs.filter(name__icontains=v.strip())),
        SearchParam("type", "token", lambda qs, v: qs.filter(kind=token(v)[1])),
        SearchParam("active", "token", lambda qs, v: qs.filter(active=token(v)[1] == "true")),
    )

    def queryset(self):
        return Organisation.objects.select_related("municipality").order_by("name", "pk")

    def for_trajectories(self, trajectories):
        return self.queryset().filter(_organisations_in(trajectories))

    def to_fhir(self, o: Organisation, ctx: Context) -> dict:
        telecom = []
        if o.phone:
            telecom.append({"system": "phone", "value": o.phone, "use": "work"})
        if o.email:
            telecom.append({"system": "email", "value": o.email, "use": "work"})
        address = None
        if o.municipality_id or o.address:
            address = [
                clean(
                    {
                        "use": "work",
                        "text": o.address,
                        "city": o.municipality.name_nl if o.municipality_id else None,
                        "country": "BE",
                        "extension": [{"url": s.EXT_MUNICIPALITY, "valueCode": o.municipality.nis_code}]
                        if o.municipality_id
                        else None,
                    }
                )
            ]
        return clean(
            {
                "resourceType": "Organization",
                "id": ctx.id("Organization", o.public_id),
                "meta": meta(o),
                "active": o.active,
                "type": [s.concept(s.CS_ORGANISATION_KIND, o.kind, label(OrganisationKind, o.kind))],
                "name": o.name,
                "telecom": telecom,
                "address": address,
            }
        )


class PractitionerProvider(_DirectoryProvider):
    resource_type = "Practitioner"
    model = Professional
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam(
            "name",
            "string",
            lambda qs, v: qs.filter(Q(given_name__icontains=v.strip()) | Q(family_name__icontains=v.strip())),
        ),
        SearchParam("family", "string", lambda qs, v: qs.filter(family_name__icontains=v.strip())),
        SearchParam(
            "identifier",
            "token",
            lambda qs, v: (
                qs.filter(nihii_number=token(v)[1]) if token(v)[0] in (None, s.NIHDI) else qs.none()
            ),
        ),
    )

    def queryset(self):
        return Professional.objects.order_by("family_name", "given_name", "pk")

    def for_trajectories(self, trajectories):
        return self.queryset().filter(_people_in(trajectories))

    def to_fhir(self, p: Professional, ctx: Context) -> dict:
        resource = {
            "resourceType": "Practitioner",
            "id": ctx.id("Practitioner", p.public_id),
            "meta": meta(p),
            "active": True,
        }
        if ctx.identities:
            if p.nihii_number:
                resource["identifier"] = [{"system": s.NIHDI, "value": p.nihii_number}]
            resource["name"] = [{"family": p.family_name, "given": [p.given_name]}]
            if p.email:
                resource["telecom"] = [{"system": "email", "value": p.email, "use": "work"}]
        return clean(resource)


def role_id(professional_public_id, organisation_public_id) -> str:
    """A membership has no public id: the pair professional + organisation is one (64 hex digits)."""
    return f"{uuid.UUID(str(professional_public_id)).hex}{uuid.UUID(str(organisation_public_id)).hex}"


class PractitionerRoleProvider(_DirectoryProvider):
    resource_type = "PractitionerRole"
    model = Membership
    search_params = (
        SearchParam(
            "practitioner",
            "reference",
            lambda qs, v: qs.filter(professional__public_id=uuid_of(v, field="practitioner")),
        ),
        SearchParam(
            "organization",
            "reference",
            lambda qs, v: qs.filter(organisation__public_id=uuid_of(v, field="organization")),
        ),
        SearchParam("role", "token", lambda qs, v: qs.filter(professional__discipline=token(v)[1])),
    )

    def queryset(self):
        return Membership.objects.select_related("professional", "organisation").order_by(
            "professional", "start", "pk"
        )

    def get(self, qs, resource_id):
        raw = (resource_id or "").strip()
        try:
            professional, organisation = uuid.UUID(raw[:32]), uuid.UUID(raw[32:])
        except ValueError as exc:
            raise Membership.DoesNotExist from exc
        found = (
            qs.filter(professional__public_id=professional, organisation__public_id=organisation)
            .order_by("-start")
            .first()
        )
        if found is None:
            raise Membership.DoesNotExist
        return found

    def resource_id(self, m, ctx):
        return self._id(m, ctx)

    def _id(self, m: Membership, ctx: Context) -> str:
        raw = role_id(m.professional.public_id, m.organisation.public_id)
        return raw if ctx.identities else ctx.id("PractitionerRole", raw)

    def for_trajectories(self, trajectories):
        return self.queryset().filter(
            professional__in=Professional.objects.filter(_people_in(trajectories)).values("pk"),
            organisation__in=Organisation.objects.filter(_organisations_in(trajectories)).values("pk"),
        )

    def to_fhir(self, m: Membership, ctx: Context) -> dict:
        return clean(
            {
                "resourceType": "PractitionerRole",
                "id": self._id(m, ctx),
                "active": m.end is None,
                "period": period(m.start, m.end),
                "practitioner": ctx.ref("Practitioner", m.professional.public_id),
                "organization": ctx.ref("Organization", m.organisation.public_id),
                "code": [
                    s.concept(
                        s.CS_DISCIPLINE,
                        m.professional.discipline,
                        label(Discipline, m.professional.discipline),
                    ),
                    s.concept(s.CS_MEMBERSHIP_ROLE, m.role, label(MembershipRole, m.role)),
                ],
            }
        )
