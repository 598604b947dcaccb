"""Pure plan arithmetic: which template items apply to a trajectory, and their windows in dates."""

import datetime as dt
from calendar import monthrange

# A pregnancy lasts 280 days (40+0 weeks) from the first day of the last period to the due date.
TERM_DAYS = 280


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def ga_date(due_date: dt.date, weeks: int) -> dt.date:
    """The day the pregnancy reaches `weeks`+0 days."""
    return due_date - dt.timedelta(days=TERM_DAYS - 7 * weeks)


def _offset(anchor_day: dt.date, unit: str, value: int) -> dt.date:
    if unit == "ga_weeks":
        return ga_date(anchor_day, value)
    if unit == "hours":
        return anchor_day + dt.timedelta(days=value // 24)
    if unit == "days":
        return anchor_day + dt.timedelta(days=value)
    if unit == "weeks":
        return anchor_day + dt.timedelta(weeks=value)
    if unit == "months":
        return add_months(anchor_day, value)
    raise ValueError(unit)


def window(item, *, due_date: dt.date, birth_date: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The item's window for a trajectory, or None when its anchor is not known yet (no birth)."""
    anchor_day = due_date if item.anchor == "due_date" else birth_date
    if anchor_day is None:
        return None
    return _offset(anchor_day, item.unit, item.start), _offset(anchor_day, item.unit, item.end)


def applies(item, *, parity: str, risk_level: str, plurality: int, nicu: bool, born: bool) -> bool:
    conditions = item.conditions or {}
    if "parity" in conditions and parity not in conditions["parity"]:
        return False
    if "risk_level" in conditions and risk_level not in conditions["risk_level"]:
        return False
    if "plurality_min" in conditions and plurality < conditions["plurality_min"]:
        return False
    if "nicu" in conditions and bool(nicu) != bool(conditions["nicu"]):
        return False
    # Prenatal items are no longer planned after the birth; a birth-anchored item needs the birth.
    return not (item.anchor == "due_date" and born) and not (item.anchor == "birth" and not born)


def phase_of(item, window_start: dt.date, birth_date: dt.date | None) -> str:
    if item.anchor == "due_date":
        return "prenatal"
    if birth_date is not None and (window_start - birth_date).days < 42:
        return "postnatal"
    return "infancy"
