"""What the worklist page prints of each row: plain values computed once in Python.

The home page shows up to five sections of rows; resolving model attributes, reversing a URL and
formatting dates per cell in the template language cost more than the database does.
"""

from django.urls import reverse

from wieg.care.contact import list_contact

from .selectors import ItemRow, WorklistTrajectory
from .selectors.worklist import ITEM_SECTIONS

# A trajectory's URL: reversed once per page, then filled in per row.
_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _trajectory_urls():
    pattern = reverse("care:trajectory_detail", args=[_PLACEHOLDER])
    return lambda public_id: pattern.replace(_PLACEHOLDER, str(public_id))


def _reach(t: WorklistTrajectory):
    return list_contact(t.phones, t.safe_to_contact, t.language, t.interpreter_needed, t.interpreter_language)


def _item_row(row: ItemRow, url) -> dict:
    item = row.item
    return {
        "id": item.public_id,
        "url": url(row.trajectory.public_id),
        "name": row.trajectory.name,
        "reach": _reach(row.trajectory),
        "title": item.title,
        "window": f"{_date(item.window_start)} – {_date(item.window_end)}",
        "owner": item.owner.display_name if item.owner_id else "",
    }


def _trajectory_row(trajectory: WorklistTrajectory, url) -> dict:
    return {
        "id": trajectory.public_id,
        "url": url(trajectory.public_id),
        "name": trajectory.name,
        "reach": _reach(trajectory),
        "born": _date(trajectory.birth_date),
        "due": _date(trajectory.due_date),
        "last_contact": _date(trajectory.last_contact),
    }


def page_sections(result) -> list[dict]:
    """The worklist's sections in order, each with its rows as plain values."""
    url = _trajectory_urls()
    sections = []
    for name, section in result.sections.items():
        make = _item_row if name in ITEM_SECTIONS else _trajectory_row
        sections.append(
            {
                "name": name,
                "rows": [make(row, url) for row in section["rows"]],
                "more": section["more"],
                "count": section.get("count"),
            }
        )
    return sections
