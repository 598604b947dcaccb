"""My coming appointments as an iCalendar feed. No names or notes: a calendar is read on many devices."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def _initials(person) -> str:
    return "".join(part[:1].upper() + "." for part in (person.given_name, person.family_name) if part)


def calendar_for(items, *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Wieg//pathways//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Wieg")
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", f"{item.public_id}@wieg")
        event.add("dtstamp", stamp)
        event.add("summary", f"{item.title} ({_initials(item.trajectory.pregnant_person)})")
        event.add("dtstart", item.window_start)
        event.add("dtend", item.window_end + dt.timedelta(days=1))  # all-day events end the day after
        url = base_url.rstrip("/") + reverse(
            "care:trajectory_detail", kwargs={"trajectory_id": item.trajectory.public_id}
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
