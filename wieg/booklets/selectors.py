"""Reads: what a family received, whose turn it is, the worklist, order allowances and the figures.

Everything about a family goes through the care policy (visible_to / scope); lists and figures are SQL.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from wieg.care.models import CareTeamMember, Trajectory

from . import rules as booklet_rules
from .models import Booklet, Distribution, DistributionKind, Order, OrderLine, OrderStatus, Step

FIRST_KINDS = (DistributionKind.HANDED_OUT, DistributionKind.ALREADY_HAD)


def first_child_booklets():
    """Registrations that count as the child's one booklet (not replacements)."""
    return Distribution.objects.filter(booklet=Booklet.CHILD).exclude(kind=DistributionKind.REPLACEMENT)


def child_booklet_of(trajectory: Trajectory, child_number: int = 1) -> Distribution | None:
    return (
        first_child_booklets()
        .filter(trajectory=trajectory, child_number=child_number)
        .select_related("professional", "organisation")
        .first()
    )


def distributions_of(trajectory: Trajectory):
    return (
        Distribution.objects.filter(trajectory=trajectory)
        .select_related("professional", "organisation")
        .order_by("handed_out_on", "pk")
    )


def _active_team_org(kinds, now):
    team = (
        CareTeamMember.objects.filter(trajectory=OuterRef("pk"), start__lte=now, organisation__kind__in=kinds)
        .filter(Q(end__isnull=True) | Q(end__gt=now))
        .annotate(coordinator_first=Case(When(role="coordinator", then=Value(0)), default=Value(1)))
        .order_by("coordinator_first", "start", "pk")
    )
    return Subquery(team.values("organisation_id")[:1])


def _in_nicu_q(rule: dict, day: dt.date) -> Q:
    """It is the NICU's turn while the newborn is admitted there, unless the stay ended short of the
    rules' long admission. A NICU admission recorded without dates keeps the yes/no it was."""
    stay = Q(nicu_admission_date__lte=day)
    if rule.get("during_admission"):
        stay &= Q(nicu_discharge_date__isnull=True) | Q(nicu_discharge_date__gte=day)
    minimum = rule.get("min_admission_days")
    if minimum:
        stay &= Q(nicu_discharge_date__isnull=True) | Q(
            nicu_discharge_date__gte=F("nicu_admission_date") + dt.timedelta(days=int(minimum))
        )
    return Q(nicu_admission=True) & (Q(nicu_admission_date__isnull=True) | stay)


def nicu_hands_out(rule: dict, trajectory: Trajectory, day: dt.date) -> bool:
    """The same rule for one trajectory on one day (the hand-out form's default step)."""
    if not trajectory.nicu_admission:
        return False
    admitted, discharged = trajectory.nicu_admission_date, trajectory.nicu_discharge_date
    if admitted is None:
        return True
    if day < admitted or (rule.get("during_admission") and discharged is not None and day > discharged):
        return False
    minimum = rule.get("min_admission_days")
    return not (minimum and discharged is not None and (discharged - admitted).days < int(minimum))


def with_turn(qs, rules=None, now=None):
    """Annotate trajectories with `child_booklets`, `turn_step` and `turn_organisation_id`.

    Before the birth it is Kind en Gezin's turn (step 1). After the birth: the NICU for a newborn admitted
    there, else the independent midwife when one follows the family (step 2), else Kind en Gezin at the
    first postnatal contact (step 3). The organisation kinds per step come from the rules file.
    """
    rules = rules or booklet_rules.current()
    now = now or timezone.now()
    count = (
        first_child_booklets()
        .filter(trajectory=OuterRef("pk"))
        .order_by()
        .values("trajectory")
        .annotate(n=Count("pk"))
        .values("n")
    )
    kg = _active_team_org(rules.step(Step.PRENATAL_INTAKE)["organisation_kinds"], now)
    postnatal_kg = _active_team_org(rules.step(Step.FIRST_POSTNATAL_CONTACT)["organisation_kinds"], now)
    midwife = _active_team_org(rules.step(Step.INDEPENDENT_MIDWIFE)["organisation_kinds"], now)
    nicu = _active_team_org(rules.step(Step.NICU)["organisation_kinds"], now)
    in_nicu = _in_nicu_q(rules.step(Step.NICU), timezone.localdate(now))
    return qs.annotate(
        child_booklets=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        turn_kg_org=kg,
        turn_postnatal_kg_org=postnatal_kg,
        turn_midwife_org=midwife,
        turn_nicu_org=nicu,
    ).annotate(
        turn_step=Case(
            When(birth_date__isnull=True, then=Value(Step.PRENATAL_INTAKE.value)),
            When(in_nicu, turn_nicu_org__isnull=False, then=Value(Step.NICU.value)),
            When(turn_midwife_org__isnull=False, then=Value(Step.INDEPENDENT_MIDWIFE.value)),
            default=Value(Step.FIRST_POSTNATAL_CONTACT.value),
            output_field=CharField(),
        ),
        turn_organisation_id=Case(
            When(birth_date__isnull=True, then=F("turn_kg_org")),
            When(in_nicu, turn_nicu_org__isnull=False, then=F("turn_nicu_org")),
            When(turn_midwife_org__isnull=False, then=F("turn_midwife_org")),
            default=F("turn_postnatal_kg_org"),
            output_field=IntegerField(),
        ),
    )


