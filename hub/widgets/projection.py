"""Keep the typed projections in step with the store, in the same transaction.

`project` is the store's hook: for a batch of written records of one entity it deletes the
records' old rows in bulk and inserts their new rows with one executemany per table,
straight through the driver (SQLAlchemy's per-row parameter work would cost more than the
insert). Journal lines and approved invoice lines also move their running totals
(`journal_days`, `sales_months`: summaries.py) by the difference, so balances and monthly
sales never rescan lines. `rebuild` recomputes everything from `records`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from hub.models import Record
from hub.widgets import summaries
from hub.widgets.codec import codec_for
from hub.widgets.projectors import COLUMNS, PROJECTORS
from hub.widgets.summaries import SUMMARIES

CHUNK = 500  # ids per IN (...): well under every backend's bound-parameter limit

# One written record: (record id, its data or None for a tombstone, created by this write).
Change = tuple[str, dict[str, Any] | None, bool]


def project(session: Session, org_id: str, entity: str, changes: Sequence[Change]) -> None:
    """Replace the projection rows of the changed records of one entity."""
    spec = PROJECTORS.get(entity)
    if spec is None or not changes:
        return
    build, tables = spec
    if len({change[0] for change in changes}) < len(changes):
        changes = _last_of_each(changes)
    conn = session.connection()
    codec = codec_for(conn.dialect.name)
    kept = [SUMMARIES[name] for name in tables if name in SUMMARIES]
    totals: dict[str, summaries.Totals] = {summary.table: {} for summary in kept}
    stale = [record_id for record_id, _, created in changes if not created]
    for start in range(0, len(stale), CHUNK):
        chunk = stale[start : start + CHUNK]
        for summary in kept:
            summaries.subtract_old(conn, summary, chunk, totals[summary.table])
        for name in tables:
            marks = ", ".join([codec.placeholder] * len(chunk))
            conn.exec_driver_sql(f"DELETE FROM {name} WHERE record_id IN ({marks})", tuple(chunk))
    fresh: dict[str, list[tuple[Any, ...]]] = {}
    for record_id, data, _ in changes:
        if data is not None:
            for name, rows in build(codec, org_id, record_id, data).items():
                fresh.setdefault(name, []).extend(rows)
    for name, rows in fresh.items():
        insert_rows(conn, name, rows)
    for summary in kept:
        summaries.add_new(codec, summary, fresh.get(summary.source, ()), totals[summary.table])
        summaries.apply(conn, summary, totals[summary.table])


def insert_rows(conn: Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
    """One executemany of rows in `COLUMNS[table]` order, values in storage form."""
    if rows:
        conn.exec_driver_sql(_insert_sql(conn.dialect.name, table), rows)


@cache
def _insert_sql(dialect: str, table: str) -> str:
    codec = codec_for(dialect)
    columns = ", ".join(f'"{name}"' for name in COLUMNS[table])
    marks = ", ".join([codec.placeholder] * len(COLUMNS[table]))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def _last_of_each(changes: Sequence[Change]) -> list[Change]:
    """A record written twice in one batch: its last data, and 'created' only if never old."""
    last: dict[str, Change] = {}
    for record_id, data, created in changes:
        before = last.get(record_id)
        last[record_id] = (record_id, data, created and (before is None or before[2]))
    return list(last.values())


def rebuild_summaries(session: Session, org_id: str) -> None:
    """Recompute one organization's running totals from its projection rows."""
    conn = session.connection()
    for summary in SUMMARIES.values():
        conn.execute(text(f"DELETE FROM {summary.table} WHERE org_id = :org"), {"org": org_id})
        conn.execute(text(summaries.rebuild_sql(summary, conn.dialect.name)), {"org": org_id})


def rebuild(session: Session, org_ids: Iterable[str] | None = None, batch: int = 1000) -> int:
    """Rebuild the projections of some organizations (all when None) from their records."""
    if org_ids is None:
        org_ids = list(session.scalars(select(Record.org_id).distinct()))
    count = 0
    conn = session.connection()
    for org_id in org_ids:
        for name in (*COLUMNS, *(summary.table for summary in SUMMARIES.values())):
            conn.exec_driver_sql(
                f"DELETE FROM {name} WHERE org_id = {codec_for(conn.dialect.name).placeholder}",
                (org_id,),
            )
        for entity in PROJECTORS:
            after = ""
            while True:  # keyset pages: no cursor stays open while rows are written
                page = session.execute(
                    select(Record.id, Record.data)
                    .where(
                        Record.org_id == org_id,
                        Record.entity == entity,
                        Record.deleted.is_(False),
                        Record.id > after,
                    )
                    .order_by(Record.id)
                    .limit(batch)
                ).all()
                if not page:
                    break
                project(session, org_id, entity, [(rid, data, True) for rid, data in page])
                count += len(page)
                after = page[-1][0]
    return count
