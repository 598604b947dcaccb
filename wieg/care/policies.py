"""The one access policy. `can(actor, action, obj)` and `scope(actor, action, queryset)` share one rule set.

A professional sees a trajectory for a category of information when they are an active member of its
care team (the coordinator always is) for the organisation they act for now, the family's consent
covers that organisation or them for that category, and the parents have not excluded them. An open
break-the-glass access replaces consent for reading during a few hours, never for changes, and never
over an exclusion. Parents see their own family, except what professionals record in a team-only
category (psychosocial): of that they see only what they recorded themselves (ADR 0007, ADR 0012).
A system account acting for organisations (a bulk export) sees what those organisations may see now.
Analysts, administrators and everyone else see no care data.

Actions: "<category>.view", "<category>.change" for the four categories, and "team.manage",
"consent.manage", "access_log.view", "trajectory.manage", "break_glass.open", "self_screening.fill"
(a parent answers a questionnaire the team asked for).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wieg.directory.models import Membership

from .models import (
    CATEGORIES,
    BreakGlassAccess,
    CareTeamMember,
    Category,
    Consent,
    CoordinatorAssignment,
    Exclusion,
    Family,
    Person,
    Trajectory,
)

NOTHING = Q(pk__in=[])

# What professionals record in these categories (their screenings with flags and suggestions, contact
# notes, and everything derived from them on any channel) stays with the team the family's consent
# covers. Parents, a co-parent included, never get "<category>.view" for them: a co-parent may be the
# partner a screening names. Of these categories parents see only the rows they recorded themselves.
TEAM_ONLY = frozenset({Category.PSYCHOSOCIAL.value})


@dataclass(frozen=True)
class Records:
    """A model whose rows someone records on a trajectory; `author` is the field holding the user."""

    author: str


_records: dict[type, Records] = {}


def register_records(model, *, author: str) -> None:
    """Declares who recorded the rows of `model`, so that scope() can show parents their own rows of a
    team-only category (a self-screening they filled in) and nothing a professional recorded there."""
    _records[model] = Records(author=author)


def is_team_only(action_or_category: str) -> bool:
    return action_or_category.split(".", 1)[0] in TEAM_ONLY


def _category(action: str) -> str:
    category = action.split(".", 1)[0]
    return category if category in CATEGORIES else "contact"


def _consented_team_membership(actor, category: str, now, outer: str) -> Exists:
    consent = Consent.objects.filter(
        trajectory=OuterRef("trajectory"), withdrawn_at__isnull=True, **{category: True}
    ).filter(Q(organisation=OuterRef("organisation")) | Q(professional=OuterRef("professional")))
    membership = CareTeamMember.objects.filter(
        trajectory=OuterRef(outer),
        professional_id=actor.professional_id,
        # Only the membership of the organisation the professional acts for now: the log names it.
        organisation_id=actor.organisation_id,
        start__lte=now,
    ).filter(Q(end__isnull=True) | Q(end__gt=now))
    return Exists(membership.filter(Exists(consent)))


def _excluded(actor, outer: str) -> Exists:
    return Exists(
        Exclusion.objects.filter(
            trajectory=OuterRef(outer), professional_id=actor.professional_id, lifted_at__isnull=True
        )
    )


def _break_glass(actor, now, outer: str) -> Exists:
    return Exists(
        BreakGlassAccess.objects.filter(
            trajectory=OuterRef(outer),
            professional_id=actor.professional_id,
            opened_at__lte=now,
            expires_at__gt=now,
        )
    )


def _is_coordinator(actor, outer: str) -> Exists:
    return Exists(
        CoordinatorAssignment.objects.filter(
            trajectory=OuterRef(outer), professional_id=actor.professional_id, end__isnull=True
        )
    )


def _parent_of(actor, family_outer: str) -> Exists:
    return Exists(Person.objects.filter(family=OuterRef(family_outer), user_id=actor.user_id))


def organisation_condition(organisation_ids, action: str, *, now=None, outer: str = "pk") -> Q:
    """What organisations may see as organisations (their system account's bulk export), as one SQL
    condition on Trajectory rows: one of their professionals, still working for them, is an active care
    team member for them and not excluded by the parents, and the family's consent to the organisation
    covers the category. A consent to one professional personally does not extend to their organisation,
    and break-the-glass is personal: neither counts here."""
    if not organisation_ids or not action.endswith(".view"):
        return NOTHING
    now = now or timezone.now()
    consent = Consent.objects.filter(
        trajectory=OuterRef("trajectory"),
        organisation=OuterRef("organisation"),
        withdrawn_at__isnull=True,
        **{_category(action): True},
    )
    works_there = Membership.objects.filter(
        professional=OuterRef("professional"), organisation=OuterRef("organisation"), start__lte=now
    ).filter(Q(end__isnull=True) | Q(end__gt=now))
    excluded = Exclusion.objects.filter(
        trajectory=OuterRef("trajectory"), professional=OuterRef("professional"), lifted_at__isnull=True
    )
    membership = (
        CareTeamMember.objects.filter(
            trajectory=OuterRef(outer), organisation_id__in=sorted(organisation_ids), start__lte=now
        )
        .filter(Q(end__isnull=True) | Q(end__gt=now))
        .filter(Exists(consent), Exists(works_there))
        .exclude(Exists(excluded))
    )
    return Q(Exists(membership))


def trajectory_condition(actor, action: str, *, now=None, outer: str = "pk", family_outer: str = "family"):
    """The rule set as one SQL condition on Trajectory rows."""
    now = now or timezone.now()
    category = _category(action)
    if actor.is_parent and actor.user_id:
        if action.endswith(".view") and is_team_only(action):
            return NOTHING  # see register_records(): their own rows only
        if action.endswith(".view") or action in {"consent.manage", "access_log.view", "self_screening.fill"}:
            return Q(_parent_of(actor, family_outer))
        return NOTHING
    if actor.kind == "system":
        return organisation_condition(actor.organisation_ids, action, now=now, outer=outer)
    if not actor.is_professional:
        return NOTHING

    if action in {"team.manage", "trajectory.manage", "access_log.view"}:
        return (
            _is_coordinator(actor, outer)
            & _consented_team_membership(actor, "contact", now, outer)
            & ~_excluded(actor, outer)
        )
    sees = (
        _consented_team_membership(actor, category, now, outer) | _break_glass(actor, now, outer)
    ) & ~_excluded(actor, outer)
    if action.endswith(".view"):
        return sees
    if action.endswith(".change") or action == "consent.manage":
        # Break-the-glass is for reading in an emergency: changing the file or the family's consent
        # needs a real care relation.
        writes = _consented_team_membership(actor, category, now, outer) & ~_excluded(actor, outer)
        return writes & Q(status="active") if outer == "pk" else writes
    return NOTHING


def _own_records(actor, model) -> Q:
    """Rows of a registered model that a parent recorded themselves on their own family's trajectory."""
    records = _records.get(model)
    if records is None or not (actor.is_parent and actor.user_id):
        return NOTHING
    family = Trajectory.objects.filter(Q(_parent_of(actor, "family"))).values("pk")
    return Q(**{f"{records.author}_id": actor.user_id}, trajectory__in=family)


def scope(actor, action: str, queryset: QuerySet) -> QuerySet:
    """Only the rows of `queryset` that `actor` may `action`."""
    model = queryset.model
    if model is Trajectory:
        return queryset.filter(trajectory_condition(actor, action))
    if model is Family:
        visible = Trajectory.objects.filter(family=OuterRef("pk")).filter(trajectory_condition(actor, action))
        condition = Q(Exists(visible))
        if actor.is_professional and action.endswith(".view"):
            # A family just created through the API, before its trajectory exists, belongs to its creator.
            condition |= Q(created_by_id=actor.professional_id) & ~Q(
                Exists(Trajectory.objects.filter(family=OuterRef("pk")))
            )
        return queryset.filter(condition)
    if any(f.name == "trajectory" for f in model._meta.get_fields()):
        condition = Q(trajectory__in=scope(actor, action, Trajectory.objects.all()).values("pk"))
        if action.endswith(".view") and is_team_only(action):
            condition |= _own_records(actor, model)
        return queryset.filter(condition)
    raise TypeError(f"No access rule for {model.__name__}")


def can(actor, action: str, obj) -> bool:
    if action == "break_glass.open":
        return can_break_glass(actor, obj)
    model = type(obj)
    return scope(actor, action, model._default_manager.filter(pk=obj.pk)).exists()


def break_glass_eligible(actor) -> bool:
    """Disciplines that give urgent care, acting for an organisation that treats (settings, ADR 0004)."""
    return (
        actor.is_professional
        and actor.discipline in settings.WIEG_BREAK_GLASS_DISCIPLINES
        and actor.organisation_kind in settings.WIEG_BREAK_GLASS_ORGANISATION_KINDS
    )


def can_break_glass(actor, trajectory: Trajectory) -> bool:
    """Only an eligible professional who does not see the file yet, and whom the parents did not exclude."""
    if not break_glass_eligible(actor) or trajectory.status != "active":
        return False
    if Exclusion.objects.filter(
        trajectory=trajectory, professional_id=actor.professional_id, lifted_at__isnull=True
    ).exists():
        return False
    return not can(actor, "contact.view", trajectory)


def access_basis(actor, trajectory: Trajectory, category: str = "contact") -> str | None:
    """How the actor sees the trajectory: 'parent', 'team', 'break_glass' or None. The log records it."""
    if actor.is_parent:
        return "parent" if can(actor, f"{category}.view", trajectory) else None
    if not actor.is_professional:
        return None
    now = timezone.now()
    qs = Trajectory.objects.filter(pk=trajectory.pk)
    if qs.filter(_consented_team_membership(actor, category, now, "pk") & ~_excluded(actor, "pk")).exists():
        return "team"
    if qs.filter(_break_glass(actor, now, "pk") & ~_excluded(actor, "pk")).exists():
        return "break_glass"
    return None


def visible_categories(actor, trajectory: Trajectory) -> set[str]:
    """The categories the actor sees on the trajectory, what professionals recorded in them included.
    A parent's categories never include a team-only one."""
    return {c for c in CATEGORIES if can(actor, f"{c}.view", trajectory)}


# What a parent may correct of her own contact details; the rest is the team's, with the family's consent.
PARENT_CONTACT_FIELDS = frozenset({"phones", "email"})


def contact_change_fields(actor, person: Person) -> frozenset[str] | None:
    """Which of `person`'s contact details the actor may change: all for a professional who may change the
    family's contact category (or who registered the family and has not started its trajectory yet), phones
    and e-mail for a parent on her own person only, None for everyone else."""
    if actor.is_parent:
        own = actor.user_id is not None and person.user_id == actor.user_id
        return PARENT_CONTACT_FIELDS if own else None
    if not actor.is_professional:
        return None
    family = person.family
    if can(actor, "contact.change", family):
        return frozenset({"all"})
    if family.created_by_id == actor.professional_id and not family.trajectories.exists():
        return frozenset({"all"})
    return None


def sees_contact_of(actor, person: Person, *, family_visible: bool) -> bool:
    """Whether the actor sees this person's contact details, given that the actor sees the family for the
    contact category: a parent only her own (a co-parent's address can be a refuge)."""
    if not family_visible:
        return False
    if actor.is_parent:
        return actor.user_id is not None and person.user_id == actor.user_id
    return actor.is_professional
