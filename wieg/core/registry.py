"""Extension points so that lower apps can show what higher apps add, without importing them.

Apps register in their AppConfig.ready():
- navigation entries (the menu), shown to actors for whom `visible(actor)` is true;
- sections: a part of a page that another app renders, loaded with htmx from that app's own URL.
  Slots and the URL arguments their sections receive:
    "trajectory"  the trajectory page of a professional   kwargs: trajectory_id (public UUID)
    "portal"      the parents' portal, per trajectory      kwargs: trajectory_id (public UUID)
    "worklist"    the professional's home/worklist page    kwargs: none
- caseload annotations: functions (queryset, actor) -> queryset adding columns such as `next_step`;
- home pages per actor kind (the first URL that resolves wins).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SLOTS = ("trajectory", "portal", "worklist")


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda actor: True


@dataclass
class Registry:
    navigation: list[NavEntry] = field(default_factory=list)
    sections: dict[str, list[Section]] = field(default_factory=lambda: {slot: [] for slot in SLOTS})
    caseload_annotations: list[Callable[[Any, Any], Any]] = field(default_factory=list)
    home_urls: dict[str, list[str]] = field(default_factory=dict)

    def add_nav(self, entry: NavEntry) -> None:
        if entry.key not in {e.key for e in self.navigation}:
            self.navigation.append(entry)
            self.navigation.sort(key=lambda e: e.order)

    def add_section(self, slot: str, section: Section) -> None:
        if slot not in self.sections:
            raise ValueError(f"Unknown slot {slot!r}; slots: {SLOTS}")
        if section.key not in {s.key for s in self.sections[slot]}:
            self.sections[slot].append(section)
            self.sections[slot].sort(key=lambda s: s.order)

    def add_caseload_annotation(self, annotate: Callable[[Any, Any], Any]) -> None:
        if annotate not in self.caseload_annotations:
            self.caseload_annotations.append(annotate)

    def add_home(self, kind: str, url_name: str) -> None:
        urls = self.home_urls.setdefault(kind, [])
        if url_name not in urls:
            urls.append(url_name)


registry = Registry()
