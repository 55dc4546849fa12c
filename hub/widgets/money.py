"""Currency conversion through the exchange rates each organization keeps.

An amount in currency C dated D is converted to the reporting currency T with the
organization's latest C->T rate dated on or before D (or the inverse of a T->C rate). A
missing rate is an error naming the pair and the date, never a silent zero.

Widget queries group by organization, currency and `fx`, an SQL expression (`fx_column`)
giving the date of the rate each row needs: NULL when no conversion is needed, else the
rate's own date when the organization keeps few rates in the range (so rows sharing a rate
share a group), else the row's date. The conversion then runs over those groups only.
Amounts without a currency (journals, documents without one) are in the organization's
base currency (its company record's `base_currency`), or in the reporting currency when
the organization has none.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Date, and_, case, literal, null, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hub.models.widgets import ExchangeRate
from hub.widgets.errors import WidgetError

ZERO = Decimal(0)
CENT = Decimal("0.01")
MAX_RATE_DATES = 100  # per pair in a range; beyond that rows group by their own date


class MissingRate(WidgetError):
    def __init__(self, org_id: str, source: str, target: str, day: date | None) -> None:
        when = f"on or before {day.isoformat()}" if day else "for an amount without a date"
        super().__init__(
            "currency",
            f"No exchange rate from {source} to {target} {when} in organization {org_id}: "
            f"add one (PUT /api/v1/orgs/{org_id}/exchange-rates).",
        )
        self.org_id, self.source, self.target, self.day = org_id, source, target, day


class MixedCurrencies(WidgetError):
    def __init__(self, currencies: Iterable[str]) -> None:
        listed = ", ".join(sorted(currencies))
        super().__init__(
            "currency", f"The figures are in several currencies ({listed}): choose a currency."
        )


# The fx column when nothing converts: selected as NULL, never grouped by (PostgreSQL
# refuses a constant in GROUP BY).
NO_FX = type_coerce(null(), Date)


def grouping(*columns: Any) -> list[Any]:
    """GROUP BY columns, less the constant fx column."""
    return [c for c in columns if c is not NO_FX and getattr(c, "element", None) is not NO_FX]


def cents(value: Decimal | None) -> str | None:
    """Money as the API shows it: a string with two places."""
    if value is None:
        return None
    rounded = value.quantize(CENT, ROUND_HALF_UP)
    return str(rounded if rounded else abs(rounded))  # never "-0.00"


class Converter:
    """The selected organizations' rates into one reporting currency (or none yet)."""

    def __init__(self, session: Session, bases: dict[str, str | None], target: str | None) -> None:
        self.bases, self.target = bases, target
        self.only: str | None = None  # with no target: the one currency seen
        self._factors: dict[tuple[Any, ...], Decimal | None] = {}
        self.rates: dict[tuple[str, str], tuple[list[date], list[Decimal]]] = {}
        if target is None:
            return
        table = ExchangeRate.__table__
        rows = session.execute(
            select(table.c.org_id, table.c.from_currency, table.c.to_currency, table.c.date)
            .add_columns(table.c.rate)
            .where(
                table.c.org_id.in_(list(bases)),
                or_(table.c.to_currency == target, table.c.from_currency == target),
            )
            .order_by(table.c.date)
        )
        found: dict[tuple[str, str], dict[date, Decimal]] = {}
        for org_id, source, dest, day, rate in rows:
            if dest == target:
                found.setdefault((org_id, source), {})[day] = rate  # a direct rate wins
            else:
                found.setdefault((org_id, dest), {}).setdefault(day, 1 / rate)
        for pair, by_day in found.items():
            days = sorted(by_day)
            self.rates[pair] = (days, [by_day[d] for d in days])

    @property
    def currency(self) -> str | None:
        """The currency the converted figures are in."""
        return self.target or self.only

    def fx_column(
        self, org_col: Any, currency_col: Any | None, date_col: Any, start: date | None, end: date
    ) -> ColumnElement[Any]:
        """Each row's rate date (see the module docstring); NULL when none is needed."""
        target = self.target
        if target is None:
            return NO_FX
        at_home = [o for o, base in self.bases.items() if base in (None, target)]
        whens: list[Any] = []
        if currency_col is not None:
            whens.append((currency_col == target, null()))
        if at_home:  # amounts without a currency, in organizations that report in `target`
            home = org_col.in_(at_home)
            whens.append(
                (home if currency_col is None else and_(currency_col.is_(None), home), null())
            )
        for (org_id, source), (days, _) in self.rates.items():
            base = self.bases.get(org_id)
            if currency_col is None:
                if source != base:
                    continue
                in_currency: Any = org_col == org_id
            else:
                same = currency_col == source
                if source == base:
                    same = or_(same, currency_col.is_(None))
                in_currency = and_(org_col == org_id, same)
            wanted = [d for d in days if d <= end and (start is None or d > start)]
            floor = bisect.bisect_right(days, start) - 1 if start is not None else -1
            if floor >= 0:
                wanted.insert(0, days[floor])
            if len(wanted) > MAX_RATE_DATES:
                continue  # these rows group by their own date (the ELSE below)
            for day in reversed(wanted):
                whens.append((and_(in_currency, date_col >= day), literal(day, Date)))
        if not whens:
            return type_coerce(date_col, Date)
        return type_coerce(case(*whens, else_=date_col), Date)

    def month_aligned(self, start: date, end: date) -> bool:
        """No rate in the range takes effect after the first day of a month."""
        return all(
            day.day == 1 or not start < day <= end
            for days, _ in self.rates.values()
            for day in days
        )

    def currency_of(self, org_id: str, currency: str | None) -> str | None:
        return currency or self.bases.get(org_id) or self.target

    def rate(self, org_id: str, source: str, day: date | None) -> Decimal:
        days, values = self.rates.get((org_id, source), ((), ()))
        index = bisect.bisect_right(days, day) - 1 if day is not None else -1
        if index < 0:
            raise MissingRate(org_id, source, str(self.target), day)
        return values[index]

    def factor(self, org_id: str, currency: str | None, fx: date | None) -> Decimal | None:
        """The rate a group's amounts are multiplied by; None when they stay as they are."""
        key = (org_id, currency, fx)
        try:
            return self._factors[key]
        except KeyError:
            pass
        source = self.currency_of(org_id, currency)
        if self.target is None:
            if source is not None and self.only not in (None, source):
                raise MixedCurrencies({self.only or "", source})
            self.only = self.only or source
            found = None
        elif source is None or source == self.target:
            found = None
        else:
            found = self.rate(org_id, source, fx)
        self._factors[key] = found
        return found

    def check(self, keys: Iterable[tuple[str, str | None, date | None]]) -> None:
        """Before converting groups: refuse the earliest missing rate, or mixed currencies."""
        distinct = set(keys)
        try:
            for key in distinct:
                self.factor(*key)
        except MissingRate:
            missing = []
            for org_id, currency, fx in distinct:
                source = self.currency_of(org_id, currency)
                try:
                    self.factor(org_id, currency, fx)
                except MissingRate:
                    missing.append((fx or date.min, str(source), org_id))
            day, source, org_id = min(missing)
            raise MissingRate(
                org_id, source, str(self.target), None if day == date.min else day
            ) from None

    def convert(self, org_id: str, currency: str | None, fx: date | None, amount: Any) -> Decimal:
        if amount is None:
            return ZERO
        rate = self.factor(org_id, currency, fx)
        return amount if rate is None else amount * rate

    def fold(self, rows: Iterable[Any], width: int) -> dict[tuple[Any, ...], list[Decimal]]:
        """Rows of (org_id, currency, fx, *keys, *`width` amounts) -> converted sums per keys."""
        rows = list(rows)
        self.check((r[0], r[1], r[2]) for r in rows)
        totals: dict[tuple[Any, ...], list[Decimal]] = {}
        factors, cut = self._factors, -width
        for row in rows:
            key = tuple(row[3:cut])
            sums = totals.get(key)
            if sums is None:
                sums = totals[key] = [ZERO] * width
            rate = factors[(row[0], row[1], row[2])]
            for i, amount in enumerate(row[cut:]):
                if amount is not None:
                    sums[i] += amount if rate is None else amount * rate
        return totals
