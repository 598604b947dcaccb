"""Item status seen from a day: planned, due (window open), overdue (window closed, not done), done,
cancelled."""

import datetime as dt


def display_status(stored: str, window_start: dt.date, window_end: dt.date, day: dt.date) -> str:
    if stored != "planned":
        return stored
    if day > window_end:
        return "overdue"
    if day >= window_start:
        return "due"
    return "planned"
