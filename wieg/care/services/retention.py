"""The retention job: WIEG_RETENTION_DAYS_AFTER_DAY_1000 days after day 1000, a closed trajectory is
pseudonymised. Its rows stay (dates, codes, statuses, categories: what monitoring counts), its free text
and the identity of its people go. The access log stays untouched: it proves who read what.

A family's people (parents and children) are pseudonymised once every trajectory of the family is.
"""

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from wieg.accounts.actor import SYSTEM

from .. import audit
from ..models import Person, Trajectory, TrajectoryStatus
from ..relations import rows_of, trajectory_dependents

# Rows that are nothing but personal data: they go.
DELETED = {"portal.Invitation"}
# Text or JSON fields that hold catalogue content, not what someone wrote or answered: they stay.
KEPT = {
    "pathways.PlanItem.labels",
    "screening.Suggestion.action",
    "screening.Suggestion.label",
    "screening.Suggestion.flag_codes",
}
# Short text fields with free or identifying content beside the TextFields and JSONFields.
ERASED = {
    "pathways.Contact.location",
    "booklets.Distribution.replacement_note",
    "pathways.PlanItem.cancelled_reason",
    "pathways.PlanEvent.detail",
    "booklets.Distribution.received_from",
}


def retention_due_before(today: dt.date | None = None) -> dt.date:
    """Trajectories whose day 1000 fell before this day are due."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.WIEG_RETENTION_DAYS_AFTER_DAY_1000)


def _erasure(model) -> dict:
    """The UPDATE that blanks a model's personal content."""
    values: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        name = f"{model._meta.label}.{field.name}"
        if name in KEPT:
            continue
        if isinstance(field, models.JSONField):
            values[field.name] = None if field.null else (field.get_default() if field.has_default() else {})
        elif isinstance(field, models.TextField) or name in ERASED:
            values[field.name] = None if field.null and not field.blank else ""
    return values


def trajectory_apply_retention(*, today: dt.date | None = None) -> int:
    """Pseudonymise every due trajectory; returns how many. Idempotent: a done one is never touched again."""
    due = Trajectory.objects.filter(
        status=TrajectoryStatus.CLOSED,
        personal_data_erased_on__isnull=True,
        end_date__lt=retention_due_before(today),
    ).order_by("pk")
    done = 0
    for trajectory in due.iterator(chunk_size=200):
        with transaction.atomic():
            _pseudonymise(trajectory, today or timezone.localdate())
        done += 1
    return done


def _pseudonymise(trajectory: Trajectory, today: dt.date) -> None:
    ids = [trajectory.pk]
    # The parents' accounts: a row that a parent recorded (a consent in the portal) no longer names them.
    parent_users = list(
        Person.objects.filter(family_id=trajectory.family_id, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    for model, lookup in trajectory_dependents():
        rows = rows_of(model, lookup, ids)
        if model._meta.label in DELETED:
            rows.delete()
            continue
        values = _erasure(model)
        if values:
            rows.update(**values)
        for field in _user_fields(model):
            by_parent = rows.filter(**{f"{field.name}__in": parent_users})
            if field.name == "recorded_by" and any(f.name == "recorded_by_name" for f in model._meta.fields):
                by_parent.update(recorded_by_name="")
            by_parent.update(**{field.name: None})
    Trajectory.objects.filter(pk=trajectory.pk).update(personal_data_erased_on=today)
    family_pending = Trajectory.objects.filter(
        family_id=trajectory.family_id, personal_data_erased_on__isnull=True
    ).exists()
    if not family_pending:
        people = Person.objects.filter(family_id=trajectory.family_id)
        for model, lookup in _person_dependents():
            model._default_manager.filter(**{f"{lookup}__in": people}).delete()
        people.update(**_person_erasure())
    audit.record(SYSTEM, "delete", trajectory, detail="bewaartermijn verstreken: gepseudonimiseerd")


# What stays of a person: their place in the family and what monitoring may split on. Everything else
# (names, number, birth date, contact details, account) goes, including fields added later.
PERSON_KEPT = {
    "id",
    "public_id",
    "created_at",
    "updated_at",
    "family",
    "role",
    "sex",
    "preferred_language",
    "interpreter_needed",
    "interpreter_language",
    "safe_to_contact",
}


def _person_erasure() -> dict:
    values: dict[str, object] = {}
    for field in Person._meta.concrete_fields:
        if field.name in PERSON_KEPT or isinstance(field, models.BooleanField):
            continue
        if field.null:
            values[field.name] = None
        elif isinstance(field, models.JSONField):
            values[field.name] = field.get_default()
        else:
            values[field.name] = ""
    return values


def _user_fields(model) -> list:
    user_model = Person._meta.get_field("user").related_model
    return [
        f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model and f.null
    ]


def _person_dependents():
    return [
        (rel.related_model, rel.field.name)
        for rel in Person._meta.related_objects
        if rel.related_model._meta.label in DELETED
    ]
