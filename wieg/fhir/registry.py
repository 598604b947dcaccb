"""Resource providers: one per FHIR resource type, each a translation of one domain model.

A provider says which rows an actor may see (through the care policy), how a row becomes a resource,
which search parameters it understands, what it adds to EpisodeOfCare/$everything and to a bulk export.
The views, $everything and $export only talk to the registry, so that a new resource type is one
provider registered in `providers/__init__.py`.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wieg.care.models import Trajectory
from wieg.core.errors import InvalidInput

from .context import Context


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # FHIR search parameter type: token, reference, string, date
    apply: Callable[[QuerySet, str], QuerySet]
    documentation: str = ""


class Provider:
    resource_type: str = ""
    model = None
    # Category of information a reader needs (None: directory data, open to professionals and systems).
    category: str | None = "contact"
    search_params: tuple[SearchParam, ...] = ()
    export_chunk = 2000

    # --- rows -------------------------------------------------------------------------------------------
    def queryset(self) -> QuerySet:
        """All rows, with what to_fhir() needs joined."""
        return self.model._default_manager.all()

    def visible(self, actor, ctx: Context) -> QuerySet:
        """The rows the actor may read. Care data goes through wieg.care.policies."""
        raise NotImplementedError

    def readable_by(self, actor) -> bool:
        """Whether this type is open to the actor at all (care data is then filtered row by row)."""
        return actor.is_professional or actor.is_parent

    def get(self, qs: QuerySet, resource_id: str):
        return qs.get(public_id=resource_id)

    def for_trajectories(self, trajectories: QuerySet) -> QuerySet:
        """The rows that belong to these trajectories ($everything, bulk export)."""
        raise NotImplementedError

    # --- resources --------------------------------------------------------------------------------------
    def to_fhir(self, obj, ctx: Context) -> dict:
        raise NotImplementedError

    def resource_id(self, obj, ctx: Context) -> str:
        return ctx.id(self.resource_type, obj.public_id)

    def export(self, trajectories: QuerySet, ctx: Context) -> Iterator[dict]:
        qs = self.for_trajectories(trajectories)
        for obj in qs.iterator(chunk_size=self.export_chunk):
            yield self.to_fhir(obj, ctx)

    # --- access log -------------------------------------------------------------------------------------
    def audit_target(self, obj) -> dict:
        """Which trajectory or family a read of `obj` concerns (for wieg.care.audit.record)."""
        return {"trajectory": getattr(obj, "trajectory", None)}

    def trajectories_of(self, objs: list) -> list[Trajectory]:
        """The trajectories a search result touches (for wieg.care.audit.record_many)."""
        seen = {}
        for obj in objs:
            t = getattr(obj, "trajectory", None)
            if t is not None:
                seen[t.pk] = t
        return list(seen.values())

    def trajectories_matching(self, qs: QuerySet) -> QuerySet:
        """The trajectories of every row of `qs`, in one query (a search that only counts its rows)."""
        return Trajectory.objects.filter(pk__in=qs.values("trajectory_id")).only(
            "pk", "public_id", "family_id"
        )

    # --- search -----------------------------------------------------------------------------------------
    def search(self, qs: QuerySet, params: dict[str, list[str]]) -> QuerySet:
        known = {p.name: p for p in self.search_params}
        for name, values in params.items():
            if name.startswith("_") and name not in known:
                continue  # _count, _offset, _format... are handled by the view
            param = known.get(name.split(":", 1)[0])
            if param is None:
                raise InvalidInput(
                    _("Onbekende zoekparameter '%(name)s' voor %(type)s.")
                    % {"name": name, "type": self.resource_type},
                    field=name,
                )
            for value in values:
                qs = param.apply(qs, value)
        return qs


class TrajectoryProvider(Provider):
    """A resource that is a view of the trajectory itself (EpisodeOfCare, CareTeam, CarePlan)."""

    def for_trajectories(self, trajectories: QuerySet) -> QuerySet:
        return self.queryset().filter(pk__in=trajectories.values("pk")).order_by("pk")

    def audit_target(self, obj) -> dict:
        return {"trajectory": obj}

    def trajectories_of(self, objs: list) -> list[Trajectory]:
        return list(objs)

    def trajectories_matching(self, qs: QuerySet) -> QuerySet:
        return Trajectory.objects.filter(pk__in=qs.values("pk")).only("pk", "public_id", "family_id")


class TrajectoryRowProvider(Provider):
    """A resource whose rows belong to one trajectory through their `trajectory` foreign key."""

    def for_trajectories(self, trajectories: QuerySet) -> QuerySet:
        return self.queryset().filter(trajectory__in=trajectories.values("pk")).order_by("pk")

    def audit_target(self, obj) -> dict:
        return {"trajectory": obj.trajectory}

    def trajectories_of(self, objs: list) -> list[Trajectory]:
        ids = {obj.trajectory_id for obj in objs}
        return list(Trajectory.objects.filter(pk__in=ids).only("pk", "public_id", "family_id"))


class ProviderRegistry:
    def __init__(self):
        self._providers: dict[str, Provider] = {}

    def register(self, provider: Provider) -> Provider:
        self._providers[provider.resource_type] = provider
        return provider

    def get(self, resource_type: str) -> Provider | None:
        return self._providers.get(resource_type)

    def __iter__(self) -> Iterator[Provider]:
        return iter(self._providers.values())

    def types(self) -> list[str]:
        return sorted(self._providers)

    def exportable(self, types: Iterable[str] | None = None) -> list[Provider]:
        wanted = set(types) if types else None
        return [p for p in self._providers.values() if wanted is None or p.resource_type in wanted]


providers = ProviderRegistry()