@dataclass(frozen=True)
class Turn:
    step: str | None  # None: every child has a booklet
    organisation_id: int | None
    organisation_name: str = ""
    organisation_public_id: str = ""

    @property
    def step_label(self) -> str:
        return Step(self.step).label if self.step else ""


def turn_of(trajectory: Trajectory) -> Turn:
    from wieg.directory.models import Organisation

    row = (
        with_turn(Trajectory.objects.filter(pk=trajectory.pk))
        .values("child_booklets", "plurality", "turn_step", "turn_organisation_id")
        .first()
    )
    if row is None or row["child_booklets"] >= row["plurality"]:
        return Turn(step=None, organisation_id=None)
    organisation = Organisation.objects.filter(pk=row["turn_organisation_id"]).first()
    return Turn(
        step=row["turn_step"],
        organisation_id=row["turn_organisation_id"],
        organisation_name=organisation.name if organisation else "",
        organisation_public_id=str(organisation.public_id) if organisation else "",
    )


def suggested_step(rules, organisation_kind: str | None, trajectory: Trajectory, day=None) -> str:
    """The first step of the procedure that the actor's organisation may take now, for the form's default."""
    day = day or timezone.localdate()
    born = trajectory.birth_date is not None and day >= trajectory.birth_date
    for step, rule in rules.steps.items():
        if organisation_kind not in rule["organisation_kinds"]:
            continue
        if (rule["timing"] == "before_birth" and born) or (rule["timing"] == "after_birth" and not born):
            continue
        if rule.get("requires_nicu_admission") and not nicu_hands_out(rule, trajectory, day):
            continue
        return step
    return ""


def worklist(actor, *, organisation_id: int | None = None, mine_only: bool = True):
    """Active trajectories the actor may see that still miss a child booklet, with whose turn it is.

    `mine_only`: only those where it is the turn of `organisation_id` (default: the actor's organisation).
    A fixed number of queries whatever the length.
    """
    # The policy first, as its own query: a nurse sees a few hundred families out of many thousands, and the
    # per-row booklet and turn subqueries should only run for those.
    visible = list(Trajectory.objects.visible_to(actor).filter(status="active").values_list("pk", flat=True))
    qs = (
        with_turn(Trajectory.objects.filter(pk__in=visible))
        .filter(child_booklets__lt=F("plurality"))
        .select_related("pregnant_person", "child", "family__municipality")
    )
    if mine_only:
        qs = qs.filter(turn_organisation_id=organisation_id or actor.organisation_id)
    return qs.order_by(Coalesce("birth_date", "due_date"), "pk")


