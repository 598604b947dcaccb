"""Periods in the URL: a calendar year "2026", a quarter "2026-Q1" or a month "2026-03".

Only periods as the calendar has them: they never overlap partly, so two periods differ by whole months,
quarters or years, which are themselves figures of the same release (ADR 0011). A range of months such
as "2025-02:2026-01" is refused: two overlapping ranges give away the month in which they differ.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wieg.core.errors import InvalidInput

YEAR = re.compile(r"^(\d{4})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date  # inclusive
    kind: str = "year"  # "year" | "quarter" | "month"

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def node(self) -> str:
        """The period within its year: "Y", "Q1".."Q4" or "01".."12"."""
        if self.kind == "year":
            return "Y"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.month:02d}"

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


def year_period(year: int) -> Period:
    return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def default_period(today: dt.date | None = None) -> Period:
    """This calendar year."""
    today = today or timezone.localdate()
    return year_period(today.year)


def _invalid() -> InvalidInput:
    return InvalidInput(
        _("Onbekende periode: gebruik een jaar (2026), een kwartaal (2026-Q1) of een maand (2026-03)."),
        field="period",
    )


def parse_period(text: str | None, today: dt.date | None = None) -> Period:
    if not text:
        return default_period(today)
    text = text.strip()
    try:
        if match := YEAR.match(text):
            period = year_period(int(match.group(1)))
        elif match := QUARTER.match(text):
            first = dt.date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)
            period = Period(text, first, _month_end(_add_months(first, 2)), "quarter")
        elif match := MONTH.match(text):
            if not 1 <= int(match.group(2)) <= 12:
                raise ValueError(text)
            first = dt.date(int(match.group(1)), int(match.group(2)), 1)
            period = Period(text, first, _month_end(first), "month")
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise _invalid() from exc
    if period.start.year < 2000:
        raise _invalid()
    return period
