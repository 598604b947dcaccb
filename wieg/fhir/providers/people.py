"""Patient (the pregnant person, the child) and RelatedPerson (co-parent, other caregiver)."""

from django.db.models import F, OuterRef, Q, Subquery

from wieg.care.models import Person, PersonRole, Trajectory
from wieg.care.policies import scope

from .. import systems as s
from ..context import Context
from ..registry import Provider, SearchParam
from .common import by_id, clean, date_filter, meta, token, uuid_of

PATIENT_ROLES = (PersonRole.PREGNANT_PARENT, PersonRole.CHILD)
RELATED_ROLES = (PersonRole.CO_PARENT, PersonRole.CAREGIVER)
GENDER = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
RELATIONSHIP = {PersonRole.CO_PARENT: "SIGOTHR", PersonRole.CAREGIVER: "FAMMEMB"}


def _visible_persons(actor):
    if not (actor.is_professional or actor.is_parent):
        return Person.objects.none()
    # Families through their trajectories: the same rule set as scope(Family), as one plain subquery.
    visible = scope(actor, "contact.view", Trajectory.objects.all()).values("family_id")
    return Person.objects.filter(family_id__in=visible)


def _identifier(qs, value):
    system, code = token(value)
    if system not in (None, s.SSIN):
        return qs.none()
    return qs.filter(national_number=code.replace(".", "").replace("-", "").strip() or None)


def _name(field):
    def apply(qs, value):
        return qs.filter(**{f"{field}__icontains": value.strip()})

    return apply


def _any_name(qs, value):
    return qs.filter(Q(given_name__icontains=value.strip()) | Q(family_name__icontains=value.strip()))


PERSON_FIELDS = (
    "pk",
    "public_id",
    "updated_at",
    "family_id",
    "role",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "national_number",
    "user_id",
    "street",
    "house_number",
    "box",
    "postal_code",
    "phones",
    "email",
    "preferred_language",
    "interpreter_needed",
    "safe_to_contact",
)
PHONE_USE = {"mobile": "mobile", "home": "home", "work": "work"}


def _with_family(qs):
    """What a Patient shows of its family, as columns rather than joined instances (exports are large)."""
    return qs.annotate(
        fhir_family=F("family__public_id"),
        fhir_nis=F("family__municipality__nis_code"),
        fhir_city=F("family__municipality__name_nl"),
        fhir_address_nis=F("address_municipality__nis_code"),
        fhir_address_city=F("address_municipality__name_nl"),
    ).only(*PERSON_FIELDS)


def _family_extensions(person: Person, ctx: Context) -> list[dict]:
    return [
        {"url": s.EXT_FAMILY_ROLE, "valueCode": person.role},
        {
            "url": s.EXT_FAMILY,
            "valueIdentifier": {"system": s.SID_FAMILY, "value": ctx.id("Family", person.fhir_family)},
        },
    ]


def _shows_contact(person: Person, ctx: Context) -> bool:
    """Street, phones and e-mail: with identities, for a parent only her own, never for someone not safe to
    contact (a receiving system cannot be trusted to show the warning beside the number)."""
    if not ctx.identities or not person.safe_to_contact:
        return False
    actor = ctx.actor
    return not getattr(actor, "is_parent", False) or person.user_id == actor.user_id


def _address(person: Person, ctx: Context) -> list[dict]:
    if person.street and person.fhir_address_nis and _shows_contact(person, ctx):
        line = f"{person.street} {person.house_number}".strip()
        return [
            {
                "use": "home",
                "type": "both",
                "line": [f"{line} bus {person.box}" if person.box else line],
                "postalCode": person.postal_code,
                "city": person.fhir_address_city,
                "country": "BE",
                "extension": [{"url": s.EXT_MUNICIPALITY, "valueCode": person.fhir_address_nis}],
            }
        ]
    return [
        {
            "use": "home",
            "city": person.fhir_city,
            "country": "BE",
            "extension": [{"url": s.EXT_MUNICIPALITY, "valueCode": person.fhir_nis}],
        }
    ]


def _telecom(person: Person, ctx: Context) -> list[dict] | None:
    if not _shows_contact(person, ctx):
        return None
    points = [
        clean({"system": "phone", "value": p["number"], "use": PHONE_USE.get(p.get("label")), "rank": rank})
        for rank, p in enumerate(person.phones or [], start=1)
    ]
    if person.email:
        points.append({"system": "email", "value": person.email})
    return points or None


