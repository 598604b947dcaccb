"""Item status seen from a day: planned, due (window open), overdue (window closed, not done), missed
(closed more than `missed_after_days` ago, rules.json), done, cancelled, before_enrolment."""

import datetime as dt

from .rules import missed_before


def display_status(stored: str, window_start: dt.date, window_end: dt.date, day: dt.date) -> str:
    if stored != "planned":
        return stored
    if window_end < missed_before(day):
        return "missed"
    if day > window_end:
        return "overdue"
    if day >= window_start:
        return "due"
    return "planned"
