"""Import of a transaction Bundle: Patient + EpisodeOfCare + Consent -> family + trajectory.

All writes go through wieg.care.services (the same validation and audit as the pages), inside one
transaction: a bad Bundle creates nothing. Every problem is reported as an OperationOutcome issue with
the FHIRPath of the element at fault, e.g. `Bundle.entry[0].resource.birthDate`.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from wieg.care import services
from wieg.care.models import PersonRole, RecordedVia
from wieg.care.services.families import MemberInput
from wieg.core.errors import DomainError, InvalidInput, NotFound
from wieg.core.models import PostalCode
from wieg.directory.actors import actor_for
from wieg.directory.models import Organisation, Professional

from . import systems as s
from .outcome import issue, issues_from_validation
from .providers.common import uuid_of

SUPPORTED = ("Patient", "RelatedPerson", "EpisodeOfCare", "Consent")
RELATED_ROLES = {PersonRole.CO_PARENT, PersonRole.CAREGIVER}
V3_TO_ROLE = {"SIGOTHR": PersonRole.CO_PARENT, "FAMMEMB": PersonRole.CAREGIVER}


class BundleError(DomainError):
    """A Bundle that cannot be imported; carries OperationOutcome issues."""

    def __init__(self, status: int, issues: list[dict]):
        self.status = status
        self.issues = issues
        super().__init__(issues[0]["diagnostics"] if issues else "")


def _path(index: int, element: str = "") -> str:
    base = f"Bundle.entry[{index}].resource"
    return f"{base}.{element}" if element else base


def _ext_path(index: int, url: str) -> str:
    return _path(index, f"extension('{url}')")


@dataclass
class Entry:
    index: int
    resource: dict
    full_url: str

    @property
    def type(self) -> str:
        return self.resource.get("resourceType", "")

    def path(self, element: str = "") -> str:
        return _path(self.index, element)


@dataclass
class Plan:
    """What the Bundle asks for, checked for shape before anything is written."""

    members: list[tuple[Entry, MemberInput]] = field(default_factory=list)
    pregnant: Entry | None = None
    episode: Entry | None = None
    consents: list[Entry] = field(default_factory=list)


def _structure(body) -> list[dict]:
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        return [issue("structure", _("Verwacht een Bundle."), "Bundle")]
    try:
        get_fhir_model_class("Bundle").model_validate(body)
    except ValidationError as exc:
        return issues_from_validation(exc, "Bundle")
    if body.get("type") != "transaction":
        return [
            issue(
                "invalid",
                _("Alleen een Bundle van het type 'transaction' kan ingelezen worden."),
                "Bundle.type",
            )
        ]
    return []


def _entries(body) -> list[Entry]:
    problems, entries = [], []
    for index, raw in enumerate(body.get("entry") or []):
        resource = raw.get("resource") or {}
        request = raw.get("request") or {}
        kind = resource.get("resourceType")
        if kind not in SUPPORTED:
            problems.append(
                issue(
                    "not-supported",
                    _("Dit resourcetype kan niet ingelezen worden: %(t)s.") % {"t": kind},
                    _path(index),
                )
            )
            continue
        if request.get("method") != "POST" or request.get("url", "").split("?")[0] != kind:
            problems.append(
                issue(
                    "not-supported",
                    _("Enkel POST %(t)s wordt ondersteund.") % {"t": kind},
                    f"Bundle.entry[{index}].request",
                )
            )
            continue
        entries.append(Entry(index=index, resource=resource, full_url=raw.get("fullUrl") or ""))
    if problems:
        raise BundleError(400, problems)
    return entries


def _resolve(entries: list[Entry], reference: str | None, kind: str) -> Entry | None:
    if not reference:
        return None
    for entry in entries:
        if entry.type != kind:
            continue
        if entry.full_url and entry.full_url == reference:
            return entry
        if entry.resource.get("id") and reference == f"{kind}/{entry.resource['id']}":
            return entry
    return None


def _member(entry: Entry, role: str) -> MemberInput:
    r = entry.resource
    names = r.get("name") or [{}]
    name = next((n for n in names if n.get("use") == "official"), names[0])
    number = next((i.get("value") for i in r.get("identifier") or [] if i.get("system") == s.SSIN), None)
    birth = r.get("birthDate")
    try:
        birth_date = dt.date.fromisoformat(birth) if birth else None
    except ValueError:
        raise BundleError(
            422, [issue("invalid", _("Geef een volledige geboortedatum."), entry.path("birthDate"))]
        ) from None
    return MemberInput(
        role=role,
        given_name=" ".join(name.get("given") or []),
        family_name=name.get("family") or "",
        birth_date=birth_date,
        sex=r.get("gender") or "unknown",
        national_number=number,
    )


def _role_of(entry: Entry) -> str | None:
    role = s.extension_value(entry.resource, s.EXT_FAMILY_ROLE, "valueCode")
    if entry.type == "RelatedPerson":
        role = role or s.code_in(entry.resource.get("relationship"), s.CS_FAMILY_ROLE)
        role = role or V3_TO_ROLE.get(s.code_in(entry.resource.get("relationship"), s.V3_ROLE_CODE) or "")
        return role if role in RELATED_ROLES else PersonRole.CO_PARENT
    return role


def _plan(entries: list[Entry]) -> Plan:
    plan = Plan()
    episodes = [e for e in entries if e.type == "EpisodeOfCare"]
    if len(episodes) != 1:
        raise BundleError(
            422, [issue("required", _("De Bundle bevat precies één EpisodeOfCare."), "Bundle.entry")]
        )
    plan.episode = episode = episodes[0]
    plan.pregnant = _resolve(entries, (episode.resource.get("patient") or {}).get("reference"), "Patient")
    if plan.pregnant is None:
        raise BundleError(
            422,
            [
                issue(
                    "invalid",
                    _("EpisodeOfCare.patient verwijst niet naar een Patient in de Bundle."),
                    episode.path("patient"),
                )
            ],
        )
    problems = []
    plan.members.append((plan.pregnant, _member(plan.pregnant, PersonRole.PREGNANT_PARENT)))
    for entry in entries:
        if entry is plan.pregnant:
            continue
        if entry.type == "Patient":
            role = _role_of(entry)
            if role == PersonRole.CHILD:
                problems.append(
                    issue(
                        "not-supported",
                        _(
                            "Een kind wordt geregistreerd bij de geboorte, niet bij "
                            "het inlezen van een traject."
                        ),
                        entry.path(),
                    )
                )
                continue
            plan.members.append(
                (
                    entry,
                    _member(
                        entry, PersonRole.CAREGIVER if role == PersonRole.CAREGIVER else PersonRole.CO_PARENT
                    ),
                )
            )
        elif entry.type == "RelatedPerson":
            plan.members.append((entry, _member(entry, _role_of(entry))))
        elif entry.type == "Consent":
            plan.consents.append(entry)
    if not plan.consents:
        problems.append(
            issue(
                "required",
                _("Een traject start met de toestemming van het gezin: voeg een Consent toe."),
                "Bundle.entry",
            )
        )
    if problems:
        raise BundleError(422, problems)
    return plan


def _municipality(entry: Entry) -> str:
    for index, address in enumerate(entry.resource.get("address") or []):
        nis = s.extension_value(address, s.EXT_MUNICIPALITY, "valueCode")
        if nis:
            return nis
        if address.get("postalCode"):
            codes = list(
                PostalCode.objects.filter(code=address["postalCode"])
                .values_list("municipality__nis_code", flat=True)
                .distinct()[:2]
            )
            if len(codes) == 1:
                return codes[0]
            raise BundleError(
                422,
                [
                    issue(
                        "invalid",
                        _("Deze postcode hoort niet bij één gemeente: geef de NIS-code."),
                        entry.path(f"address[{index}].postalCode"),
                    )
                ],
            )
    return ""


def _language(entry: Entry) -> str:
    for item in entry.resource.get("communication") or []:
        code = s.code_in(item.get("language"), s.BCP47)
        if code and (item.get("preferred") or len(entry.resource["communication"]) == 1):
            return code.split("-")[0]
    return "nl"


def _consent_subject(entry: Entry):
    actors = (entry.resource.get("provision") or {}).get("actor") or []
    reference = (actors[0].get("reference") or {}).get("reference", "") if actors else ""
    kind = reference.split("/", 1)[0]
    path = entry.path("provision.actor[0].reference")
    if kind not in ("Organization", "Practitioner"):
        raise BundleError(
            422,
            [issue("required", _("Zeg voor welke organisatie of zorgverlener de toestemming geldt."), path)],
        )
    model = Organisation if kind == "Organization" else Professional
    try:
        found = model.objects.filter(public_id=uuid_of(reference, field=path)).first()
    except InvalidInput:
        found = None
    if found is None:
        raise BundleError(
            422, [issue("not-found", _("Onbekende %(t)s: %(r)s.") % {"t": kind, "r": reference}, path)]
        )
    return ("organisation", found) if kind == "Organization" else ("professional", found)


def _categories(entry: Entry) -> list[str]:
    codes = []
    for concept in (entry.resource.get("provision") or {}).get("code") or []:
        for c in concept.get("coding") or []:
            if c.get("system") == s.CS_CATEGORY:
                codes.append(c.get("code"))
    return codes


def _given_at(entry: Entry):
    """Consent.dateTime keeps the original moment of consent; a bare date or nothing means now."""
    raw = entry.resource.get("dateTime") or ""
    value = parse_datetime(raw) if "T" in raw else None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _recorded_via(entry: Entry) -> str:
    return s.extension_value(entry.resource, s.EXT_RECORDED_VIA, "valueCode") or RecordedVia.SIGNED_FORM


def _reference_id(resource: dict, element: str, kind: str, path: str):
    reference = (resource.get(element) or {}).get("reference")
    if not reference:
        return None
    if not reference.startswith(f"{kind}/"):
        raise BundleError(
            422, [issue("invalid", _("Verwacht een verwijzing naar %(t)s.") % {"t": kind}, path)]
        )
    return uuid_of(reference, field=path)


class FieldMap:
    """Turns the field paths of the care services into FHIRPath expressions in the Bundle."""

    def __init__(self, plan: Plan, creator_consent: Entry):
        self.plan = plan
        self.consent = creator_consent

    def __call__(self, name: str) -> str:
        episode = self.plan.episode
        member_fields = {
            "given_name": "name[0].given",
            "family_name": "name[0].family",
            "birth_date": "birthDate",
            "national_number": "identifier",
            "sex": "gender",
            "role": "extension",
        }
        if name.startswith("members."):
            _, index, *rest = name.split(".")
            entry = self.plan.members[int(index)][0]
            return entry.path(member_fields.get(rest[0], "") if rest else "")
        pregnant = self.plan.pregnant
        return {
            "members": pregnant.path(),
            "municipality_nis": pregnant.path("address"),
            "preferred_language": pregnant.path("communication"),
            "due_date": _ext_path(episode.index, s.EXT_DUE_DATE),
            "parity": _ext_path(episode.index, s.EXT_PARITY),
            "plurality": _ext_path(episode.index, s.EXT_PLURALITY),
            "risk_level": _ext_path(episode.index, s.EXT_RISK_LEVEL),
            "pregnant_person_id": episode.path("patient"),
            "consent.categories": self.consent.path("provision.code"),
            "consent.recorded_via": _ext_path(self.consent.index, s.EXT_RECORDED_VIA),
            "consent.given_at": self.consent.path("dateTime"),
        }.get(name, episode.path())


def _as_bundle_error(exc: DomainError, where) -> BundleError:
    code = {404: "not-found", 409: "conflict"}.get(exc.status, "invalid")
    issues = [
        issue(code, message, where(name)) for name, messages in exc.errors.items() for message in messages
    ]
    return BundleError(exc.status, issues or [issue(code, str(exc.message))])


def import_bundle(actor, body, ctx) -> dict:
    problems = _structure(body)
    if problems:
        raise BundleError(400, problems)
    entries = _entries(body)
    plan = _plan(entries)
    episode = plan.episode.resource
    ep = plan.episode

    if not actor.is_professional or actor.organisation_id is None:
        raise NotFound()
    managing = _reference_id(episode, "managingOrganization", "Organization", ep.path("managingOrganization"))
    if managing:
        organisation = Organisation.objects.filter(public_id=managing, pk__in=actor.organisation_ids).first()
        if organisation is None:
            raise BundleError(
                422,
                [
                    issue(
                        "business-rule",
                        _("Een traject wordt beheerd door een organisatie waarvoor u werkt."),
                        ep.path("managingOrganization"),
                    )
                ],
            )
        actor = actor_for(actor.user, organisation_id=organisation.pk, channel=actor.channel)
    coordinator = None
    manager = _reference_id(episode, "careManager", "Practitioner", ep.path("careManager"))
    if manager:
        coordinator = Professional.objects.filter(public_id=manager).first()
        if coordinator is None:
            raise BundleError(
                422, [issue("not-found", _("Onbekende zorgcoördinator."), ep.path("careManager"))]
            )
    if episode.get("status") not in ("active", "planned", "waitlist"):
        raise BundleError(
            422,
            [issue("business-rule", _("Alleen een lopend traject kan ingelezen worden."), ep.path("status"))],
        )

    # The consent for the managing organisation starts the trajectory; the others follow it.
    subjects = {id(c): _consent_subject(c) for c in plan.consents}
    creator_consent = next(
        (
            c
            for c in plan.consents
            if subjects[id(c)][0] == "organisation" and subjects[id(c)][1].pk == actor.organisation_id
        ),
        None,
    )
    if creator_consent is None:
        raise BundleError(
            422,
            [
                issue(
                    "business-rule",
                    _("De Bundle bevat geen toestemming voor de organisatie die het traject beheert."),
                    "Bundle.entry",
                )
            ],
        )
    if creator_consent.resource.get("status") != "active":
        raise BundleError(
            422,
            [
                issue(
                    "business-rule",
                    _("Een traject start met een geldige toestemming."),
                    creator_consent.path("status"),
                )
            ],
        )
    where = FieldMap(plan, creator_consent)
    due = s.extension_value(episode, s.EXT_DUE_DATE, "valueDate")
    if not due:
        raise BundleError(422, [issue("required", _("Geef de uitgerekende datum."), where("due_date"))])
    try:
        due_date = dt.date.fromisoformat(due)
    except ValueError:
        raise BundleError(
            422, [issue("invalid", _("Geef een volledige uitgerekende datum."), where("due_date"))]
        ) from None

    try:
        with transaction.atomic():
            family = services.family_create(
                actor=actor,
                municipality_nis=_municipality(plan.pregnant),
                preferred_language=_language(plan.pregnant),
                interpreter_needed=bool(
                    s.extension_value(plan.pregnant.resource, s.INTERPRETER_REQUIRED, "valueBoolean")
                ),
                members=[member for _entry, member in plan.members],
            )
            people = list(family.members.order_by("pk"))
            by_entry = {}
            for (entry, _member), person in zip(
                plan.members, _match(people, [m for _e, m in plan.members]), strict=True
            ):
                by_entry[entry.index] = person
            trajectory = services.trajectory_create(
                actor=actor,
                family=family,
                pregnant_person=by_entry[plan.pregnant.index],
                due_date=due_date,
                parity=s.extension_value(episode, s.EXT_PARITY, "valueCode") or "",
                plurality=s.extension_value(episode, s.EXT_PLURALITY, "valuePositiveInt") or 1,
                consent_categories=_categories(creator_consent),
                recorded_via=_recorded_via(creator_consent),
                consent_given_at=_given_at(creator_consent),
                coordinator=coordinator,
                risk_level=s.extension_value(episode, s.EXT_RISK_LEVEL, "valueCode") or "low",
            )
            consents = {creator_consent.index: trajectory.consents.get()}
            # Past (inactive) consents first: a subject has one open consent, and a later active consent
            # for the same subject must not be amended and then withdrawn by its own history.
            history_first = sorted(plan.consents, key=lambda e: e.resource.get("status") != "inactive")
            for entry in history_first:
                if entry is creator_consent:
                    continue
                kind, subject = subjects[id(entry)]
                try:
                    consents[entry.index] = services.consent_give(
                        actor=actor,
                        trajectory=trajectory,
                        categories=_categories(entry),
                        recorded_via=_recorded_via(entry),
                        given_at=_given_at(entry),
                        **{kind: subject},
                    )
                    if entry.resource.get("status") == "inactive":
                        services.consent_withdraw(
                            actor=actor, consent=consents[entry.index], recorded_via=_recorded_via(entry)
                        )
                except DomainError as exc:
                    raise _as_bundle_error(
                        exc,
                        lambda name, e=entry: e.path(
                            {
                                "categories": "provision.code",
                                "recorded_via": "extension",
                                "given_at": "dateTime",
                            }.get(name, "")
                        ),
                    ) from exc
    except BundleError:
        raise
    except DomainError as exc:
        raise _as_bundle_error(exc, where) from exc

    locations = {ep.index: f"EpisodeOfCare/{trajectory.public_id}"}
    for index, person in by_entry.items():
        kind = "Patient" if person.role in (PersonRole.PREGNANT_PARENT, PersonRole.CHILD) else "RelatedPerson"
        locations[index] = f"{kind}/{person.public_id}"
    for index, consent in consents.items():
        locations[index] = f"Consent/{consent.public_id}"
    return {
        "resourceType": "Bundle",
        "type": "transaction-response",
        "entry": [
            {"response": {"status": "201 Created", "location": locations[entry.index]}}
            for entry in sorted((e for e in entries), key=lambda e: e.index)
        ],
    }


def _match(people, members):
    """family_create keeps the order of its members; map them back one by one."""
    remaining = list(people)
    matched = []
    for member in members:
        person = next(
            p
            for p in remaining
            if p.given_name == member.given_name.strip()
            and p.family_name == member.family_name.strip()
            and p.role == member.role
        )
        remaining.remove(person)
        matched.append(person)
    return matched


IMPORTED_TYPES = ("Patient", "RelatedPerson", "EpisodeOfCare", "Consent")


def as_transaction(resources: list[dict]) -> dict:
    """A trajectory as exported (e.g. from $everything) -> the transaction Bundle that imports it elsewhere.

    Resources that the import creates get a `urn:uuid:` fullUrl and every reference to them is rewritten;
    references to the directory (Organization, Practitioner) stay as they are.
    """
    kept = [r for r in resources if r.get("resourceType") in IMPORTED_TYPES]
    local = {f"{r['resourceType']}/{r['id']}": f"urn:uuid:{uuid.uuid4()}" for r in kept}

    def rewrite(value):
        if isinstance(value, dict):
            return {
                k: (local.get(v, v) if k == "reference" and isinstance(v, str) else rewrite(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    entries = []
    for resource in kept:
        body = {k: rewrite(v) for k, v in resource.items() if k not in ("id", "meta")}
        entries.append(
            {
                "fullUrl": local[f"{resource['resourceType']}/{resource['id']}"],
                "resource": body,
                "request": {"method": "POST", "url": resource["resourceType"]},
            }
        )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
