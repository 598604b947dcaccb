"""The professional's worklist: what is due this week, what is overdue, and the families falling out of view.

It starts from the actor's own team memberships, through the policy's scope, so that the cost follows one
professional's caseload, not the size of the region: one query reads that caseload, the families falling
out of view are found in it, and the open items are read for its ids (docs/adr/0009).
"""

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone

from wieg.care.models import CareTeamMember, CoordinatorAssignment, Trajectory
from wieg.care.policies import scope, trajectory_condition
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


def _discipline(actor) -> str:
    """The actor's discipline, as the actor carries it (looked up for an actor built by hand)."""
    if actor.discipline:
        return actor.discipline
    return (
        Professional.objects.filter(pk=actor.professional_id).values_list("discipline", flat=True).first()
        or ""
    )


@dataclass
class Worklist:
    filters: WorklistFilter
    today: dt.date
    sections: dict  # name -> {"rows": [...], "more": bool, and "count" where the total is known}
    trajectories: list  # every trajectory shown (for the access log)


# What an item row shows (page and API): the rest of the item stays in the database.
ITEM_FIELDS = (
    "public_id",
    "trajectory_id",
    "code",
    "labels",
    "kind",
    "phase",
    "window_start",
    "window_end",
    "status",
    "counts_toward_minimum",
    "disciplines",
    "done_on",
    "cancelled_reason",
    "owner__public_id",
    "owner__given_name",
    "owner__family_name",
)


@dataclass(frozen=True)
class WorklistTrajectory:
    """A trajectory of the caseload, as the worklist shows it and the access log records it."""

    pk: int
    public_id: uuid.UUID
    family_id: int
    name: str  # the pregnant parent's name
    due_date: dt.date
    birth_date: dt.date | None
    start_date: dt.date
    last_contact: dt.date | None
    coordinated: bool
    # How to reach the pregnant parent; phones only where the actor sees the contact category.
    sees_contact: bool = False
    phones: list = field(default_factory=list)
    safe_to_contact: bool = True
    language: str = "nl"
    interpreter_needed: bool = False
    interpreter_language: str = ""


@dataclass(frozen=True)
class ItemRow:
    item: PlanItem
    trajectory: WorklistTrajectory


def caseload(actor, filters: WorklistFilter) -> dict[int, WorklistTrajectory]:
    """The trajectories on my worklist with what the sections need, in one query through the policy."""
    last_contact = Contact.objects.filter(trajectory=OuterRef("pk")).order_by("-date").values("date")[:1]
    coordinated = Exists(CoordinatorAssignment.objects.filter(trajectory=OuterRef("pk"), end__isnull=True))
    # The worklist follows the care plan category; the phone shows only with the contact category too.
    sees_contact = ExpressionWrapper(trajectory_condition(actor, "contact.view"), output_field=BooleanField())
    rows = (
        worklist_trajectories(actor, filters)
        .annotate(last_contact=Subquery(last_contact), coordinated=coordinated, sees_contact=sees_contact)
        .values_list(
            "pk",
            "public_id",
            "family_id",
            "pregnant_person__given_name",
            "pregnant_person__family_name",
            "due_date",
            "birth_date",
            "start_date",
            "last_contact",
            "coordinated",
            "sees_contact",
            "pregnant_person__phones",
            "pregnant_person__safe_to_contact",
            "pregnant_person__preferred_language",
            "pregnant_person__interpreter_needed",
            "pregnant_person__interpreter_language",
        )
    )
    return {
        row[0]: WorklistTrajectory(
            *row[:3],
            f"{row[3]} {row[4]}",
            *row[5:10],
            sees_contact=row[10],
            phones=(row[11] or []) if row[10] else [],
            # Not safe to contact is itself contact information: unknown to whoever does not see it.
            safe_to_contact=row[12] if row[10] else True,
            language=row[13],
            interpreter_needed=row[14],
            interpreter_language=row[15],
        )
        for row in rows
    }


def _trajectory_sections(trajectories, filters: WorklistFilter, today: dt.date) -> dict[str, list]:
    """The families falling out of view, found in the caseload itself: it is one professional's, so
    sorting it here costs less than three more queries."""
    since = today - dt.timedelta(weeks=filters.no_contact_weeks)
    # The pregnancy reached `first_by` weeks: the due date is at most 280 - 7 * first_by days away.
    first_by = today + dt.timedelta(days=280 - 7 * worklist_rule("first_contact_by_weeks"))
    return {
        "no_coordinator": sorted(
            (t for t in trajectories if not t.coordinated), key=lambda t: (t.due_date, t.pk)
        ),
        "no_contact": sorted(
            (
                t
                for t in trajectories
                if t.start_date <= since and (t.last_contact is None or t.last_contact <= since)
            ),
            key=lambda t: (t.last_contact or t.start_date, t.pk),
        ),
        "first_contact_missing": sorted(
            (
                t
                for t in trajectories
                if t.birth_date is None and t.due_date <= first_by and t.last_contact is None
            ),
            key=lambda t: (t.due_date, t.pk),
        ),
    }


def worklist(actor, filters: WorklistFilter, today: dt.date | None = None) -> Worklist:
    today = today or timezone.localdate()
    limit = worklist_rule("rows_per_section" if not filters.section else "rows_in_one_section")
    mine = caseload(actor, filters)
    sections: dict = {}
    shown: dict = {}

    # The item sections filter on the caseload's ids, passed as one array. No join to the trajectories:
    # the planner would merge-join the whole table.
    items = PlanItem.objects.filter(trajectory_id__any_of=list(mine), status="planned")
    if filters.scope == "me":
        items = items.filter(_my_items(actor, _discipline(actor)))
    if filters.phase:
        items = items.filter(phase=filters.phase)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    items = items.select_related("owner").only(*ITEM_FIELDS)
    item_queries = {
        "due_this_week": items.filter(window_start__lte=_week_end(today), window_end__gte=today).order_by(
            "window_end", "pk"
        ),
        "overdue": items.filter(window_end__lt=today).order_by("window_end", "pk"),
    }
    for name, qs in item_queries.items():
        if not filters.shows(name) or not mine:
            continue
        rows = [ItemRow(item, mine[item.trajectory_id]) for item in qs[: limit + 1]]
        sections[name] = {"rows": rows[:limit], "more": len(rows) > limit}
    for name in ITEM_SECTIONS:
        if filters.shows(name) and name not in sections:
            sections[name] = {"rows": [], "more": False}

    for name, rows in _trajectory_sections(mine.values(), filters, today).items():
        if filters.shows(name):
            # The whole caseload is at hand here, so these sections know their size.
            sections[name] = {"rows": rows[:limit], "more": len(rows) > limit, "count": len(rows)}
    for section in sections.values():
        for row in section["rows"]:
            trajectory = row.trajectory if isinstance(row, ItemRow) else row
            shown[trajectory.pk] = trajectory
    return Worklist(filters=filters, today=today, sections=sections, trajectories=list(shown.values()))


def upcoming_for_calendar(actor, today: dt.date | None = None):
    """My open appointments whose window opens in the coming weeks (for the iCalendar feed)."""
    today = today or timezone.localdate()
    weeks = rules()["calendar"]["weeks_ahead"]
    filters = WorklistFilter(scope="me")
    ids = list(worklist_trajectories(actor, filters).values_list("pk", flat=True))
    return list(
        PlanItem.objects.filter(
            trajectory_id__any_of=ids,
            status="planned",
            window_end__gte=today,
            window_start__lte=today + dt.timedelta(weeks=weeks),
        )
        .filter(_my_items(actor, _discipline(actor)))
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
