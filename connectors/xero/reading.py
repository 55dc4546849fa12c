"""Reading Xero incrementally: exact under ties, concurrent edits and deletions.

Paged resources (Contacts, Invoices, CreditNotes, PurchaseOrders, Payments) are read with
If-Modified-Since, oldest change first. The cursor is `{"since", "page", "seen"}`. After a
full page the next request moves `since` up to just before the page's last timestamp (a
second earlier: Xero compares to the second) and starts again at page 1, so records edited
meanwhile, which move to the end, cannot slip past the reader. Records read at or after
`since` are kept in `seen` with their stamp and not handed out again unless they change;
when a whole page shares one second, `since` cannot move and the next page number is read
instead. Nothing is skipped and, once read, nothing is handed out twice.

Unpaged resources (Items, Accounts, TaxRates, TrackingCategories, the Organisation) come
whole in one call either way, so they are read whole: the cursor keeps a digest per record,
only changed records are handed out, and a record missing from the list was deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import values
from .client import XeroClient

PAGE_SIZE = 100  # Xero's page size; a shorter page is the last
JOURNAL_PAGE = 100  # Journals come at most 100 a call
MARGIN = timedelta(seconds=1)

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Listing:
    """How one Xero resource lists its records."""

    path: str
    plural: str
    id_field: str
    paged: bool = True
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Batch:
    """Rows to hand out, ids that are gone from Xero, and the cursor after them."""

    rows: Rows
    cursor: Any
    gone: list[str] = field(default_factory=list)


def read(client: XeroClient, spec: Listing, cursor: Any) -> Iterator[Batch]:
    if spec.paged:
        yield from _read_pages(client, spec, cursor)
    else:
        yield _read_whole(client, spec, cursor)


def _stamp(row: Mapping[str, Any]) -> datetime | None:
    return values.parse_instant(row.get("UpdatedDateUTC"))


def _read_pages(client: XeroClient, spec: Listing, cursor: Any) -> Iterator[Batch]:
    state = dict(cursor or {})
    since = values.parse_instant(state.get("since"))
    page = int(state.get("page") or 1)
    seen: dict[str, str] = dict(state.get("seen") or {})
    while True:
        params = {**spec.params, "page": str(page), "order": "UpdatedDateUTC ASC"}
        headers = {"If-Modified-Since": values.if_modified_since(since)} if since else {}
        rows = list(client.get(spec.path, params, headers)[spec.plural])
        fresh = [r for r in rows if seen.get(r[spec.id_field]) != r.get("UpdatedDateUTC")]
        seen.update((r[spec.id_field], r.get("UpdatedDateUTC")) for r in rows)
        stamps = [s for s in map(_stamp, rows) if s is not None]
        full = len(rows) >= PAGE_SIZE
        moved = since
        if stamps and (since is None or max(stamps) - MARGIN > since):
            moved = max(stamps) - MARGIN
        if full and moved == since:
            page += 1  # a page of ties: the same query, one page further
        else:
            since, page = moved, 1
        seen = _keep(seen, since)
        yield Batch(
            fresh, {"since": since.isoformat() if since else None, "page": page, "seen": seen}
        )
        if not full:
            return


def _keep(seen: dict[str, str], since: datetime | None) -> dict[str, str]:
    """Only stamps Xero can still send again (at or after `since`) are worth remembering."""
    if since is None:
        return {}
    kept = {}
    for record_id, stamp in seen.items():
        moment = values.parse_instant(stamp)
        if moment is not None and moment >= since:
            kept[record_id] = stamp
    return kept


def _read_whole(client: XeroClient, spec: Listing, cursor: Any) -> Batch:
    rows = list(client.get(spec.path, spec.params)[spec.plural])
    before: dict[str, str] = dict((cursor or {}).get("digests") or {})
    digests = {str(row[spec.id_field]): _digest(row) for row in rows}
    fresh = [row for row in rows if before.get(str(row[spec.id_field])) != _digest(row)]
    gone = sorted(set(before) - set(digests))
    return Batch(fresh, {"digests": digests}, gone)


def _digest(row: Mapping[str, Any]) -> str:
    text = json.dumps(row, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def read_journals(client: XeroClient, cursor: Any) -> Iterator[Batch]:
    """The general ledger by JournalNumber offset: `{"offset": last JournalNumber read}`."""
    offset = int((cursor or {}).get("offset") or 0)
    while True:
        rows = list(client.get("/Journals", {"offset": str(offset)})["Journals"])
        if rows:
            offset = max(int(r["JournalNumber"]) for r in rows)
        yield Batch(rows, {"offset": offset})
        if len(rows) < JOURNAL_PAGE:
            return
