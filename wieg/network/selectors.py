"""Reads for the network app. Coverage and the public activity finder hold no personal data."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wieg.care.models import Trajectory
from wieg.care.policies import scope
from wieg.core.models import Municipality, PostalCode

from .models import (
    Activity,
    ActivityLanguage,
    FamilyCentre,
    Invitation,
    Meeting,
    NetworkPartner,
    PerinatalNetwork,
    Registration,
    Session,
)
from .querysets import centre_member_q

# --- Family centres and coverage ----------------------------------------------------------------------------


def family_centre_list():
    return (
        FamilyCentre.objects.active()
        .select_related("organisation", "contact_person")
        .prefetch_related("municipalities", "partnerships__organisation")
        .order_by("organisation__name")
    )


def family_centre_detail(public_id) -> FamilyCentre:
    return (
        FamilyCentre.objects.active()
        .select_related("organisation", "contact_person")
        .prefetch_related(
            "municipalities__province",
            "partnerships__organisation",
            "actions__life_domain",
            "neighbourhood_networks__municipality",
            "neighbourhood_networks__partners",
        )
        .get(public_id=public_id)
    )


def centres_of(actor):
    return FamilyCentre.objects.active().managed_by(actor).select_related("organisation")


@dataclass
class ProvinceCoverage:
    key: str
    name: str
    covered: list = field(default_factory=list)
    uncovered: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.uncovered)

    @property
    def percent(self) -> int:
        return round(100 * len(self.covered) / self.total) if self.total else 0

    @property
    def municipalities(self) -> list:
        return sorted(self.covered + self.uncovered, key=lambda m: m.name_nl)


@dataclass
class Coverage:
    day: dt.date
    provinces: list[ProvinceCoverage]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.provinces)

    @property
    def covered(self) -> int:
        return sum(len(p.covered) for p in self.provinces)

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


def coverage(day: dt.date | None = None) -> Coverage:
    """Which Flemish and Brussels municipalities valid on `day` an active family centre covers, per province.

    Two queries whatever the number of centres: the municipalities with a `covered` flag, and their
    provinces (joined). Brussels has no province: it is its own group.
    """
    day = day or timezone.localdate()
    covering = FamilyCentre.objects.active().filter(municipalities=OuterRef("pk"))
    municipalities = (
        Municipality.objects.in_scope()
        .valid_on(day)
        .select_related("province")
        .annotate(covered=Exists(covering))
        .order_by("province__nis_code", "name_nl")
    )
    groups: dict[str, ProvinceCoverage] = {}
    for m in municipalities:
        if m.province_id is None:
            key, name = "brussels", _("Brussels Hoofdstedelijk Gewest")
        else:
            key, name = m.province.nis_code, m.province.name
        group = groups.setdefault(key, ProvinceCoverage(key=key, name=name))
        (group.covered if m.covered else group.uncovered).append(m)
    order = sorted(groups.values(), key=lambda g: (g.key == "brussels", g.key))
    return Coverage(day=day, provinces=order)


def coverage_as_dict(cov: Coverage) -> dict:
    """The one representation the API answers and the page's tests compare against."""
    return {
        "date": cov.day,
        "total": cov.total,
        "covered": cov.covered,
        "uncovered": cov.uncovered,
        "percent": cov.percent,
        "provinces": [
            {
                "key": p.key,
                "name": p.name,
                "total": p.total,
                "covered": len(p.covered),
                "uncovered": len(p.uncovered),
                "percent": p.percent,
                "uncovered_municipalities": [{"nis_code": m.nis_code, "name": m.name} for m in p.uncovered],
            }
            for p in cov.provinces
        ],
    }


# --- Activities ---------------------------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    municipality: str = ""  # NIS code
    postal_code: str = ""
    target_group: str = ""
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""


def _session_window(filters: ActivityFilters, now) -> Q:
    q = Q(cancelled=False, ends_at__gte=now)
    if filters.date_from:
        q &= Q(starts_at__date__gte=filters.date_from)
    if filters.date_to:
        q &= Q(starts_at__date__lte=filters.date_to)
    return q