def _person_common(person: Person, ctx: Context) -> dict:
    resource = {
        "id": ctx.id(person.fhir_type, person.public_id),
        "meta": meta(person),
        "extension": _family_extensions(person, ctx),
        "gender": GENDER.get(person.sex, "unknown"),
        "birthDate": ctx.birth_date(person.birth_date),
        "address": _address(person, ctx),
        "telecom": _telecom(person, ctx),
        "communication": None,
    }
    if not person.safe_to_contact and ctx.identities:
        resource["extension"].append({"url": s.EXT_SAFE_TO_CONTACT, "valueBoolean": False})
    if ctx.identities:
        if person.national_number:
            resource["identifier"] = [{"use": "official", "system": s.SSIN, "value": person.national_number}]
        resource["name"] = [{"use": "official", "family": person.family_name, "given": [person.given_name]}]
    return resource


class _PersonProvider(Provider):
    model = Person
    category = "contact"
    roles: tuple = ()

    def queryset(self):
        return _with_family(Person.objects.filter(role__in=self.roles))

    def visible(self, actor, ctx):
        return _with_family(_visible_persons(actor).filter(role__in=self.roles))

    def for_trajectories(self, trajectories):
        return self.queryset().filter(family__in=trajectories.values("family")).order_by("pk")

    def audit_target(self, obj):
        return {"family": obj.family}

    def trajectories_of(self, objs):
        families = {p.family_id for p in objs}
        return list(Trajectory.objects.filter(family_id__in=families).only("pk", "public_id", "family_id"))

    def trajectories_matching(self, qs):
        return Trajectory.objects.filter(family_id__in=qs.values("family_id")).only(
            "pk", "public_id", "family_id"
        )


class PatientProvider(_PersonProvider):
    resource_type = "Patient"
    roles = PATIENT_ROLES
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam("identifier", "token", _identifier, "SSIN: system|number"),
        SearchParam("family", "string", _name("family_name")),
        SearchParam("given", "string", _name("given_name")),
        SearchParam("name", "string", _any_name),
        SearchParam(
            "birthdate", "date", lambda qs, v: qs.filter(date_filter("birth_date", v, param="birthdate"))
        ),
        SearchParam("gender", "token", lambda qs, v: qs.filter(sex=token(v)[1])),
    )

    def to_fhir(self, person: Person, ctx: Context) -> dict:
        person.fhir_type = "Patient"
        resource = {"resourceType": "Patient", **_person_common(person, ctx), "active": True}
        resource["communication"] = [
            {
                "language": {"coding": [{"system": s.BCP47, "code": person.preferred_language}]},
                "preferred": True,
            }
        ]
        resource["extension"].append(
            {"url": s.INTERPRETER_REQUIRED, "valueBoolean": person.interpreter_needed}
        )
        return clean(resource)


class RelatedPersonProvider(_PersonProvider):
    resource_type = "RelatedPerson"
    roles = RELATED_ROLES
    search_params = (
        SearchParam("_id", "token", by_id),
        SearchParam("identifier", "token", _identifier),
        SearchParam("family", "string", _name("family_name")),
        SearchParam("name", "string", _any_name),
        SearchParam(
            "patient",
            "reference",
            lambda qs, v: qs.filter(family__members__public_id=uuid_of(v, field="patient")),
        ),
    )

    def queryset(self):
        return super().queryset().annotate(fhir_patient=_anchor())

    def visible(self, actor, ctx):
        return super().visible(actor, ctx).annotate(fhir_patient=_anchor())

    def to_fhir(self, person: Person, ctx: Context) -> dict:
        person.fhir_type = "RelatedPerson"
        resource = {"resourceType": "RelatedPerson", **_person_common(person, ctx), "active": True}
        resource.pop("communication", None)
        if person.fhir_patient:
            resource["patient"] = ctx.ref("Patient", person.fhir_patient)
        resource["relationship"] = [
            {
                "coding": [
                    s.coding(s.V3_ROLE_CODE, RELATIONSHIP[person.role]),
                    s.coding(s.CS_FAMILY_ROLE, person.role),
                ]
            }
        ]
        return clean(resource)


def _anchor():
    """The patient a related person relates to: the family's pregnant person (or else its child)."""
    return Subquery(
        Person.objects.filter(family=OuterRef("family"), role__in=PATIENT_ROLES)
        .order_by("-role", "pk")
        .values("public_id")[:1]
    )
