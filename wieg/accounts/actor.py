"""The Actor: who acts, for which organisation, in which roles. Built once per request."""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Actor:
    user: object | None
    kind: str  # professional | parent | analyst | admin | system | anonymous
    professional_id: int | None = None
    organisation_id: int | None = None  # the active organisation
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)  # membership roles in the active organisation
    channel: str = "web"  # web | api | fhir | system
    # Known when the actor is built, so that menus and worklists need no query of their own.
    discipline: str = ""  # the professional's discipline
    organisation_kind: str = ""  # the kind of the active organisation
    # Names as the access log keeps them, so that it stays readable after a person or organisation goes.
    display_name: str = ""
    organisation_name: str = ""

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def is_professional(self) -> bool:
        return self.kind == "professional" and self.professional_id is not None

    @property
    def is_parent(self) -> bool:
        return self.kind == "parent"

    @property
    def is_analyst(self) -> bool:
        return self.kind == "analyst"

    def with_channel(self, channel: str) -> "Actor":
        return replace(self, channel=channel)


ANONYMOUS = Actor(user=None, kind="anonymous")
SYSTEM = Actor(user=None, kind="system", channel="system")
