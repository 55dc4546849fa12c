"""What a widget computes against: the organizations, their company facts, the converter.

The caller (API or console) has already checked that the organizations may be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, literal, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hub.models import Record
from hub.models.widgets import JournalDay
from hub.widgets import periods
from hub.widgets.money import Converter

CHUNK = 500
DEFAULT_YEAR_END = (31, 12)  # day, month: a calendar financial year


@dataclass
class Query:
    """One widget request: organizations, parameters and their derived facts."""

    session: Session
    org_ids: list[str]
    args: dict[str, Any]
    bases: dict[str, str | None]  # base currency per organization
    year_ends: dict[str, tuple[int, int]]  # (day, month) per organization
    converter: Converter

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    @property
    def start(self) -> date:
        return self.args["from_"]

    @property
    def end(self) -> date:
        return self.args["to"]

    @property
    def period(self) -> str:
        return self.args["period"]

    def dates(self) -> list[date]:
        return periods.starts(self.start, self.end, self.period)

    def period_of(self, column: Any) -> ColumnElement[date]:
        return periods.sql_trunc(column, self.period, self.dialect)

    def fx(self, org_col: Any, currency_col: Any | None, date_col: Any, start: Any = ...) -> Any:
        """The rate date column for rows dated from `start` (default: the range's start)."""
        first = self.start if start is ... else start
        return self.converter.fx_column(org_col, currency_col, date_col, first, self.end)

    def year_start(self, org_id: str, day: date) -> date:
        """First day of the financial year holding `day` for one organization."""
        end_day, end_month = self.year_ends.get(org_id, DEFAULT_YEAR_END)
        end = _clamped(day.year, end_month, end_day)
        if end >= day:
            end = _clamped(day.year - 1, end_month, end_day)
        return end + timedelta(days=1)

    def per_org(self, org_col: Any, values: dict[str, Any], type_: Any) -> Any:
        """A value that depends on the organization, as an SQL expression."""
        if len(set(values.values())) == 1:
            return literal(next(iter(values.values())), type_)
        return case(*[(org_col == o, literal(v, type_)) for o, v in values.items()])

    def ledger_sources(self, org_col: Any, source_col: Any) -> Any:
        """Which journals make each organization's ledger.

        An app that keeps a general ledger (Xero) sends it as GENERATED journals, which
        already hold the manual journals posted there; reading MANUAL ones too would count
        them twice. Organizations without a generated ledger are read from their MANUAL
        journals.
        """
        days = JournalDay.__table__
        generated = set()
        for org_id in self.org_ids:
            found = self.session.execute(
                select(days.c.org_id)
                .where(days.c.org_id == org_id, days.c.source == "GENERATED")
                .limit(1)
            ).first()
            if found:
                generated.add(org_id)
        manual = [o for o in self.org_ids if o not in generated]
        parts = []
        if generated:
            parts.append(and_(org_col.in_(sorted(generated)), source_col == "GENERATED"))
        if manual:
            parts.append(and_(org_col.in_(manual), source_col == "MANUAL"))
        return or_(*parts)


def _clamped(year: int, month: int, day: int) -> date:
    """29 February in a common year is the 28th."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def build_query(session: Session, org_ids: list[str], args: dict[str, Any]) -> Query:
    """Load the organizations' company facts and exchange rates for one request."""
    if session.get_bind().dialect.name == "postgresql":
        # Short aggregates: compiling them with JIT costs more than running them, and
        # their sorts and hashes fit in memory when given a little more than the default.
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    bases: dict[str, str | None] = dict.fromkeys(org_ids)
    year_ends: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(Record.org_id, Record.data).where(
            Record.org_id.in_(org_ids), Record.entity == "company", Record.deleted.is_(False)
        )
    )
    for org_id, data in rows:
        bases[org_id] = data.get("base_currency")
        year_end = data.get("financial_year_end")
        if year_end:
            year_ends[org_id] = (year_end["day"], year_end["month"])
    target = args.get("currency") or bases[org_ids[0]]
    return Query(session, org_ids, args, bases, year_ends, Converter(session, bases, target))


def labels(session: Session, entity: str, ids: list[str], *keys: str) -> dict[str, str]:
    """Display names of a few records (contacts, items) read from their stored data."""
    found: dict[str, str] = {}
    wanted = [i for i in ids if i]
    for start in range(0, len(wanted), CHUNK):
        columns = [Record.data[key].as_string() for key in keys]
        rows = session.execute(
            select(Record.id, *columns).where(
                Record.entity == entity, Record.id.in_(wanted[start : start + CHUNK])
            )
        )
        for record_id, *values in rows:
            found[record_id] = next((v for v in values if v), "")
    return found
