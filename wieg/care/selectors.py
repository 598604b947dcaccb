"""Reads on the care heart. Every query goes through the access policy (visible_to / scope)."""

import datetime as dt

from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from wieg.core.registry import registry

from .models import (
    AccessEvent,
    BreakGlassAccess,
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Exclusion,
    Family,
    Person,
    Trajectory,
)
from .policies import scope


def _my_membership(actor, now):
    return CareTeamMember.objects.filter(
        trajectory=OuterRef("pk"), professional_id=actor.professional_id, start__lte=now
    ).filter(Q(end__isnull=True) | Q(end__gt=now))


def _my_coordination(actor):
    return CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), professional_id=actor.professional_id, end__isnull=True
    )


def caseload(actor, *, role: str | None = None, status: str = "active"):
    """The actor's trajectories: as coordinator, as team member (not coordinator), or both. A fixed number of
    queries whatever the size: everything a row shows is joined or annotated."""
    now = timezone.now()
    coordinator = CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk"), end__isnull=True)
    qs = (
        Trajectory.objects.visible_to(actor)
        .filter(Exists(_my_membership(actor, now)))
        .select_related("pregnant_person", "child", "family__municipality")
        .annotate(
            is_mine=Exists(_my_coordination(actor)),
            coordinator_name=Subquery(
                coordinator.annotate(
                    n=Concat(
                        F("professional__given_name"),
                        Value(" "),
                        F("professional__family_name"),
                        output_field=CharField(),
                    )
                ).values("n")[:1]
            ),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if role == "coordinator":
        qs = qs.filter(is_mine=True)
    elif role == "member":
        qs = qs.filter(is_mine=False)
    for annotate in registry.caseload_annotations:
        qs = annotate(qs, actor)
    return qs.order_by("due_date", "pk")


def trajectory_get(actor, public_id, category: str = "contact") -> Trajectory:
    """One trajectory the actor may see, or Trajectory.DoesNotExist (404 for missing and forbidden alike)."""
    return (
        Trajectory.objects.visible_to(actor, category)
        .select_related("family__municipality", "pregnant_person", "child")
        .get(public_id=public_id)
    )


def family_get(actor, public_id) -> Family:
    return Family.objects.visible_to(actor).select_related("municipality").get(public_id=public_id)


def members_of(trajectory: Trajectory):
    return Person.objects.filter(family_id=trajectory.family_id).order_by("role", "birth_date", "pk")


def team_of(trajectory: Trajectory, *, include_ended: bool = False):
    qs = CareTeamMember.objects.filter(trajectory=trajectory).select_related("professional", "organisation")
    if not include_ended:
        qs = qs.active()
    return qs.order_by("start", "pk")


def coordinator_of(trajectory: Trajectory) -> CoordinatorAssignment | None:
    return (
        CoordinatorAssignment.objects.filter(trajectory=trajectory, end__isnull=True)
        .select_related("professional", "organisation")
        .first()
    )


def coordinator_history(trajectory: Trajectory):
    return (
        CoordinatorAssignment.objects.filter(trajectory=trajectory)
        .select_related("professional", "organisation")
        .order_by("start")
    )


def consents_of(trajectory: Trajectory, *, include_withdrawn: bool = True):
    qs = Consent.objects.filter(trajectory=trajectory).select_related("organisation", "professional")
    if not include_withdrawn:
        qs = qs.active()
    return qs.order_by("-given_at")


def exclusions_of(trajectory: Trajectory):
    return Exclusion.objects.filter(trajectory=trajectory, lifted_at__isnull=True).select_related(
        "professional"
    )


def access_log(actor, trajectory: Trajectory):
    """Who looked at or changed the file. Only the coordinator and the parents may read it."""
    if not scope(actor, "access_log.view", Trajectory.objects.filter(pk=trajectory.pk)).exists():
        raise Trajectory.DoesNotExist
    return AccessEvent.objects.filter(
        Q(trajectory=trajectory) | Q(family_id=trajectory.family_id, trajectory__isnull=True)
    ).order_by("-at", "-id")


def break_glass_queue(actor, *, open_only: bool = True):
    """For reviewers: break-the-glass openings by professionals of their organisation. No care data."""
    if not actor.is_professional or "reviewer" not in actor.roles:
        return BreakGlassAccess.objects.none()
    qs = BreakGlassAccess.objects.filter(organisation_id=actor.organisation_id).select_related(
        "professional", "trajectory", "reviewed_by"
    )
    if open_only:
        qs = qs.filter(reviewed_at__isnull=True)
    return qs.order_by("-opened_at")


def active_break_glass(actor, trajectory: Trajectory) -> BreakGlassAccess | None:
    now = timezone.now()
    return BreakGlassAccess.objects.filter(
        trajectory=trajectory, professional_id=actor.professional_id, opened_at__lte=now, expires_at__gt=now
    ).first()


def find_by_name(actor, *, family_name: str, birth_date: dt.date):
    """Visible matches with their trajectory, and for matches the actor may not see only who coordinates.

    Returns (visible trajectories, names of the coordinating organisations of hidden matches, hidden
    families); the caller logs a search event on every family the answer revealed, hidden ones included.
    """
    people = Person.objects.filter(family_name__iexact=family_name.strip(), birth_date=birth_date)
    visible_families = Family.objects.visible_to(actor).values("pk")
    visible = (
        Trajectory.objects.visible_to(actor)
        .filter(family__members__in=people)
        .select_related("pregnant_person", "family__municipality")
        .distinct()
    )
    hidden = list(
        CoordinatorAssignment.objects.filter(
            end__isnull=True, trajectory__status="active", trajectory__family__members__in=people
        )
        .exclude(trajectory__family__in=visible_families)
        .select_related("organisation", "trajectory__family")
        .distinct()
    )
    return (
        list(visible),
        sorted({a.organisation.name for a in hidden}),
        list({a.trajectory.family for a in hidden}),
    )
