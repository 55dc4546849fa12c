"""Canonical upsert throughput against a raw SQLAlchemy Core insert of the same rows.

Upserts 20,000 contacts and 20,000 invoices of 5 lines through the store (hash, version,
change feed, unchanged detection), then inserts the same rows with Core executemany into
an identical fresh database, and prints records/s for both and their ratio (target >= 0.5).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_sqlite, table, timed  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from hub.accounts import create_org  # noqa: E402
from hub.ids import new_id  # noqa: E402
from hub.models import Record, utcnow  # noqa: E402
from hub.store import Store, content_hash  # noqa: E402
from schema.samples import sample  # noqa: E402

BATCH = 1000


def make_rows(count: int) -> dict[str, list[dict[str, Any]]]:
    contacts = [sample("contacts", {}) for _ in range(count)]
    refs = {
        e: new_id() for e in ("contacts", "items", "tax_codes", "accounts", "tracking_categories")
    }
    invoices = []
    for _ in range(count):
        invoice = sample("invoices", refs)
        line = invoice["lines"][0]
        invoice["lines"] = [
            dict(line, description=f"{line.get('description')} #{i}") for i in range(5)
        ]
        invoices.append(invoice)
    return {"contacts": contacts, "invoices": invoices}


def through_store(data: dict[str, list[dict[str, Any]]]) -> tuple[int, float]:
    with fresh_sqlite("store") as database:
        with database.session() as session:
            org_id = create_org(session, "Bench").id

        def run() -> int:
            written = 0
            for entity, rows in data.items():
                for start in range(0, len(rows), BATCH):
                    with database.session() as session:
                        items = [(None, row) for row in rows[start : start + BATCH]]
                        written += len(
                            Store(session, org_id).write_many(entity, items, origin="bench")
                        )
            return written

        seconds, written = timed(run)
    return written, seconds


def through_core(data: dict[str, list[dict[str, Any]]]) -> tuple[int, float]:
    with fresh_sqlite("core") as database:
        with database.session() as session:
            org_id = create_org(session, "Bench").id
        now = utcnow()
        prepared = {
            entity: [
                {
                    "id": new_id(),
                    "org_id": org_id,
                    "entity": entity,
                    "data": row,
                    "version": 1,
                    "hash": content_hash(row),
                    "deleted": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for row in rows
            ]
            for entity, rows in data.items()
        }

        def run() -> int:
            written = 0
            for rows in prepared.values():
                for start in range(0, len(rows), BATCH):
                    with database.engine.begin() as conn:
                        chunk = rows[start : start + BATCH]
                        conn.execute(insert(Record.__table__), chunk)
                        written += len(chunk)
            return written

        seconds, written = timed(run)
    return written, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000, help="contacts and invoices each")
    args = parser.parse_args()
    data = make_rows(args.count)
    core_n, core_s = through_core(data)
    store_n, store_s = through_store(data)
    core_rate, store_rate = core_n / core_s, store_n / store_s
    ratio = store_rate / core_rate
    print(f"bench/store.py: {args.count:,} contacts + {args.count:,} invoices (5 lines), SQLite")
    print(
        table(
            [
                ("path", "records", "seconds", "records/s"),
                ("raw Core insert (baseline)", f"{core_n:,}", f"{core_s:.2f}", f"{core_rate:,.0f}"),
                ("store upsert", f"{store_n:,}", f"{store_s:.2f}", f"{store_rate:,.0f}"),
            ]
        )
    )
    verdict = "PASS" if ratio >= 0.5 else "BELOW TARGET"
    print(f"ratio store/raw: {ratio:.2f} (target >= 0.50) {verdict}")


if __name__ == "__main__":
    main()
