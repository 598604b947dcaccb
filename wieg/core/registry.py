"""Extension points so that lower apps can show what higher apps add, without importing them.

Apps register in their AppConfig.ready():
- navigation entries (the menu), shown to actors for whom `visible(actor)` is true;
- trajectory panels: a section of the trajectory page loaded with htmx from the app's own URL.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class TrajectoryPanel:
    key: str
    label: Any
    url_name: str  # reversed with the trajectory's public_id as `trajectory_id`
    order: int = 100


@dataclass
class Registry:
    navigation: list[NavEntry] = field(default_factory=list)
    trajectory_panels: list[TrajectoryPanel] = field(default_factory=list)
    # Functions (queryset, actor) -> queryset that add columns to the caseload, e.g. the next plan step.
    caseload_annotations: list[Callable[[Any, Any], Any]] = field(default_factory=list)
    # Per actor kind, the URL names to try for the home page (e.g. the worklist for professionals).
    home_urls: dict[str, list[str]] = field(default_factory=dict)

    def add_home(self, kind: str, url_name: str) -> None:
        urls = self.home_urls.setdefault(kind, [])
        if url_name not in urls:
            urls.append(url_name)

    def add_nav(self, entry: NavEntry) -> None:
        if entry.key not in {e.key for e in self.navigation}:
            self.navigation.append(entry)
            self.navigation.sort(key=lambda e: e.order)

    def add_trajectory_panel(self, panel: TrajectoryPanel) -> None:
        if panel.key not in {p.key for p in self.trajectory_panels}:
            self.trajectory_panels.append(panel)
            self.trajectory_panels.sort(key=lambda p: p.order)


registry = Registry()
