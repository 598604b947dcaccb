"""Periods in the URL: "2026", "2026-Q1", "2026-03" or a range of months "2025-12:2026-05"."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.errors import InvalidInput

YEAR = re.compile(r"^(\d{4})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}):(\d{4}-\d{2})$")
MAX_MONTHS = 120


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date  # inclusive

    def months(self) -> list[str]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(f"{day:%Y-%m}")
            day = _add_months(day, 1)
        return months


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(first: dt.date) -> dt.date:
    return _add_months(first, 1) - dt.timedelta(days=1)


def _month(text: str) -> dt.date:
    match = MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(text)
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def default_period(today: dt.date | None = None) -> Period:
    """The last twelve months, this month included."""
    today = today or timezone.localdate()
    last = today.replace(day=1)
    first = _add_months(last, -11)
    return Period(f"{first:%Y-%m}:{last:%Y-%m}", first, _month_end(last))


def parse_period(text: str | None, today: dt.date | None = None) -> Period:
    if not text:
        return default_period(today)
    text = text.strip()
    try:
        if match := YEAR.match(text):
            year = int(match.group(1))
            period = Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        elif match := QUARTER.match(text):
            first = dt.date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)
            period = Period(text, first, _month_end(_add_months(first, 2)))
        elif MONTH.match(text):
            first = _month(text)
            period = Period(text, first, _month_end(first))
        elif match := RANGE.match(text):
            first, last = _month(match.group(1)), _month(match.group(2))
            if last < first or len(Period(text, first, last).months()) > MAX_MONTHS:
                raise ValueError(text)
            period = Period(text, first, _month_end(last))
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise InvalidInput(
            _("Onbekende periode: gebruik 2026, 2026-Q1, 2026-03 of 2025-12:2026-05."), field="period"
        ) from exc
    if period.start.year < 2000:
        raise InvalidInput(
            _("Onbekende periode: gebruik 2026, 2026-Q1, 2026-03 of 2025-12:2026-05."), field="period"
        )
    return period
