"""Reads on the care heart. Every query goes through the access policy (visible_to / scope)."""

import datetime as dt

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from wieg.core.registry import registry
from wieg.directory.models import Membership, MembershipRole, Organisation, Professional

from .models import (
    AccessEvent,
    BreakGlassAccess,
    CareTeamMember,
    Consent,
    CoordinatorAssignment,
    Exclusion,
    Family,
    Person,
    ReviewMandate,
    Trajectory,
)
from .policies import TEAM_ONLY, scope


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


def family_with_members(actor, public_id) -> tuple[Family, list[Person], bool]:
    """A family the actor sees, its members with what their contact details need, and whether the actor
    sees the contact category. A family seen only for another category shows its members without contact
    details. Raises Family.DoesNotExist for missing and forbidden alike."""
    sees_contact = True
    family = (
        Family.objects.visible_to(actor, "contact")
        .select_related("municipality")
        .filter(public_id=public_id)
        .first()
    )
    if family is None:
        sees_contact = False
        for category in ("care_plan", "medical", "psychosocial"):
            family = (
                Family.objects.visible_to(actor, category)
                .select_related("municipality")
                .filter(public_id=public_id)
                .first()
            )
            if family is not None:
                break
    if family is None:
        raise Family.DoesNotExist
    members = list(
        Person.objects.filter(family=family)
        .select_related("address_municipality")
        .order_by("role", "birth_date", "pk")
    )
    return family, members, sees_contact


def members_of(trajectory: Trajectory):
    return (
        Person.objects.filter(family_id=trajectory.family_id)
        .select_related("address_municipality")
        .order_by("role", "birth_date", "pk")
    )


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
    qs = (
        Consent.objects.filter(trajectory=trajectory)
        .select_related("organisation", "professional")
        .prefetch_related("amendments")
    )
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
    detail: F | Case = F("detail")
    if actor.is_parent:
        # The log tells parents who looked at what category, never what a professional recorded in a
        # team-only one: an event's detail can name it ("suggestion caw_violence_residence accepted").
        detail = Case(When(category__in=sorted(TEAM_ONLY), then=Value("")), default=F("detail"))
    return (
        AccessEvent.objects.filter(
            Q(trajectory=trajectory) | Q(family_id=trajectory.family_id, trajectory__isnull=True)
        )
        .annotate(shown_detail=detail)
        .order_by("-at", "-id")
    )


def _reviewer_memberships():
    return Membership.objects.active().filter(role=MembershipRole.REVIEWER, organisation__active=True)


def _queue_condition(actor) -> Q:
    """Which openings a reviewer of the actor's organisation holds (docs/adr/0004): those of their own
    organisation; and, where the organisation has a review mandate for a province (or a central one),
    those of organisations there without a reviewer of their own and those left unreviewed too long."""
    own = Q(organisation_id=actor.organisation_id)
    provinces = list(
        ReviewMandate.objects.filter(organisation_id=actor.organisation_id).values_list(
            "province_id", flat=True
        )
    )
    if not provinces:
        return own
    area = Q() if None in provinces else Q(organisation__municipality__province_id__in=provinces)
    no_reviewer_at_home = ~Exists(_reviewer_memberships().filter(organisation_id=OuterRef("organisation_id")))
    return own | (area & (no_reviewer_at_home | Q(escalated_at__isnull=False)))


def break_glass_queue(actor, *, open_only: bool = True):
    """For reviewers: the break-the-glass openings they hold, never their own. No care data."""
    if not actor.is_professional or "reviewer" not in actor.roles:
        return BreakGlassAccess.objects.none()
    qs = (
        BreakGlassAccess.objects.filter(_queue_condition(actor))
        .exclude(professional_id=actor.professional_id)
        .select_related("professional", "organisation", "trajectory", "reviewed_by")
    )
    if open_only:
        qs = qs.filter(reviewed_at__isnull=True)
    return qs.order_by("-opened_at")


def reviewers_of(access: BreakGlassAccess) -> list[Professional]:
    """The reviewers whose queue holds `access` now (the rule of `break_glass_queue`), with an account."""
    organisations = Q(organisation_id=access.organisation_id)
    home = _reviewer_memberships().filter(organisation_id=access.organisation_id)
    if access.escalated_at is not None or not home.exists():
        province_id = (
            Organisation.objects.filter(id=access.organisation_id or 0)
            .values_list("municipality__province_id", flat=True)
            .first()
        )
        mandates = ReviewMandate.objects.filter(Q(province__isnull=True) | Q(province_id=province_id))
        organisations |= Q(organisation_id__in=mandates.values("organisation_id"))
    memberships = _reviewer_memberships().filter(organisations)
    return list(
        Professional.objects.filter(
            pk__in=memberships.values("professional_id"), user__isnull=False, user__is_active=True
        )
        .exclude(pk=access.professional_id)
        .select_related("user")
        .order_by("pk")
    )


def break_glass_of(trajectory: Trajectory):
    """Every emergency opening of a trajectory, for the parents and the coordinator: who, when, why."""
    return (
        BreakGlassAccess.objects.filter(trajectory=trajectory)
        .select_related("professional", "organisation")
        .order_by("-opened_at")
    )


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
