"""Small helpers the providers share: parsing search values, dates, references."""

import datetime as dt
import functools
import uuid

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wieg.core.errors import InvalidInput


def uuid_of(value: str, *, field: str) -> uuid.UUID:
    """'Patient/3f2c...' or '3f2c...' -> UUID; anything else is a field error (never a 500)."""
    raw = (value or "").rsplit("/", 1)[-1].strip()
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise InvalidInput(_("Geen geldige id: %(value)s.") % {"value": raw[:80]}, field=field) from exc


def by_id(qs, value: str):
    """`_id=a,b`: the rows with these public ids."""
    return qs.filter(public_id__in=[uuid_of(v, field="_id") for v in value.split(",")])


def person_reference_params(path: str, search_param):
    """`patient` and `subject` both name the person on `path` (a public id lookup)."""
    return tuple(
        search_param(name, "reference", functools.partial(_by_person, path=path, name=name))
        for name in ("patient", "subject")
    )


def _by_person(qs, value: str, *, path: str, name: str):
    return qs.filter(**{path: uuid_of(value, field=name)})


def token(value: str) -> tuple[str | None, str]:
    """'system|code' -> (system, code); 'code' -> (None, code)."""
    if "|" in value:
        system, code = value.split("|", 1)
        return system or None, code
    return None, value


PREFIXES = {"eq": "", "ge": "__gte", "le": "__lte", "gt": "__gt", "lt": "__lt"}


def date_filter(field_name: str, value: str, *, param: str) -> Q:
    """FHIR date search with a prefix (eq, ge, le, gt, lt) on a day, a month or a year."""
    prefix = value[:2] if value[:2] in PREFIXES or value[:2] in {"ne", "sa", "eb", "ap"} else "eq"
    raw = value[2:] if value[:2] == prefix else value
    if prefix not in PREFIXES:
        raise InvalidInput(_("Dit voorvoegsel wordt niet ondersteund: %(p)s.") % {"p": prefix}, field=param)
    try:
        parts = [int(p) for p in raw.split("-")]
        if len(parts) == 3:
            start = end = dt.date(*parts)
        elif len(parts) == 2:
            start = dt.date(parts[0], parts[1], 1)
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        elif len(parts) == 1:
            start, end = dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        else:
            raise ValueError(raw)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(_("Geen geldige datum: %(value)s.") % {"value": raw[:40]}, field=param) from exc
    if prefix == "eq":
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})
    if prefix in {"ge", "gt"}:
        bound = start if prefix == "ge" else end
        return Q(**{f"{field_name}{PREFIXES[prefix]}": bound})
    bound = end if prefix == "le" else start
    return Q(**{f"{field_name}{PREFIXES[prefix]}": bound})


def instant(value) -> str | None:
    return value.isoformat() if value else None


def period(start=None, end=None) -> dict | None:
    result = {}
    if start:
        result["start"] = start.isoformat()
    if end:
        result["end"] = end.isoformat()
    return result or None


def meta(obj) -> dict:
    updated = getattr(obj, "updated_at", None)
    return {"lastUpdated": updated.isoformat()} if updated else {}


def clean(resource: dict) -> dict:
    """Drop empty values at the top level so that resources carry no empty arrays or nulls."""
    return {k: v for k, v in resource.items() if v not in (None, [], {}, "")}


@functools.lru_cache(maxsize=1024)
def _label(choices, code: str, language: str | None) -> str:
    return str(dict(choices.choices).get(code, code))


def label(choices, code: str) -> str:
    """The display text of a code in the active language, cached: exports write it a million times."""
    return _label(choices, code, get_language())
