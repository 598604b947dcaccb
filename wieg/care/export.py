"""Everything Wieg holds on one person, for a request under GDPR article 15: JSON and readable HTML.

The person, their account, their family (the other members by name and role only: their own numbers and
birth dates are theirs to ask for), every trajectory of the family with every row that hangs off it in any
app (found through the model relations, see relations.py), and the family's access log. The export itself
is logged as an access event, which never carries the national number.
"""

import datetime as dt
import decimal
import json
import uuid

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wieg.accounts.actor import SYSTEM

from . import audit
from .models import AccessEvent, Family, Person, Trajectory
from .relations import rows_of, trajectory_dependents

# Never part of an export: secrets, and the internal keys that mean nothing to a reader.
HIDDEN_FIELDS = {"id", "password", "code_hash", "token_hash", "key_hash"}
LANGUAGES = ("nl", "fr", "en")
ACCOUNT_FIELDS = {
    "username",
    "email",
    "first_name",
    "last_name",
    "kind",
    "preferred_language",
    "date_joined",
    "last_login",
}
# Another member of the family: who they are to the person, not their own identifiers.
MEMBER_FIELDS = {"role", "given_name", "family_name"}


def language_for(person: Person) -> str:
    for language in (getattr(person.user, "preferred_language", ""), person.family.preferred_language):
        if language in LANGUAGES:
            return language
    return "nl"


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(obj, *, hide=(), only=None) -> list[tuple[models.Field, object, str]]:
    """(field, value for JSON, value for a reader) of every concrete field that may be shown."""
    out = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in hide or (only and field.name not in only):
            continue
        if field.is_relation:
            value = getattr(obj, field.name)
            shown = str(value) if value is not None else ""
            out.append((field, shown or None, shown))
            continue
        value = getattr(obj, field.attname)
        if field.choices and value not in (None, ""):
            shown = str(getattr(obj, f"get_{field.name}_display")())
        elif isinstance(value, dict | list):
            shown = json.dumps(value, ensure_ascii=False) if value else ""
        elif isinstance(value, bool):
            shown = translation.gettext("ja") if value else translation.gettext("nee")
        else:
            shown = "" if value is None else str(_json_value(value))
        out.append((field, _json_value(value), shown))
    return out


def _record(obj, *, hide=(), only=None) -> dict:
    fields = _fields(obj, hide=hide, only=only)
    return {
        "json": {f.name: v for f, v, _ in fields},
        "rows": [(str(f.verbose_name), shown) for f, _, shown in fields if shown != ""],
    }


def _section(model, records: list[dict]) -> dict:
    return {
        "model": model._meta.label,
        "title": str(model._meta.verbose_name_plural),
        "records": records,
    }


def collect(person: Person) -> dict:
    """The export's content: `json` for the machine-readable file, the rest for the page."""
    family: Family = person.family
    others = family.members.exclude(pk=person.pk)
    trajectories = list(Trajectory.objects.filter(family=family).order_by("start_date", "pk"))
    ids = [t.pk for t in trajectories]
    by_trajectory: dict[int, list[dict]] = {t.pk: [] for t in trajectories}
    for model, lookup in trajectory_dependents():
        rows = list(rows_of(model, lookup, ids).annotate(_export_trajectory=models.F(lookup)))
        grouped: dict[int, list] = {}
        for row in rows:
            if getattr(row, "person_id", person.pk) != person.pk:
                continue  # about another member (an invitation to the co-parent): theirs to ask for
            grouped.setdefault(row._export_trajectory, []).append(_record(row))
        for trajectory_id, records in grouped.items():
            by_trajectory[trajectory_id].append(_section(model, records))
    events = (
        AccessEvent.objects.filter(family=family)
        .select_related("professional", "organisation", "user")
        .order_by("at", "pk")
    )
    access_log = [
        {
            "at": e.at.isoformat(),
            "who": _who(e),
            "organisation": e.organisation_name or (e.organisation.name if e.organisation else ""),
            "action": e.action,
            "action_label": str(e.get_action_display()),
            "object_type": e.object_type,
            "category": e.category,
            "category_label": str(e.get_category_display()) if e.category else "",
            "break_glass": e.break_glass,
            "detail": e.detail,
        }
        for e in events
    ]
    account = _record(person.user, only=ACCOUNT_FIELDS) if person.user else None
    person_record = _record(person, hide={"user"})
    family_record = _record(family, hide={"created_by"})
    member_records = [_record(m, only=MEMBER_FIELDS) for m in others]
    trajectory_records = [
        {**_record(t), "sections": by_trajectory[t.pk], "public_id": str(t.public_id)} for t in trajectories
    ]
    data = {
        "article": "GDPR art. 15",
        "generated_at": timezone.now().isoformat(),
        "person": person_record["json"],
        "account": account["json"] if account else None,
        "family": {**family_record["json"], "other_members": [m["json"] for m in member_records]},
        "trajectories": [
            {
                **t["json"],
                "records": {s["model"]: [r["json"] for r in s["records"]] for s in t["sections"]},
            }
            for t in trajectory_records
        ],
        "access_log": access_log,
    }
    return {
        "json": data,
        "person": person_record,
        "account": account,
        "family": family_record,
        "members": member_records,
        "trajectories": trajectory_records,
        "access_log": access_log,
    }


def _who(event: AccessEvent) -> str:
    if event.author_name:
        return event.author_name
    if event.professional:
        return event.professional.display_name
    if event.user:
        return event.user.get_full_name() or event.user.username
    return translation.gettext("systeem")


@transaction.atomic
def person_export(*, person: Person, actor=SYSTEM, language: str | None = None) -> tuple[str, str]:
    """(JSON, HTML) of everything held on `person`, in their language; the export is logged."""
    language = language if language in LANGUAGES else language_for(person)
    with translation.override(language):
        content = collect(person)
        html = render_to_string(
            "care/person_export.html", {**content, "display_name": person.display_name, "language": language}
        )
    audit.record(actor, "export", person, family=person.family, detail="inzage AVG art. 15")
    return json.dumps(content["json"], ensure_ascii=False, indent=2, sort_keys=False), html
