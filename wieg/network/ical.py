"""iCalendar (RFC 5545) for activities: one file per activity, one feed for a list. No personal data."""

from django.utils import timezone
from icalendar import Calendar, Event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Wieg//Huizen van het Kind//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _events(activity, sessions, base_url: str):
    place = f"{activity.place_name}, {activity.address}, {activity.postal_code} {activity.municipality.name}"
    for session in sessions:
        event = Event()
        event.add("uid", f"{activity.public_id}-{session.pk}@wieg")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", activity.display_title)
        event.add("description", activity.display_description)
        event.add("location", place)
        event.add("url", f"{base_url}/network/activities/{activity.public_id}/")
        event.add(
            "status", "CANCELLED" if session.cancelled or activity.status == "cancelled" else "CONFIRMED"
        )
        yield event


def activity_calendar(activity, sessions, base_url: str) -> bytes:
    cal = _calendar(activity.display_title)
    for event in _events(activity, sessions, base_url):
        cal.add_component(event)
    return cal.to_ical()


def feed_calendar(name: str, activities, base_url: str) -> bytes:
    cal = _calendar(name)
    for activity in activities:
        for event in _events(activity, activity.upcoming, base_url):
            cal.add_component(event)
    return cal.to_ical()
