"""Extension points so that lower apps can show what higher apps add, without importing them.

Apps register in their AppConfig.ready():
- navigation entries (the menu), shown to actors for whom `visible(actor)` is true;
- sections: a part of a page that another app renders, loaded with htmx from that app's own URL.
  Slots and the URL arguments their sections receive:
    "trajectory"  the trajectory page of a professional   kwargs: trajectory_id (public UUID)
    "portal"      the parents' portal, per trajectory      kwargs: trajectory_id (public UUID)
    "worklist"    the professional's home/worklist page    kwargs: none
- caseload annotations: functions (queryset, actor) -> queryset adding columns such as `next_step`;
- home pages per actor kind (the first URL that resolves wins);
- worklist sources: sections of the professional's worklist (page and API) that another app fills, read
  in the worklist's own request with a fixed number of queries. Which sections a professional's home page
  shows depends on the kind of their active organisation (pathways/data/home-v1.json).
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


@dataclass(frozen=True)
class WorklistSource:
    """A worklist section another app fills.

    rows(actor, today, limit) -> (rows, more): at most `limit` rows, in one query. Each row has a
    `trajectory` with pk, public_id, family_id, name, due_date and birth_date (the access log records it);
    page_row(row) -> dict with url, name, title, detail (what the page prints); api_row(row) -> dict of extra
    fields for the API row.
    """

    key: str
    label: Any
    rows: Callable[[Any, Any, int], tuple[list, bool]]
    page_row: Callable[[Any], dict]
    api_row: Callable[[Any], dict]
    order: int = 100


@dataclass
class Registry:
    navigation: list[NavEntry] = field(default_factory=list)
    sections: dict[str, list[Section]] = field(default_factory=lambda: {slot: [] for slot in SLOTS})
    caseload_annotations: list[Callable[[Any, Any], Any]] = field(default_factory=list)
    home_urls: dict[str, list[str]] = field(default_factory=dict)
    worklist_sources: list[WorklistSource] = field(default_factory=list)

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

    def add_worklist_source(self, source: WorklistSource) -> None:
        if source.key not in {s.key for s in self.worklist_sources}:
            self.worklist_sources.append(source)
            self.worklist_sources.sort(key=lambda s: s.order)

    def add_home(self, kind: str, url_name: str) -> None:
        urls = self.home_urls.setdefault(kind, [])
        if url_name not in urls:
            urls.append(url_name)


registry = Registry()
