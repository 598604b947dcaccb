"""The professional's worklist: what is due this week, what is overdue, and the families falling out of view.

Everything is SQL on the trajectories the actor may see (the policy's scope), driven from the actor's own
team memberships so that the cost follows one professional's caseload, not the size of the region.
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wieg.care.models import CareTeamMember, CoordinatorAssignment, Trajectory
from wieg.care.policies import scope
from wieg.directory.models import Professional

from ..models import Contact, ItemKind, Phase, PlanItem, SavedFilter
from ..rules import rules, worklist_rule

SCOPES = ("me", "organisation")
ITEM_SECTIONS = ("due_this_week", "overdue")
TRAJECTORY_SECTIONS = ("no_coordinator", "no_contact", "first_contact_missing")
SECTIONS = ITEM_SECTIONS + TRAJECTORY_SECTIONS


@dataclass(frozen=True)
class WorklistFilter:
    scope: str = "me"
    section: str = ""  # empty: all sections
    weeks: int = 0  # no contact for this many weeks; 0: the default from rules.json
    phase: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params) -> "WorklistFilter":
        """Lenient: unknown values fall back to the default (a shared URL never breaks the page)."""
        get = params.get

        def pick(value, allowed, default=""):
            return value if value in allowed else default

        try:
            weeks = int(get("weeks") or 0)
        except (TypeError, ValueError):
            weeks = 0
        return cls(
            scope=pick(get("scope"), SCOPES, "me"),
            section=pick(get("section"), SECTIONS),
            weeks=weeks if 1 <= weeks <= 52 else 0,
            phase=pick(get("phase"), Phase.values),
            kind=pick(get("kind"), ItemKind.values),
        )

    def as_params(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}

    @property
    def no_contact_weeks(self) -> int:
        return self.weeks or worklist_rule("no_contact_weeks")

    def shows(self, section: str) -> bool:
        return not self.section or self.section == section


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def worklist_trajectories(actor, filters: WorklistFilter):
    """Active trajectories on the worklist, only what the policy lets me see of the care plan."""
    now = timezone.now()
    # The policy only shows families whose team I am on, so both scopes start from my own memberships
    # (an index on professional): "organisation" then means those I am on for my active organisation,
    # with every open item, not only the ones I answer for.
    team = CareTeamMember.objects.filter(professional_id=actor.professional_id, start__lte=now).filter(
        Q(end__isnull=True) | Q(end__gt=now)
    )
    if filters.scope == "organisation":
        team = team.filter(organisation_id=actor.organisation_id)
    base = Trajectory.objects.filter(status="active", pk__in=team.values("trajectory_id"))
    return scope(actor, "care_plan.view", base)


def _my_items(actor, discipline: str):
    """Items I answer for: mine by owner, or without an owner on a trajectory I coordinate or in my
    discipline."""
    coordinates = CoordinatorAssignment.objects.filter(
        trajectory=OuterRef("trajectory"), professional_id=actor.professional_id, end__isnull=True
    )
    condition = Q(owner_id=actor.professional_id) | Q(owner__isnull=True) & Q(Exists(coordinates))
    if discipline:
        condition |= Q(owner__isnull=True, disciplines__contains=f",{discipline},")
    return condition


@dataclass
class Worklist:
    filters: WorklistFilter
    today: dt.date
    sections: dict  # name -> {"rows": [...], "count": n}
    trajectories: list  # every trajectory shown (for the access log)


def _no_jit():
    """PostgreSQL's JIT compiler costs 100+ ms on these short caseload queries, whose cost it overestimates
    (an IN list of a caseload); switched off for the worklist's own transaction only."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def worklist(actor, filters: WorklistFilter, today: dt.date | None = None) -> Worklist:
    today = today or timezone.localdate()
    _no_jit()
    limit = worklist_rule("rows_per_section" if not filters.section else "rows_in_one_section")
    # One query through the policy; the sections then filter on a plain list of a caseload's ids.
    ids = list(worklist_trajectories(actor, filters).values_list("pk", flat=True))
    sections: dict = {}
    shown: dict = {}

    discipline = ""
    if filters.scope == "me":
        discipline = (
            Professional.objects.filter(pk=actor.professional_id).values_list("discipline", flat=True).first()
        )
    items = PlanItem.objects.filter(trajectory_id__in=ids, status="planned")
    if filters.scope == "me":
        items = items.filter(_my_items(actor, discipline or ""))
    if filters.phase:
        items = items.filter(phase=filters.phase)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    # No join to the trajectories here: the planner would merge-join the whole table; they come after.
    items = items.select_related("owner")
    item_queries = {
        "due_this_week": items.filter(window_start__lte=_week_end(today), window_end__gte=today).order_by(
            "window_end", "pk"
        ),
        "overdue": items.filter(window_end__lt=today).order_by("window_end", "pk"),
    }
    for name, qs in item_queries.items():
        if not filters.shows(name):
            continue
        rows = list(qs[: limit + 1])
        sections[name] = {"rows": rows[:limit], "more": len(rows) > limit}
    item_rows = [row for name in ITEM_SECTIONS if name in sections for row in sections[name]["rows"]]
    if item_rows:
        families = Trajectory.objects.select_related("pregnant_person").in_bulk(
            {r.trajectory_id for r in item_rows}
        )
        for row in item_rows:
            row.trajectory = families[row.trajectory_id]
            shown[row.trajectory_id] = row.trajectory

    last_contact = Contact.objects.filter(trajectory=OuterRef("pk")).order_by("-date").values("date")[:1]
    rows_qs = (
        Trajectory.objects.filter(pk__in=ids)
        .select_related("pregnant_person")
        .annotate(last_contact=Subquery(last_contact))
    )
    since = today - dt.timedelta(weeks=filters.no_contact_weeks)
    first_by = worklist_rule("first_contact_by_weeks")
    any_contact = Exists(Contact.objects.filter(trajectory=OuterRef("pk")))
    trajectory_queries = {
        "no_coordinator": rows_qs.filter(
            ~Exists(CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk"), end__isnull=True))
        ).order_by("due_date", "pk"),
        "no_contact": rows_qs.filter(start_date__lte=since)
        .filter(~Exists(Contact.objects.filter(trajectory=OuterRef("pk"), date__gt=since)))
        .order_by(Coalesce("last_contact", "start_date"), "pk"),
        # The pregnancy reached `first_by` weeks (due date at most 280 - 7 * first_by days away), no contact.
        "first_contact_missing": rows_qs.filter(
            birth_date__isnull=True, due_date__lte=today + dt.timedelta(days=280 - 7 * first_by)
        )
        .filter(~any_contact)
        .order_by("due_date", "pk"),
    }
    for name, qs in trajectory_queries.items():
        if not filters.shows(name):
            continue
        rows = list(qs[: limit + 1])
        sections[name] = {"rows": rows[:limit], "more": len(rows) > limit}
        for row in rows[:limit]:
            shown[row.pk] = row
    return Worklist(filters=filters, today=today, sections=sections, trajectories=list(shown.values()))


def upcoming_for_calendar(actor, today: dt.date | None = None):
    """My open appointments whose window opens in the coming weeks (for the iCalendar feed)."""
    today = today or timezone.localdate()
    weeks = rules()["calendar"]["weeks_ahead"]
    filters = WorklistFilter(scope="me")
    ids = list(worklist_trajectories(actor, filters).values_list("pk", flat=True))
    discipline = (
        Professional.objects.filter(pk=actor.professional_id).values_list("discipline", flat=True).first()
    )
    return list(
        PlanItem.objects.filter(
            trajectory_id__in=ids,
            status="planned",
            window_end__gte=today,
            window_start__lte=today + dt.timedelta(weeks=weeks),
        )
        .filter(_my_items(actor, discipline or ""))
        .select_related("trajectory__pregnant_person")
        .order_by("window_start", "pk")
    )


def saved_filters_for(actor):
    """My own filters and those my colleagues shared in my active organisation."""
    if not actor.is_professional:
        return SavedFilter.objects.none()
    return (
        SavedFilter.objects.filter(organisation_id=actor.organisation_id)
        .filter(Q(owner_id=actor.professional_id) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "pk")
    )
