import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import get_language

from wieg.care.models import Trajectory
from wieg.care.policies import trajectory_condition, visible_categories

from ..models import Contact, ContactNote, PlanItem
from ..rules import missed_before


def plan_trajectory_get(actor, public_id) -> Trajectory:
    """A trajectory whose care plan the actor may see, or Trajectory.DoesNotExist."""
    return (
        Trajectory.objects.visible_to(actor, "care_plan")
        .select_related("pregnant_person", "family")
        .get(public_id=public_id)
    )


def plan_items_of(trajectory: Trajectory, today: dt.date):
    return (
        PlanItem.objects.filter(trajectory=trajectory)
        .with_status(today)
        .select_related("owner", "template_item")
        .order_by("window_start", "window_end", "pk")
    )


def item_get(trajectory: Trajectory, public_id) -> PlanItem:
    return PlanItem.objects.select_related("template_item", "trajectory").get(
        trajectory=trajectory, public_id=public_id
    )


@dataclass(frozen=True)
class Minimum:
    expected_by_now: int
    done: int
    total: int
    missed: int

    @property
    def behind(self) -> bool:
        return self.missed > 0

    @property
    def still_to_come(self) -> int:
        return max(self.total - self.done - self.missed, 0)


def minimum_of(trajectory: Trajectory, today: dt.date) -> Minimum:
    """Contacts that count toward the minimum: expected by today (window closed), done, planned in all.

    Only what was still possible counts: an item whose window closed before the trajectory started is
    neither expected nor missed (unless it was done after all)."""
    counts = (
        PlanItem.objects.filter(trajectory=trajectory, counts_toward_minimum=True)
        .exclude(status__in=["cancelled", "before_enrolment"])
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status="done")),
            expected=Count("pk", filter=Q(window_end__lt=today)),
            missed=Count("pk", filter=Q(status__in=["planned", "missed"], window_end__lt=today)),
        )
    )
    return Minimum(
        expected_by_now=counts["expected"],
        done=counts["done"],
        total=counts["total"],
        missed=counts["missed"],
    )


def contacts_of(actor, trajectory: Trajectory, categories: set[str] | None = None):
    """Contacts with only the notes whose category the actor may see (two queries whatever the number)."""
    if categories is None:
        categories = visible_categories(actor, trajectory)
    notes = ContactNote.objects.filter(category__in=sorted(categories)).order_by("pk")
    return (
        Contact.objects.filter(trajectory=trajectory)
        .select_related("professional", "organisation", "plan_item")
        .prefetch_related(Prefetch("notes", queryset=notes, to_attr="visible_notes"))
        .order_by("-date", "-pk")
    )


def annotate_next_step(queryset, actor):
    """Caseload column: the title of the first open plan item that can still be done, for those who may
    see the care plan."""
    language = (get_language() or "nl")[:2]
    first_open = (
        PlanItem.objects.filter(
            trajectory=OuterRef("pk"),
            status="planned",
            window_end__gte=missed_before(timezone.localdate()),
        )
        .order_by("window_start", "window_end", "pk")
        .annotate(title=KT(f"labels__{language}"))
        .values("title")[:1]
    )
    return queryset.annotate(
        next_step=Case(
            When(trajectory_condition(actor, "care_plan.view"), then=Subquery(first_open)),
            default=None,
            output_field=CharField(),
        )
    )
