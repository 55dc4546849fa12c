"""Periods (day, week, month, quarter, year): their start dates in Python and in SQL.

A period is named by its first day; weeks start on Monday (ISO). The SQL expressions give
the same first day as `trunc` for every row, on SQLite (dates stored as ISO text) and on
PostgreSQL (date_trunc).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Integer, cast, func, type_coerce
from sqlalchemy.sql.elements import ColumnElement

PERIODS = ("day", "week", "month", "quarter", "year")
PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
MAX_PERIODS = 1000


def trunc(day: date, period: str) -> date:
    """The first day of the period that contains `day`."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def shift(start: date, period: str, count: int) -> date:
    """The first day of the period `count` periods after (or before) the one at `start`."""
    if period == "day":
        return start + timedelta(days=count)
    if period == "week":
        return start + timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12}[period] * count
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def starts(first: date, last: date, period: str) -> list[date]:
    """First days of every period from the one holding `first` to the one holding `last`."""
    current, end, found = trunc(first, period), trunc(last, period), []
    while current <= end:
        found.append(current)
        current = shift(current, period, 1)
    return found


def count(first: date, last: date, period: str) -> int:
    """How many periods `starts` would give, without building them."""
    a, b = trunc(first, period), trunc(last, period)
    if period in ("day", "week"):
        return (b - a).days // (1 if period == "day" else 7) + 1
    months = (b.year - a.year) * 12 + b.month - a.month
    return months // {"month": 1, "quarter": 3, "year": 12}[period] + 1


def last_day(start: date, period: str) -> date:
    return shift(start, period, 1) - timedelta(days=1)


def sql_trunc(column: Any, period: str, dialect: str) -> ColumnElement[date]:
    """The first day of each row's period, as a date, in the backend's own SQL."""
    if period == "day":
        return column
    if dialect == "postgresql":
        return cast(func.date_trunc(period, column), Date)
    if period == "week":
        # 'weekday 0' moves to the next Sunday (or stays on one); six days back is Monday.
        expression = func.date(column, "weekday 0", "-6 days")
    elif period == "month":
        expression = func.strftime("%Y-%m-01", column)
    elif period == "year":
        expression = func.strftime("%Y-01-01", column)
    else:  # quarter: 'YYYY-' and the quarter's first month (1, 4, 7, 10)
        month = cast(func.strftime("%m", column), Integer)
        first_month = (month + 2) // 3 * 3 - 2
        expression = func.printf("%s-%02d-01", func.strftime("%Y", column), first_month)
    return type_coerce(expression, Date)
