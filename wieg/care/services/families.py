import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wieg.core.errors import Conflict, Forbidden, InvalidInput
from wieg.core.inputs import EARLIEST_DATE
from wieg.core.models import Municipality
from wieg.directory.models import Organisation

from .. import audit
from ..identifiers import clean_national_number
from ..models import CoordinatorAssignment, Family, FamilyLanguage, Person, PersonRole, Sex, Trajectory
from ..policies import can, can_break_glass


@dataclass
class MemberInput:
    role: str
    given_name: str
    family_name: str
    birth_date: dt.date | None = None
    sex: str = Sex.UNKNOWN
    national_number: str | None = None


def _require_professional(actor):
    if not actor.is_professional or actor.organisation_id is None:
        raise Forbidden()


def _clean_member(member: MemberInput, index: int) -> dict:
    prefix = f"members.{index}."
    errors = {}
    if member.role not in PersonRole.values:
        errors[prefix + "role"] = [_("Onbekende rol.")]
    if member.sex not in Sex.values:
        errors[prefix + "sex"] = [_("Onbekend geslacht.")]
    if not (member.given_name or "").strip():
        errors[prefix + "given_name"] = [_("Vul een voornaam in.")]
    if not (member.family_name or "").strip():
        errors[prefix + "family_name"] = [_("Vul een familienaam in.")]
    if member.birth_date and member.birth_date > timezone.localdate():
        errors[prefix + "birth_date"] = [_("Een geboortedatum ligt niet in de toekomst.")]
    elif member.birth_date and member.birth_date < EARLIEST_DATE:
        # The national number encodes births from 1900 on (domain-facts 7): no member is older.
        errors[prefix + "birth_date"] = [
            _("Een geboortedatum ligt niet voor %(d)s.") % {"d": EARLIEST_DATE.strftime("%d/%m/%Y")}
        ]
    try:
        number = clean_national_number(member.national_number, field=prefix + "national_number")
    except InvalidInput as exc:
        errors.update(exc.errors)
        number = None
    if errors:
        raise InvalidInput(errors=errors)
    return {
        "role": member.role,
        "given_name": member.given_name.strip(),
        "family_name": member.family_name.strip(),
        "birth_date": member.birth_date,
        "sex": member.sex,
        "national_number": number,
    }


def coordinating_organisation(person: Person) -> Organisation | None:
    assignment = (
        CoordinatorAssignment.objects.filter(
            trajectory__family_id=person.family_id, trajectory__status="active", end__isnull=True
        )
        .select_related("organisation")
        .first()
    )
    return assignment.organisation if assignment else None


def _refuse_twin(number: str, field: str):
    existing = Person.objects.filter(national_number=number).first()
    if existing is None:
        return
    organisation = coordinating_organisation(existing)
    if organisation:
        message = _(
            "Dit rijksregisternummer is al gekend. Het gezin wordt gecoördineerd door %(organisation)s: "
            "vraag om in het zorgteam te komen in plaats van een tweede dossier te maken."
        ) % {"organisation": organisation.name}
    else:
        message = _("Dit rijksregisternummer is al gekend in Wieg.")
    raise Conflict(message, field=field)


def _languages(role: str, family: Family) -> dict:
    """The parents start with the family's language and interpreter need; each can be set apart later."""
    if role == PersonRole.CHILD:
        return {"preferred_language": family.preferred_language}
    interpreter = family.interpreter_needed
    return {
        "preferred_language": family.preferred_language,
        "interpreter_needed": interpreter,
        "interpreter_language": family.preferred_language if interpreter else "",
    }


@transaction.atomic
def family_create(
    *,
    actor,
    municipality_nis: str,
    preferred_language: str = "nl",
    interpreter_needed: bool = False,
    members: list[MemberInput],
) -> Family:
    _require_professional(actor)
    errors = {}
    municipality = Municipality.objects.in_scope().valid_on().filter(nis_code=municipality_nis).first()
    if municipality is None:
        errors["municipality_nis"] = [
            _("Onbekende gemeente: geef de NIS-code van een Vlaamse of Brusselse gemeente.")
        ]
    if preferred_language not in FamilyLanguage.values:
        errors["preferred_language"] = [_("Onbekende taal.")]
    if not members:
        errors["members"] = [_("Een gezin heeft minstens één lid.")]
    cleaned = []
    for index, member in enumerate(members):
        try:
            cleaned.append(_clean_member(member, index))
        except InvalidInput as exc:
            errors.update(exc.errors)
    numbers = [m["national_number"] for m in cleaned if m["national_number"]]
    if len(numbers) != len(set(numbers)):
        errors["members"] = [_("Hetzelfde rijksregisternummer staat twee keer in het gezin.")]
    if errors:
        raise InvalidInput(errors=errors)
    for index, data in enumerate(cleaned):
        if data["national_number"]:
            _refuse_twin(data["national_number"], f"members.{index}.national_number")

    family = Family.objects.create(
        municipality=municipality,
        preferred_language=preferred_language,
        interpreter_needed=interpreter_needed,
        created_by_id=actor.professional_id,
    )
    try:
        with transaction.atomic():
            Person.objects.bulk_create(
                [Person(family=family, **data, **_languages(data["role"], family)) for data in cleaned]
            )
    except IntegrityError as exc:  # a concurrent request registered the same number first
        raise Conflict(_("Dit rijksregisternummer is intussen al gekend."), field="members") from exc
    audit.record(actor, "create", family, category="contact")
    return family


@transaction.atomic
def person_add(*, actor, family: Family, member: MemberInput) -> Person:
    if not can(actor, "contact.change", family) and not (
        actor.is_professional
        and family.created_by_id == actor.professional_id
        and not family.trajectories.exists()
    ):
        raise Forbidden()
    data = _clean_member(member, 0)
    if data["national_number"]:
        _refuse_twin(data["national_number"], "national_number")
    person = Person.objects.create(family=family, **data)
    audit.record(actor, "create", person, family=family, category="contact")
    return person


@dataclass
class LookupResult:
    found: bool
    organisation: Organisation | None = None
    has_access: bool = False
    trajectory: Trajectory | None = None
    family: Family | None = None
    may_break_glass: bool = False


@transaction.atomic
def family_lookup(*, actor, national_number: str) -> LookupResult:
    """Is this person known? Say only who coordinates and whether the caller already has access.

    The file itself (the trajectory) is named only to whoever sees it already or may open it in an
    emergency (ADR 0004): a national number alone never leads anyone else to a file."""
    _require_professional(actor)
    number = clean_national_number(national_number)
    person = Person.objects.filter(national_number=number).select_related("family").first()
    if person is None:
        return LookupResult(found=False)
    trajectory = (
        Trajectory.objects.filter(family_id=person.family_id, status="active").order_by("-due_date").first()
    )
    visible = Family.objects.filter(pk=person.family_id).visible_to(actor).exists()
    may_break_glass = bool(not visible and trajectory and can_break_glass(actor, trajectory))
    audit.record(
        actor,
        "search",
        person.family,
        trajectory=trajectory,
        category="contact",
        detail="lookup by national number",
    )
    return LookupResult(
        found=True,
        organisation=coordinating_organisation(person),
        has_access=visible,
        trajectory=trajectory if visible or may_break_glass else None,
        family=person.family if visible else None,
        may_break_glass=may_break_glass,
    )