def organisation_names(ids) -> dict[int, str]:
    from wieg.directory.models import Organisation

    return dict(Organisation.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


# --- orders -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowance:
    booklet: str
    maximum: int  # what may be ordered now
    need: int  # estimated need for the window
    handed_out: int  # handed out in the last window
    ordered: int  # already ordered in the window (not rejected)
    window_months: int
    floor: int
    max_per_order: int


def order_allowance(organisation_id: int, booklet: str, *, today: dt.date | None = None) -> Allowance:
    """A practice's maximum order now: its need for the window (what it handed out in the last window, at
    least the floor for new practices) minus what it already ordered in that window, so that its orders
    never cover more than one window ahead; and never above the maximum per order."""
    today = today or timezone.localdate()
    rules = booklet_rules.current(today)
    months = rules.need_window_months
    cap = rules.max_per_order
    if booklet not in rules.orders.get("need_rule_booklets", []):
        return Allowance(booklet, cap, cap, 0, 0, months, rules.new_practice_floor, cap)
    since = booklet_rules.months_ago(today, months)
    handed_out = Distribution.objects.filter(
        organisation_id=organisation_id,
        booklet=booklet,
        kind__in=[DistributionKind.HANDED_OUT, DistributionKind.REPLACEMENT],
        handed_out_on__gt=since,
        handed_out_on__lte=today,
    ).count()
    ordered = (
        OrderLine.objects.filter(
            order__organisation_id=organisation_id, booklet=booklet, order__created_at__date__gt=since
        )
        .exclude(order__status=OrderStatus.REJECTED)
        .aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    need = max(rules.new_practice_floor, handed_out)
    maximum = max(0, min(cap, need - ordered))
    return Allowance(booklet, maximum, need, handed_out, ordered, months, rules.new_practice_floor, cap)


def is_booklet_service(actor, rules=None) -> bool:
    """Kind en Gezin staff handle orders and see the figures."""
    if not actor.is_professional or actor.organisation_id is None:
        return False
    rules = rules or booklet_rules.current()
    return _organisation_kind(actor) in rules.orders.get("handling_organisation_kinds", ["kg_team"])


def is_midwife_orderer(actor, rules=None) -> bool:
    if not actor.is_professional or actor.organisation_id is None:
        return False
    rules = rules or booklet_rules.current()
    return _organisation_kind(actor) in rules.orders["midwife_organisation_kinds"]


def _organisation_kind(actor) -> str:
    """The active organisation's kind, as the actor carries it (looked up for an actor built by hand)."""
    if actor.organisation_kind:
        return actor.organisation_kind
    from wieg.directory.models import Organisation

    return Organisation.objects.filter(pk=actor.organisation_id).values_list("kind", flat=True).first() or ""


def orders_visible_to(actor):
    """K&G staff see every order; a midwife the orders of her practice; a parent their own."""
    qs = Order.objects.select_related(
        "organisation", "professional", "ordered_by", "trajectory", "decided_by", "shipped_by"
    ).prefetch_related("lines")
    if actor.is_parent and actor.user_id:
        return qs.filter(ordered_by_id=actor.user_id)
    if is_booklet_service(actor):
        return qs
    if is_midwife_orderer(actor):
        return qs.filter(organisation_id=actor.organisation_id)
    return qs.none()


def parent_trajectories(actor):
    """The trajectories of the parent's own family (as a member of it)."""
    if not actor.is_parent or not actor.user_id:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(family__members__user_id=actor.user_id).distinct()


# --- figures ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    per_step: list[dict]
    already_had: int
    replacements: int
    double_distributions: int
    births: int
    births_covered: int
    coverage_days: int
    orders_per_month: list[dict]
    stock: list[dict]

    @property
    def coverage_percent(self) -> float | None:
        return round(100 * self.births_covered / self.births, 1) if self.births else None


def figures(*, today: dt.date | None = None) -> Figures:
    """The distribution figures for Kind en Gezin staff, each one SQL aggregate."""
    from .models import Stock

    today = today or timezone.localdate()
    rules = booklet_rules.current(today)
    child = Distribution.objects.filter(booklet=Booklet.CHILD)
    counts = dict(
        child.filter(kind=DistributionKind.HANDED_OUT).order_by().values_list("step").annotate(n=Count("pk"))
    )
    per_step = [{"step": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in Step]
    by_kind = dict(child.order_by().values_list("kind").annotate(n=Count("pk")))
    doubles = (
        first_child_booklets()
        .order_by()
        .values("trajectory_id", "child_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    days = rules.coverage_days
    births = Trajectory.objects.filter(
        birth_date__isnull=False, birth_date__lte=today - dt.timedelta(days=days)
    )
    in_time = first_child_booklets().filter(
        trajectory=OuterRef("pk"),
        handed_out_on__lte=ExpressionWrapper(
            OuterRef("birth_date") + dt.timedelta(days=days), output_field=DateField()
        ),
    )
    coverage = births.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(Exists(in_time))))
    per_month = list(
        Order.objects.annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month", "orderer_kind")
        .annotate(orders=Count("pk"), booklets=Sum("quantity"))
        .order_by("-month", "orderer_kind")
    )
    stock = list(Stock.objects.order_by("booklet", "-edition").values("booklet", "edition", "quantity"))
    return Figures(
        per_step=per_step,
        already_had=by_kind.get(DistributionKind.ALREADY_HAD, 0),
        replacements=by_kind.get(DistributionKind.REPLACEMENT, 0),
        double_distributions=doubles,
        births=coverage["total"],
        births_covered=coverage["covered"],
        coverage_days=days,
        orders_per_month=per_month,
        stock=stock,
    )
