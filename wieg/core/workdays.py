"""Belgian working days: weekends and the ten legal public holidays shipped by `belgica`.

belgica ships the holiday rules as data (fixed dates and offsets from Easter) without a lookup
function, so we read its data file and compute the dates here.
"""

import datetime as dt
import json
from functools import cache
from importlib import resources


@cache
def _rules() -> dict:
    with resources.files("belgica").joinpath("data/public-holidays.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[dt.date, dict]:
    """The legal public holidays of a year, with their names in nl/fr/de."""
    data = _rules()
    days: dict[dt.date, dict] = {}
    for holiday in data["holidays"]:
        rule = holiday["rule"]
        if rule["type"] == "fixed":
            day = dt.date(year, rule["month"], rule["day"])
        elif rule["type"] == "easter":
            day = easter_sunday(year) + dt.timedelta(days=rule["daysAfterEaster"])
        else:  # pragma: no cover - a new rule type in a future belgica release
            continue
        days[day] = holiday["name"]
    # A royal decree can move a holiday that coincides with another (Ascension on 1 May 2008).
    for replacement in data.get("replacements", []):
        moved_to = dt.date.fromisoformat(replacement["day"])
        if moved_to.year == year:
            name = next(h["name"] for h in data["holidays"] if h["id"] == replacement["holiday"])
            days[moved_to] = name
    return days


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The day `count` working days after `start` (start itself does not count)."""
    day = start
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    if end <= start:
        return 0
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))
