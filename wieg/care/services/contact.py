"""Changing a person's contact details: the team with the family's consent, or a parent her own phone and
e-mail. One transaction, one access event naming which parts changed, never their content."""

from django.db import transaction
from django.utils.translation import gettext as _

from wieg.core.errors import Forbidden, InvalidInput

from .. import audit
from ..contact import ContactInput, PhoneInput, clean_contact, clean_email, clean_phones
from ..models import Person, Trajectory
from ..policies import contact_change_fields

# Model fields -> the part of the contact details the access log names, and the API field path of that part.
PARTS = {
    "street": "address",
    "house_number": "address",
    "box": "address",
    "postal_code": "address",
    "address_municipality": "address",
    "phones": "phones",
    "email": "email",
    "preferred_language": "preferred_language",
    "interpreter_needed": "interpreter_needed",
    "interpreter_language": "interpreter_language",
    "safe_to_contact": "safe_to_contact",
    "contact_note": "contact_note",
}


def _refuse_parent_changes(person: Person, values: dict, allowed: frozenset):
    """A parent sends the whole contact object back: what she may not change must stay as it is."""
    errors = {}
    for name, value in values.items():
        part = PARTS[name]
        if part in allowed or part in errors:
            continue
        current = person.address_municipality_id if name == "address_municipality" else getattr(person, name)
        new = value.pk if name == "address_municipality" and value is not None else value
        if current != new:
            errors[part] = [
                _("Uw telefoonnummers en e-mailadres past u zelf aan; de rest doet uw zorgcoördinator.")
            ]
    if errors:
        raise InvalidInput(errors=errors)


def _current_trajectory(person: Person) -> Trajectory | None:
    return (
        Trajectory.objects.filter(family_id=person.family_id)
        .order_by("status", "-start_date", "-pk")
        .only("pk", "public_id", "family_id")
        .first()
    )


def _save(actor, person: Person, values: dict, trajectory: Trajectory | None) -> Person:
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
        parts = sorted({PARTS[name] for name in changed})
        audit.record(
            actor,
            "update",
            person,
            family=person.family,
            trajectory=trajectory or _current_trajectory(person),
            category="contact",
            break_glass=False,
            detail="contact details: " + ", ".join(parts),
        )
    return person


@transaction.atomic
def person_contact_update(
    *, actor, person: Person, data: ContactInput, trajectory: Trajectory | None = None
) -> Person:
    """Set a person's contact details. Everything is checked before anything is saved."""
    allowed = contact_change_fields(actor, person)
    if allowed is None:
        raise Forbidden()
    values = clean_contact(data)
    if "all" not in allowed:
        _refuse_parent_changes(person, values, allowed)
        values = {k: v for k, v in values.items() if PARTS[k] in allowed}
    return _save(actor, person, values, trajectory)


@transaction.atomic
def person_contact_correct(
    *, actor, person: Person, phones: list[PhoneInput], email: str, trajectory: Trajectory | None = None
) -> Person:
    """Correct only the phone numbers and e-mail address: what a parent may do for herself (the portal)."""
    allowed = contact_change_fields(actor, person)
    if allowed is None:
        raise Forbidden()
    errors: dict = {}
    values = {"phones": clean_phones(phones, errors), "email": clean_email(email, errors)}
    if errors:
        raise InvalidInput(errors=errors)
    return _save(actor, person, values, trajectory)