def activity_search(filters: ActivityFilters, *, now=None):
    """Published activities with a session in the window. A fixed number of queries whatever the length."""
    now = now or timezone.now()
    window = _session_window(filters, now)
    qs = Activity.objects.published().filter(Exists(Session.objects.filter(window, activity=OuterRef("pk"))))
    if filters.municipality:
        qs = qs.filter(municipality__nis_code=filters.municipality)
    if filters.postal_code:
        # A postal code finds the activities at that code and anywhere in the municipalities it belongs to.
        municipalities = PostalCode.objects.filter(code=filters.postal_code).values("municipality")
        qs = qs.filter(Q(postal_code=filters.postal_code) | Q(municipality__in=municipalities))
    if filters.target_group:
        qs = qs.filter(Q(target_group=filters.target_group) | Q(target_group="everyone"))
    if filters.language:
        qs = qs.filter(
            Exists(ActivityLanguage.objects.filter(activity=OuterRef("pk"), language=filters.language))
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return (
        qs.with_taken_seats()
        .select_related("municipality", "life_domain", "centre__organisation")
        .prefetch_related(
            "languages",
            Prefetch(
                "sessions", queryset=Session.objects.filter(window).order_by("starts_at"), to_attr="upcoming"
            ),
        )
        .order_by("title", "pk")
    )


def activity_public(public_id) -> Activity:
    return (
        Activity.objects.published()
        .with_taken_seats()
        .select_related("municipality", "life_domain", "centre__organisation", "organiser")
        .prefetch_related(
            "languages",
            Prefetch(
                "sessions", queryset=Session.objects.upcoming().order_by("starts_at"), to_attr="upcoming"
            ),
        )
        .get(public_id=public_id)
    )


def activities_managed(actor):
    return (
        Activity.objects.managed_by(actor)
        .with_taken_seats()
        .annotate(waiting=Count("registrations", filter=Q(registrations__status="waiting")))
        .select_related("municipality", "centre__organisation")
        .prefetch_related(
            "languages",
            Prefetch(
                "sessions", queryset=Session.objects.upcoming().order_by("starts_at"), to_attr="upcoming"
            ),
        )
        .order_by("status", "title")
    )


def activity_managed(actor, public_id) -> Activity:
    """An activity the actor may manage, or Activity.DoesNotExist (a 404 for another centre's activity)."""
    return (
        Activity.objects.managed_by(actor)
        .with_taken_seats()
        .select_related("municipality", "life_domain", "centre__organisation", "organiser")
        .prefetch_related("languages", "sessions")
        .get(public_id=public_id)
    )


def activity_registrations(activity: Activity):
    """The organiser's list: who comes. Only the pregnant parent's name; the caller logs the read."""
    return (
        Registration.objects.filter(activity=activity)
        .open()
        .select_related("trajectory__pregnant_person", "trajectory__family")
        .order_by("status", "created_at", "pk")
    )


def available_seats(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    taken = getattr(activity, "taken_seats", None)
    if taken is None:
        taken = sum(activity.registrations.filter(status="confirmed").values_list("seats", flat=True))
    return max(activity.capacity - taken, 0)


def registrations_of(actor, trajectory: Trajectory):
    """A family's registrations, for the trajectory page and the portal (through the care policy)."""
    return (
        Registration.objects.visible_to(actor)
        .filter(trajectory=trajectory)
        .select_related("activity__municipality")
        .prefetch_related(
            Prefetch(
                "activity__sessions",
                queryset=Session.objects.upcoming().order_by("starts_at"),
                to_attr="upcoming",
            )
        )
        .order_by("-created_at")
    )


def waiting_position(registration: Registration) -> int | None:
    if registration.status != "waiting":
        return None
    return (
        Registration.objects.filter(activity_id=registration.activity_id, status="waiting")
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def activities_near(municipality, *, now=None, limit: int = 12):
    """Upcoming activities in a family's municipality first, then the rest of its family centres' area."""
    now = now or timezone.now()
    area = Municipality.objects.filter(
        family_centres__in=FamilyCentre.objects.active().filter(municipalities=municipality)
    ).values("pk")
    qs = activity_search(ActivityFilters(), now=now).filter(
        Q(municipality=municipality) | Q(municipality__in=area)
    )
    rows = list(qs[:100])
    rows.sort(
        key=lambda a: (a.municipality_id != municipality.pk, a.upcoming[0].starts_at if a.upcoming else now)
    )
    return rows[:limit]


def preferred_language() -> str:
    return (get_language() or "nl")[:2]


# --- Perinatal networks -------------------------------------------------------------------------------------


def _network_q(actor) -> Q:
    """A professional sees the networks of their centre and those their organisation is a partner of."""
    if not getattr(actor, "is_professional", False):
        return Q(pk__in=[])
    return Q(centres__organisation_id__in=actor.organisation_ids) | Q(
        partners__organisation_id__in=actor.organisation_ids
    )


def networks_visible(actor):
    return (
        PerinatalNetwork.objects.filter(_network_q(actor))
        .distinct()
        .prefetch_related("centres__organisation")
    )


def network_detail(actor, public_id) -> PerinatalNetwork:
    return (
        PerinatalNetwork.objects.filter(
            pk__in=PerinatalNetwork.objects.filter(_network_q(actor)).values("pk"), public_id=public_id
        )
        .prefetch_related(
            "centres__organisation",
            Prefetch("partners", queryset=NetworkPartner.objects.select_related("organisation", "contact")),
            "work_groups__members__organisation",
            Prefetch(
                "meetings", queryset=Meeting.objects.select_related("work_group").order_by("-starts_at")
            ),
        )
        .get()
    )


def can_manage_network(actor, network: PerinatalNetwork) -> bool:
    return network.centres.filter(centre_member_q(actor)).exists()


def meeting_detail(actor, public_id) -> Meeting:
    visible = PerinatalNetwork.objects.filter(_network_q(actor)).values("pk")
    return (
        Meeting.objects.filter(network__in=visible)
        .select_related("network", "work_group")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("partner__organisation")),
            "case_discussions__brought_by",
        )
        .get(public_id=public_id)
    )


def trajectories_for(actor, category: str = "contact"):
    return scope(actor, f"{category}.view", Trajectory.objects.all())


def own_trajectories(actor):
    """A parent's own active trajectories, newest first (through the care policy)."""
    if not getattr(actor, "is_parent", False):
        return Trajectory.objects.none()
    return (
        Trajectory.objects.visible_to(actor)
        .filter(status="active")
        .select_related("family__municipality", "pregnant_person")
        .order_by("-start_date", "-pk")
    )
