"""Running totals over projection rows: journal lines per account and day, sales per month.

A summary is kept by difference: the rows a write removes are subtracted, the rows it adds
are added, with one upsert per batch, and keys left with no row are deleted. Values are in
the backend's storage form throughout (see codec.py), so nothing is converted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection

from hub.widgets.codec import Codec, codec_for
from hub.widgets.projectors import COLUMNS

Row = tuple[Any, ...]
APPROVED = frozenset({"AUTHORISED", "PAID"})


@dataclass(frozen=True)
class Summary:
    """A table of sums of `source` rows, per key; `pick` maps a source row to key + values."""

    table: str
    source: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    pick: Callable[[Codec, Row], tuple[Row, Row] | None]


def _journal_day(codec: Codec, row: Row) -> tuple[Row, Row] | None:
    # record_id line_no org_id source date account_id amount
    return (row[2], row[5], row[3], str(row[4])), (codec.summable(row[6]),)


def _sales_month(codec: Codec, row: Row) -> tuple[Row, Row] | None:
    # record_id line_no org_id kind type status issue_date currency item_id account_id
    # quantity net_amount tax_amount
    if row[3] != "invoice" or row[5] not in APPROVED or row[8] is None or row[6] is None:
        return None
    month = str(row[6])[:7] + "-01"
    values = (codec.summable(row[10]), codec.summable(row[11]), codec.summable(row[12]))
    return (row[2], row[4], row[8], month, row[7] or ""), values


SUMMARIES = {
    "journal_lines": Summary(
        "journal_days",
        "journal_lines",
        ("org_id", "account_id", "source", "date"),
        ("amount",),
        _journal_day,
    ),
    "invoice_lines": Summary(
        "sales_months",
        "invoice_lines",
        ("org_id", "type", "item_id", "month", "currency"),
        ("quantity", "net_amount", "tax_amount"),
        _sales_month,
    ),
}
Totals = dict[Row, list[Any]]


def subtract_old(
    conn: Connection, summary: Summary, record_ids: Sequence[str], totals: Totals
) -> None:
    """Take the source rows of these records (about to be replaced) off the totals."""
    codec = codec_for(conn.dialect.name)
    marks = ", ".join([codec.placeholder] * len(record_ids))
    columns = ", ".join(f'"{c}"' for c in COLUMNS[summary.source])
    rows = conn.exec_driver_sql(
        f"SELECT {columns} FROM {summary.source} WHERE record_id IN ({marks})", tuple(record_ids)
    )
    _add(codec, summary, rows, totals, -1)


def add_new(codec: Codec, summary: Summary, rows: Iterable[Row], totals: Totals) -> None:
    _add(codec, summary, rows, totals, 1)


def _add(codec: Codec, summary: Summary, rows: Iterable[Row], totals: Totals, sign: int) -> None:
    width, pick, get = len(summary.values), summary.pick, totals.get
    for row in rows:
        picked = pick(codec, row)
        if picked is None:
            continue
        key, values = picked
        total = get(key)
        if total is None:
            total = totals[key] = [0] * (width + 1)
        for i, value in enumerate(values):
            total[i] += value if sign > 0 else -value
        total[width] += sign


def apply(conn: Connection, summary: Summary, totals: Totals) -> None:
    """Add the differences (an upsert), dropping keys left with no row."""
    moves = [(*key, *sums) for key, sums in sorted(totals.items()) if any(sums)]
    if not moves:  # sorted: every writer takes row locks in one order, so none deadlock
        return
    conn.exec_driver_sql(_upsert_sql(conn.dialect.name, summary), moves)
    width = len(summary.keys)
    emptied = [move[:width] for move in moves if move[-1] < 0]
    if emptied:
        mark = codec_for(conn.dialect.name).placeholder
        match = " AND ".join(f"{k} = {mark}" for k in summary.keys)
        conn.exec_driver_sql(f"DELETE FROM {summary.table} WHERE {match} AND lines <= 0", emptied)


@cache
def _upsert_sql(dialect: str, summary: Summary) -> str:
    mark = codec_for(dialect).placeholder
    columns = (*summary.keys, *summary.values, "lines")
    added = ", ".join(
        f"{c} = {summary.table}.{c} + excluded.{c}" for c in columns[len(summary.keys) :]
    )
    return (
        f"INSERT INTO {summary.table} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))}) "
        f"ON CONFLICT ({', '.join(summary.keys)}) DO UPDATE SET {added}"
    )


def rebuild_sql(summary: Summary, dialect: str) -> str | None:
    """One INSERT ... SELECT recomputing a summary for one organization (:org)."""
    if summary.table == "journal_days":
        return (
            "INSERT INTO journal_days (org_id, account_id, source, date, amount, lines) "
            "SELECT org_id, account_id, source, date, SUM(amount), COUNT(*) FROM journal_lines "
            "WHERE org_id = :org GROUP BY org_id, account_id, source, date"
        )
    month = (
        "substr(issue_date, 1, 7) || '-01'"
        if dialect == "sqlite"
        else "CAST(date_trunc('month', issue_date) AS DATE)"
    )
    return (
        "INSERT INTO sales_months (org_id, type, item_id, month, currency, quantity, "
        "net_amount, tax_amount, lines) "
        f"SELECT org_id, type, item_id, {month}, COALESCE(currency, ''), "
        "SUM(COALESCE(quantity, 0)), SUM(COALESCE(net_amount, 0)), "
        "SUM(COALESCE(tax_amount, 0)), COUNT(*) FROM invoice_lines "
        "WHERE org_id = :org AND kind = 'invoice' AND status IN ('AUTHORISED', 'PAID') "
        "AND item_id IS NOT NULL AND issue_date IS NOT NULL "
        f"GROUP BY org_id, type, item_id, {month}, COALESCE(currency, '')"
    )
