"""Reads. Screening content goes through the policy category "psychosocial"; whether a screening is
overdue is care-plan information the coordinator sees without the content."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from wieg.care.models import CoordinatorAssignment, Trajectory
from wieg.care.policies import scope

from . import catalogue
from .models import Flag, FlagLevel, Screening, Suggestion, SuggestionStatus, pick_label


def screening_trajectory_get(actor, public_id) -> Trajectory:
    """The trajectory whose screenings the actor asks for: the team needs the psychosocial category; a
    parent of the family reads there only the self-screenings they filled in (see screenings_of)."""
    action = "self_screening.fill" if actor.is_parent else "psychosocial.view"
    return (
        scope(actor, action, Trajectory.objects.all())
        .select_related("family__municipality", "pregnant_person", "child")
        .get(public_id=public_id)
    )


def screenings_of(actor, trajectory: Trajectory):
    """Screenings of a trajectory the actor may see: the team with psychosocial access sees all of them;
    a parent only the self-screenings they entered, without the team's flags and suggestions. The policy
    decides every row, the flags and suggestions included."""
    return (
        scope(actor, "psychosocial.view", Screening.objects.filter(trajectory=trajectory))
        .select_related("instrument", "performed_by", "organisation")
        .prefetch_related(
            Prefetch("flags", queryset=scope(actor, "psychosocial.view", Flag.objects.order_by("pk"))),
            Prefetch(
                "suggestions",
                queryset=scope(
                    actor, "psychosocial.view", Suggestion.objects.select_related("decided_by").order_by("pk")
                ),
            ),
        )
        .order_by("-performed_at", "-pk")
    )


def screening_get(actor, public_id) -> Screening:
    return (
        scope(actor, "psychosocial.view", Screening.objects.all())
        .select_related(
            "instrument", "performed_by", "organisation", "trajectory__pregnant_person", "trajectory__family"
        )
        .get(public_id=public_id)
    )


def open_suggestions(actor, trajectory: Trajectory):
    return (
        scope(
            actor,
            "psychosocial.view",
            Suggestion.objects.filter(trajectory=trajectory, status=SuggestionStatus.OPEN),
        )
        .select_related("screening__instrument")
        .order_by("pk")
    )


def suggestion_get(actor, public_id, action: str = "psychosocial.view") -> Suggestion:
    return (
        scope(actor, action, Suggestion.objects.all())
        .select_related("trajectory", "screening")
        .get(public_id=public_id)
    )


def open_urgent_flags(trajectory: Trajectory):
    """Urgent flags without a recorded action. Their existence is shown even where content is not."""
    return Flag.objects.filter(
        trajectory=trajectory, level=FlagLevel.URGENT, action_at__isnull=True
    ).order_by("pk")


def due_moments(trajectory: Trajectory, today: dt.date | None = None) -> list[dict]:
    """Screening moments of the timeline that are open or overdue, without any screening content.

    A moment is done when a screening of its instrument was performed inside its window.
    """
    today = today or timezone.localdate()
    done = list(
        Screening.objects.filter(trajectory=trajectory).values_list("instrument__code", "performed_at")
    )
    moments = []
    for moment in catalogue.schedule():
        anchor = trajectory.birth_date if moment["anchor"] == "birth_date" else trajectory.due_date
        if anchor is None:
            continue
        opens = anchor + dt.timedelta(days=moment["from_days"])
        due = anchor + dt.timedelta(days=moment["due_days"])
        if today < opens:
            continue
        closes = due + dt.timedelta(days=28)  # a late screening still counts for the moment
        if any(
            code == moment["instrument"] and opens <= timezone.localdate(at) <= closes for code, at in done
        ):
            continue
        if trajectory.start_date and due < trajectory.start_date - dt.timedelta(days=28):
            continue  # the family came into care after this moment had passed
        moments.append(
            {
                "key": moment["key"],
                "instrument": moment["instrument"],
                "label": pick_label(moment["label"]),
                "due": due,
                "overdue": today > due,
            }
        )
    return moments


def worklist_urgent(actor):
    """Open urgent flags on trajectories the actor coordinates: the trajectory, never the content."""
    if not actor.is_professional:
        return Flag.objects.none()
    mine = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("trajectory"), professional_id=actor.professional_id, end__isnull=True
    )
    return (
        Flag.objects.filter(level=FlagLevel.URGENT, action_at__isnull=True, trajectory__status="active")
        .filter(Exists(mine))
        .filter(trajectory__in=scope(actor, "contact.view", Trajectory.objects.all()).values("pk"))
        .select_related("trajectory__pregnant_person")
        .order_by("raised_at")
    )


OVERDUE_WINDOW_DAYS = 56  # the worklist shows a missed moment for eight weeks, then the plan moves on


def worklist_overdue(actor, today: dt.date | None = None) -> list[dict]:
    """Screening moments overdue on the families the actor coordinates: who and which moment, never a
    result. One query per moment of the schedule, whatever the number of families."""
    if not actor.is_professional:
        return []
    today = today or timezone.localdate()
    mine = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("pk"), professional_id=actor.professional_id, end__isnull=True
    )
    visible = scope(actor, "contact.view", Trajectory.objects.filter(status="active")).filter(Exists(mine))
    rows = []
    for moment in catalogue.schedule():
        anchor = moment["anchor"]
        # Overdue since at most the window: anchor + due_days in [today - window, today).
        latest = today - dt.timedelta(days=moment["due_days"])
        earliest = latest - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
        # A screening since the earliest possible opening of the moment counts.
        opens = earliest + dt.timedelta(days=moment["from_days"])
        done = Screening.objects.filter(
            trajectory=OuterRef("pk"), instrument__code=moment["instrument"], performed_at__date__gte=opens
        )
        qs = (
            visible.filter(**{f"{anchor}__lt": latest, f"{anchor}__gte": earliest})
            .filter(start_date__lte=latest + dt.timedelta(days=moment["due_days"]))
            .exclude(Exists(done))
            .select_related("pregnant_person")
            .order_by(anchor, "pk")
        )
        label = pick_label(moment["label"])
        for t in qs[:50]:
            anchor_day = getattr(t, anchor)
            rows.append(
                {"trajectory": t, "label": label, "due": anchor_day + dt.timedelta(days=moment["due_days"])}
            )
    return sorted(rows, key=lambda r: r["due"])
