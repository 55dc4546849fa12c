"""Pay periods of a payroll calendar: which period holds a day, and the one after it.

A calendar's periods are laid out from its first StartDate (kept as `_Anchor`, which never
moves): weekly, fortnightly and four-weekly ones every 7, 14 or 28 days, monthly and
quarterly ones on the anchor's day of the month, twice-monthly ones on the 1st and 16th.
"""

from __future__ import annotations

import calendar as cal
from datetime import date, timedelta

from .store import Record

PERIOD_DAYS = {"WEEKLY": 7, "FORTNIGHTLY": 14, "FOURWEEKLY": 28}
PERIOD_MONTHS = {"MONTHLY": 1, "QUARTERLY": 3}
PER_YEAR = {
    "WEEKLY": 52,
    "FORTNIGHTLY": 26,
    "FOURWEEKLY": 13,
    "MONTHLY": 12,
    "TWICEMONTHLY": 24,
    "QUARTERLY": 4,
}
CALENDAR_TYPES = tuple(PER_YEAR)


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """`day` moved by whole months, on `anchor_day` (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor_day or day.day, last))


def period_of(calendar: Record, day: date) -> tuple[date, date]:
    """The (start, end) of the calendar's pay period that contains `day`."""
    anchor: date = calendar["_Anchor"]
    kind = calendar["CalendarType"]
    if kind in PERIOD_DAYS:
        length = PERIOD_DAYS[kind]
        start = anchor + timedelta(days=(day - anchor).days // length * length)
        return start, start + timedelta(days=length - 1)
    if kind in PERIOD_MONTHS:
        step = PERIOD_MONTHS[kind]
        months = (day.year - anchor.year) * 12 + day.month - anchor.month
        count = months // step
        # The month arithmetic is off by one period when `day` is before the anchor's day.
        while add_months(anchor, count * step, anchor.day) > day:
            count -= 1
        while add_months(anchor, (count + 1) * step, anchor.day) <= day:
            count += 1
        start = add_months(anchor, count * step, anchor.day)
        return start, add_months(anchor, (count + 1) * step, anchor.day) - timedelta(days=1)
    # TWICEMONTHLY: the 1st to the 15th, and the 16th to the month's end.
    if day.day <= 15:
        return day.replace(day=1), day.replace(day=15)
    return day.replace(day=16), day.replace(day=cal.monthrange(day.year, day.month)[1])


def next_start(calendar: Record, start: date) -> date:
    """The first day of the period after the one starting on `start`."""
    return period_of(calendar, start)[1] + timedelta(days=1)


def days(start: date, end: date) -> int:
    """Days from start to end inclusive: the length of a timesheet's NumberOfUnits."""
    return (end - start).days + 1


def advance(calendar: Record) -> None:
    """Move the calendar's StartDate and PaymentDate on by one period (after a posted run)."""
    start: date = calendar["StartDate"]
    following = next_start(calendar, start)
    calendar["PaymentDate"] = calendar["PaymentDate"] + (following - start)
    calendar["StartDate"] = following


def text(day: date) -> str:
    """How dates read in messages (inferred, as the lock-date messages): `4 March 2024`."""
    return f"{day.day} {day.strftime('%B %Y')}"
